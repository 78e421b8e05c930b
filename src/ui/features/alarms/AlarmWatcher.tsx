// Watches every running timer on the tablet (all active runs and scanner warm-ups), whatever
// screen is open, and alerts when one falls due: a banner that links to the run, and a sound.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { activeRunSummaries, scannerStates } from '../../../db/runs.queries';
import { timerStatus, type TimerState } from '../../../domain/timers/timers';
import { useNow } from '../../hooks/use-now';
import { useServices } from '../../services';
import { playAlarm } from '../../alarm-sound';

type Due = { key: string; timer: TimerState; href: string; where: string };

/** `silentBanner`: sound only (the patient view shows no staff text). */
export function AlarmWatcher({ silentBanner = false }: { silentBanner?: boolean }) {
  const { db, scanners } = useServices();
  const { t } = useTranslation();
  const now = useNow(1000);
  // Summaries carry no patient identity: alarms work on the lock screen and in the patient view.
  const runs = useLiveQuery(() => activeRunSummaries(db), [db]) ?? [];
  const scannerRows = useLiveQuery(() => scannerStates(db), [db]) ?? [];
  const alerted = useRef(new Set<string>());

  const due: Due[] = [
    ...runs.flatMap((r) =>
      r.summary.timers.flatMap((tm) =>
        timerStatus(tm, now).due
          ? [{ key: `${r.id}:${tm.id}`, timer: tm, href: `/run/${r.id}`, where: r.summary.scanner }]
          : [],
      ),
    ),
    ...scannerRows.flatMap((s) =>
      s.warmup && timerStatus(s.warmup, now).due
        ? [
            {
              key: `${s.scannerId}:${s.warmup.startedAt}`,
              timer: s.warmup,
              href: '/',
              where: scanners.find((x) => x.id === s.scannerId)?.label ?? s.scannerId,
            },
          ]
        : [],
    ),
  ];

  const fresh = due.some((d) => !alerted.current.has(d.key));
  useEffect(() => {
    if (!fresh) return;
    for (const d of due) alerted.current.add(d.key);
    playAlarm();
  });

  if (!due.length || silentBanner) return null;
  return (
    <div className="banner banner-error" role="alert" data-alarm>
      <span aria-hidden>⏰</span>
      <span>
        {due.map((d, i) => (
          <span key={d.key}>
            {i > 0 && ' · '}
            <Link href={d.href}>
              {t(d.timer.kind === 'wait' ? 'alarm.waitOver' : 'alarm.due', {
                timer: t(`timer.${d.timer.id}`),
                where: d.where,
              })}
            </Link>
          </span>
        ))}
      </span>
    </div>
  );
}
