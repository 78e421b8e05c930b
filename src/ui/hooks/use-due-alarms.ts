// Every due timer on this tablet (active runs and scanner warm-ups), whatever screen is open, with
// its acknowledgement if any; and the sound: at once for a new alarm, then again every REPEAT_MS
// until someone acknowledges it (alarm-policy). Summaries carry no patient identity: works while locked.
// A completed booked run's report hand-off stays an alarm until the EMR acknowledges its record.
import { useEffect, useRef } from 'react';
import { alarmAcks, type AlarmAck } from '../../db/alarms.repo';
import type { ScanCardDb } from '../../db/db';
import { activeRunSummaries, scannerStates } from '../../db/runs.queries';
import type { Scanner } from '../../domain/scanners/scanner';
import { alarmShouldSound } from '../../domain/timers/alarm-policy';
import { timerStatus, type TimerState } from '../../domain/timers/timers';
import { playAlarm } from '../alarm-sound';
import type { Account } from '../services';
import { useEmrClocks } from './use-emr-clocks';
import { useIdleQuery } from './use-idle-query';

export type DueAlarm = {
  /** Stable per alarm on this tablet: run + timer, or scanner + warm-up start. */
  readonly key: string;
  readonly timer: TimerState;
  readonly href: string;
  /** Scanner label, and the card for a run: what the technologist recognises. */
  readonly scanner: string;
  readonly sop?: { readonly id: string; readonly version: number };
  /** What the audit entry is about: the run id, or "scanner:<id>". */
  readonly subject: string;
  readonly ack?: AlarmAck;
};

/**
 * `sound`: false for a second view of the same alarms (one sound per tablet, not per list).
 * `account`: to ask the server about booked runs' EMR hand-offs (none on the lock screen).
 */
export function useDueAlarms(
  db: ScanCardDb,
  scanners: readonly Scanner[],
  now: number,
  sound = true,
  account?: Account,
): DueAlarm[] {
  // Re-read at idle, not behind every tap's commit (a timer becomes due by the clock, not by a write).
  const runs = useIdleQuery(db, ['runs'], activeRunSummaries) ?? [];
  const scannerRows = useIdleQuery(db, ['scanners'], scannerStates) ?? [];
  const acks = useIdleQuery(db, ['meta'], alarmAcks) ?? {};
  const emr = useEmrClocks(db, now, account);
  const due: DueAlarm[] = [
    ...runs.flatMap((r) =>
      r.summary.timers
        .filter((tm) => timerStatus(tm, now).due)
        .map((tm) => ({
          key: `${r.id}:${tm.id}`,
          timer: tm,
          href: `/run/${r.id}`,
          scanner: r.summary.scanner,
          sop: r.summary.sop,
          subject: r.id,
        })),
    ),
    ...emr
      .filter((c) => timerStatus(c.timer, now).due)
      .map((c) => ({
        key: `${c.runId}:${c.timer.id}`,
        timer: c.timer,
        href: `/run/${c.runId}`,
        scanner: c.scanner,
        sop: c.sop,
        subject: c.runId,
      })),
    ...scannerRows.flatMap((s) =>
      s.warmup && timerStatus(s.warmup, now).due
        ? [
            {
              key: `${s.scannerId}:${s.warmup.startedAt}`,
              timer: s.warmup,
              href: '/',
              scanner: scanners.find((x) => x.id === s.scannerId)?.label ?? s.scannerId,
              subject: `scanner:${s.scannerId}`,
            },
          ]
        : [],
    ),
  ];
  const withAcks = due.map((d) => (acks[d.key] ? { ...d, ack: acks[d.key] } : d));
  useAlarmSound(sound ? withAcks.filter((d) => !d.ack).map((d) => d.key) : [], now);
  return withAcks;
}

function useAlarmSound(unacked: readonly string[], now: number) {
  const heard = useRef(new Set<string>());
  const lastSoundAt = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!alarmShouldSound(unacked, heard.current, lastSoundAt.current, now)) return;
    unacked.forEach((k) => heard.current.add(k));
    lastSoundAt.current = now;
    playAlarm();
  });
}
