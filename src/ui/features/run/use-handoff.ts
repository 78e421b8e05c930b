// A booked run's EMR hand-off as the server's outbox reports it (GET /api/worklist/handoffs): asked
// when the record opens and again every 30 s until the EMR has acknowledged or refused it.
import { useEffect, useState } from 'react';
import type { EmrHandoff } from '../../../domain/integration/emr-handoff';
import { hospitalLink } from '../../../sync/hospital-link';
import { useServices } from '../../services';

export const HANDOFF_POLL_MS = 30_000;

export type HandoffRead =
  | { readonly state: 'loading' }
  | { readonly state: 'notSent' }
  | { readonly state: 'known'; readonly handoff: EmrHandoff }
  | { readonly state: 'error'; readonly message: string };

export function useHandoff(runId: string, booked: boolean): HandoffRead | undefined {
  const { account } = useServices();
  const [read, setRead] = useState<HandoffRead>({ state: 'loading' });
  const settled = read.state === 'known' && read.handoff.state !== 'pending';
  useEffect(() => {
    if (!booked || !account || settled) return;
    let live = true;
    const link = hospitalLink(<T>(path: string) => account.fetchJson<T>(path));
    const ask = () =>
      link
        .handoffs([runId], '')
        .then((m) => {
          const h = m.get(runId);
          if (live) setRead(h ? { state: 'known', handoff: h } : { state: 'notSent' });
        })
        .catch(
          (e: unknown) => live && setRead({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
        );
    void ask();
    const timer = setInterval(() => void ask(), HANDOFF_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
    // The account object may be new on every render: once per run and per session.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId, booked, Boolean(account), settled]);
  return booked && account ? read : undefined;
}
