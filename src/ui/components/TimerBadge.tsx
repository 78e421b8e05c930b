import { useTranslation } from 'react-i18next';
import { formatCountdown, timerStatus, type TimerState } from '../../domain/timers/timers';

/** One timer, derived from absolute times: countdown while running, result once stopped. */
export function TimerBadge({ timer, now }: { timer: TimerState; now: number }) {
  const { t } = useTranslation();
  const s = timerStatus(timer, now);
  const label = t(`timer.${timer.id}`);
  let cls = 'timer';
  let text: string;
  if (s.running) {
    if (s.due) cls += ' timer-due';
    text = s.due
      ? t(timer.kind === 'wait' ? 'timer.waitOver' : 'timer.overdueBy', { time: formatCountdown(-s.remainingMs) })
      : formatCountdown(s.remainingMs);
  } else if (s.deviation) {
    cls += ' timer-deviation';
    text = t('timer.deviation', { time: formatCountdown(-s.remainingMs) });
  } else {
    cls += ' timer-done';
    text = t('timer.doneIn', { time: formatCountdown(s.elapsedMs) });
  }
  return (
    <span className={cls} role="timer" data-timer={timer.id} data-due={s.due || undefined}>
      <span>{label}</span>
      <span className="clock">{text}</span>
    </span>
  );
}
