// The report hand-off clocks of today's completed booked runs, as the EMR decides them: the server's
// outbox says whether the exam record was acknowledged (GET /api/worklist/handoffs, by run id, asked
// again every 30 s while any is unsettled), and the clock stops at the EMR's acknowledgement, not at
// the tick box. For the worklist and the alarms; summaries only, so it works beside a locked screen.
import { useCallback, useEffect, useState } from 'react';
import type { ScanCardDb } from '../../db/db';
import { bookedRunSummariesSince } from '../../db/runs.queries';
import { handoffByAck, type EmrHandoff } from '../../domain/integration/emr-handoff';
import type { TimerState } from '../../domain/timers/timers';
import { hospitalLink } from '../../sync/hospital-link';
import { startOfDay } from '../format';
import type { Account } from '../services';
import { useIdleQuery } from './use-idle-query';

const EMR_POLL_MS = 30_000;

export type EmrClock = {
  readonly runId: string;
  readonly timer: TimerState;
  readonly handoff: EmrHandoff;
  readonly scanner: string;
  readonly sop: { readonly id: string; readonly version: number };
};

/** `account`: the signed-in user's (none while locked: the clocks keep what was last known). */
export function useEmrClocks(db: ScanCardDb, now: number, account: Account | undefined): EmrClock[] {
  const since = startOfDay(now);
  const read = useCallback((d: ScanCardDb) => bookedRunSummariesSince(d, since), [since]);
  const runs = useIdleQuery(db, ['runs'], read);
  const [known, setKnown] = useState<ReadonlyMap<string, EmrHandoff>>(new Map());
  const open = (runs ?? [])
    .filter((r) => {
      const h = known.get(r.id);
      return !h || h.state === 'pending';
    })
    .map((r) => r.id)
    .sort()
    .join(',');
  useEffect(() => {
    if (!account || !open) return;
    let live = true;
    const link = hospitalLink(<T>(path: string) => account.fetchJson<T>(path));
    const ask = () =>
      link.handoffs(open.split(','), '').then(
        (m) => live && setKnown((k) => new Map([...k, ...m])),
        () => undefined, // offline: the clocks keep what was last known
      );
    void ask();
    const timer = setInterval(() => void ask(), EMR_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
    // The account object may be new on every render: once per set of unsettled runs and per session.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, Boolean(account)]);
  return (runs ?? []).flatMap((r) => {
    const handoff = known.get(r.id);
    const tablet = r.summary.timers.find((tm) => tm.id === 'reportHandoff');
    return handoff && tablet
      ? [{ runId: r.id, timer: handoffByAck(tablet, handoff), handoff, scanner: r.summary.scanner, sop: r.summary.sop }]
      : [];
  });
}
