// Post-contrast observation (30 min, ESUR): completed when the wait ran its full length; closed early
// (stopped before its end), with the typed reasons grouped; still running; or the run was cancelled
// during it. Runs whose tablet clock went back are not judged.
import type { ProjectedRun } from '../run/run.projection';
import { refOf, type RunRef } from './kpi.interval';
import { share } from './kpi.stats';
import { timerEnd } from './kpi.timing';

export type ContrastFigure = {
  readonly counts: { completed: number; closedEarly: number; running: number; cancelled: number; unreliable: number };
  /** completed ÷ (completed + closed early). */
  readonly completedShare: number | null;
  /** Early-close reasons as typed (trimmed, case folded), with counts. */
  readonly reasons: readonly { readonly reason: string; readonly count: number }[];
  /** Closed early, cancelled during it, or not timed: what the figure opens. */
  readonly misses: readonly (RunRef & { readonly reason?: string })[];
};

export const reasonKey = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase();

export function contrastObservation(runs: readonly ProjectedRun[]): ContrastFigure {
  const counts = { completed: 0, closedEarly: 0, running: 0, cancelled: 0, unreliable: 0 };
  const reasons = new Map<string, number>();
  const misses: (RunRef & { reason?: string })[] = [];
  for (const r of runs) {
    const t = r.timers.find((x) => x.id === 'contrastObservation');
    if (!t || r.kind !== 'exam') continue;
    if (r.clockWentBack) {
      counts.unreliable += 1;
      misses.push(refOf(r, 'unreliable'));
      continue;
    }
    const end = timerEnd(r, t);
    if (end === undefined) {
      if (r.status === 'cancelled') {
        counts.cancelled += 1;
        misses.push(refOf(r, 'cancelled'));
      } else counts.running += 1;
    } else if (end >= t.deadline) counts.completed += 1;
    else {
      counts.closedEarly += 1;
      const reason = r.earlyCloseReason ? reasonKey(r.earlyCloseReason) : '';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      misses.push({ ...refOf(r, 'missed', end - t.startedAt, t.deadline - end), ...(reason && { reason }) });
    }
  }
  return {
    counts,
    completedShare: share(counts.completed, counts.completed + counts.closedEarly),
    reasons: [...reasons.entries()]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    misses: misses.sort((a, b) => a.arrivedAt - b.arrivedAt),
  };
}
