import { useTranslation } from 'react-i18next';
import { formatCountdown, timerLevel, timerStatus, type TimerState } from '../../domain/timers/timers';

/**
 * One timer, derived from absolute times: countdown while running, result once stopped. The colour
 * escalates as a deadline nears (timerLevel), so an emergency countdown never looks like a routine one.
 */
export function TimerBadge({ timer, now }: { timer: TimerState; now: number }) {
  const { t } = useTranslation();
  const s = timerStatus(timer, now);
  const level = timerLevel(timer, now);
  const label = t(`timer.${timer.id}`);
  const length = formatCountdown(timer.deadline - timer.startedAt);
  const text = {
    calm: () => formatCountdown(s.remainingMs),
    soon: () => formatCountdown(s.remainingMs),
    imminent: () => formatCountdown(s.remainingMs),
    due: () => t('timer.overdueBy', { time: formatCountdown(-s.remainingMs) }),
    over: () => t('timer.waitOver', { time: formatCountdown(-s.remainingMs) }),
    deviation: () => t('timer.deviation', { time: formatCountdown(-s.remainingMs) }),
    endedEarly: () => t('timer.endedEarly', { time: formatCountdown(s.elapsedMs), length }),
    done: () => t('timer.doneIn', { time: formatCountdown(s.elapsedMs) }),
  }[level]();
  return (
    <span
      className={`timer timer-${level}`}
      role="timer"
      data-timer={timer.id}
      data-level={level}
      data-due={s.due || undefined}
    >
      <span>{label}</span>
      <span className="clock">{text}</span>
    </span>
  );
}
