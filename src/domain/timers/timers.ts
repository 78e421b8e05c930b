// Department timers as absolute times. A timer is { startedAt, deadline, stoppedAt? } in epoch ms;
// everything shown (remaining, due, overdue, deviation) is derived from `now`, so a reload, a
// crash or a sleeping tablet never loses or stretches a timer.
import type { TimerId } from '../sop/sop.schema';

/** limit: must be stopped before the deadline (overrun = deviation). wait: must run its full length. */
export type TimerKind = 'limit' | 'wait';
export type TimerRule = { durationMs: number; kind: TimerKind };
export type TimerRules = Readonly<Record<TimerId, TimerRule>>;

const MIN = 60_000;

/** The department's standards (MISSION.md); a site may override durations in settings. */
export const DEFAULT_TIMER_RULES: TimerRules = {
  warmupCt: { durationMs: 3 * MIN, kind: 'limit' },
  warmupMr: { durationMs: 10 * MIN, kind: 'limit' },
  emergencyResponse: { durationMs: 5 * MIN, kind: 'limit' },
  contrastObservation: { durationMs: 30 * MIN, kind: 'wait' },
  reportHandoff: { durationMs: 15 * MIN, kind: 'limit' },
};

export type TimerState = {
  readonly id: TimerId;
  readonly kind: TimerKind;
  readonly startedAt: number;
  readonly deadline: number;
  readonly stoppedAt?: number;
};

export function startTimer(id: TimerId, rules: TimerRules, at: number): TimerState {
  const rule = rules[id];
  return { id, kind: rule.kind, startedAt: at, deadline: at + rule.durationMs };
}

export function stopTimer(timer: TimerState, at: number): TimerState {
  return timer.stoppedAt === undefined ? { ...timer, stoppedAt: at } : timer;
}

export type TimerStatus = {
  readonly running: boolean;
  /** ms until the deadline (negative once past it); frozen when stopped. */
  readonly remainingMs: number;
  readonly elapsedMs: number;
  /** The deadline has passed while running: alert. */
  readonly due: boolean;
  /** A limit timer that ran, or is running, past its deadline. */
  readonly deviation: boolean;
};

export function timerStatus(timer: TimerState, now: number): TimerStatus {
  const end = timer.stoppedAt ?? now;
  const running = timer.stoppedAt === undefined;
  // Never above the timer's length: a screen clock a tick behind the start time must not show 30:01.
  const remainingMs = Math.min(timer.deadline - end, timer.deadline - timer.startedAt);
  return {
    running,
    remainingMs,
    elapsedMs: Math.max(0, end - timer.startedAt),
    due: running && remainingMs <= 0,
    deviation: timer.kind === 'limit' && remainingMs < 0,
  };
}

/** "4:05", "-0:12" (overdue). Rounds towards the deadline so 0:00 means due. */
export function formatCountdown(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = ms < 0 ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${sign}${m}:${String(s).padStart(2, '0')}`;
}

/**
 * How loudly a timer should look. A limit timer escalates as its deadline nears (`soon` in the last
 * half or 2 minutes, `imminent` in the last fifth or minute); the emergency response clock is never
 * calm, because 5 minutes is already short. A wait timer stays calm until it is over (`over`).
 */
export type TimerLevel = 'calm' | 'soon' | 'imminent' | 'due' | 'over' | 'done' | 'deviation' | 'endedEarly';

export function timerLevel(timer: TimerState, now: number): TimerLevel {
  const s = timerStatus(timer, now);
  if (!s.running) {
    if (s.deviation) return 'deviation';
    return timer.kind === 'wait' && s.remainingMs > 0 ? 'endedEarly' : 'done';
  }
  if (s.due) return timer.kind === 'wait' ? 'over' : 'due';
  if (timer.kind === 'wait') return 'calm';
  const length = timer.deadline - timer.startedAt;
  if (s.remainingMs <= Math.max(length / 5, MIN)) return 'imminent';
  if (timer.id === 'emergencyResponse' || s.remainingMs <= Math.max(length / 2, 2 * MIN)) return 'soon';
  return 'calm';
}
