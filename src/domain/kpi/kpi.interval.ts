// One rule for every "from this moment to that one, within a target" figure, so each reads the same:
// - measured: the end happened; met when end − start ≤ target, missed otherwise;
// - not ended: missed once the target passed (at `now` while open, at the cancel when cancelled), and
//   then it has no duration (it is not in the median); otherwise open (still in time) or cancelled;
// - a run whose tablet clock went back is not timed (its durations may be wrong): listed as unreliable.
import type { ProjectedRun } from '../run/run.projection';
import { medianOfSorted, percentileOfSorted, share, sortedNumbers } from './kpi.stats';

export type IntervalOutcome = 'met' | 'missed' | 'open' | 'cancelled' | 'unreliable';

export type Interval = { readonly start: number; readonly end?: number | undefined; readonly targetMs: number };

/** A run behind a figure, for the drill-down list (no patient data: the run id opens the run). */
export type RunRef = {
  readonly runId: string;
  readonly arrivedAt: number;
  readonly scanner: string;
  readonly sop: string;
  readonly priority: ProjectedRun['priority'];
  readonly outcome: IntervalOutcome;
  /** Measured duration, when the end happened. */
  readonly ms?: number;
  /** How long past the target (measured, or so far for an open or cancelled miss). */
  readonly overMs?: number;
};

export type IntervalFigure = {
  readonly targetMs: number | null;
  readonly counts: Readonly<Record<IntervalOutcome, number>>;
  /** met ÷ (met + missed); null with nothing judged. */
  readonly withinTarget: number | null;
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
  /** The runs that missed (and those not timed), worst first: what the figure opens. */
  readonly misses: readonly RunRef[];
};

export const refOf = (r: ProjectedRun, outcome: IntervalOutcome, ms?: number, overMs?: number): RunRef => ({
  runId: r.runId,
  arrivedAt: r.arrivedAt,
  scanner: r.scanner,
  sop: `${r.sop.id}@${r.sop.version}`,
  priority: r.priority,
  outcome,
  ...(ms !== undefined && { ms }),
  ...(overMs !== undefined && { overMs }),
});

/** The figure over runs, each with its interval (or none: not part of this figure). */
export function intervalFigure(
  runs: readonly ProjectedRun[],
  intervalOf: (r: ProjectedRun) => Interval | undefined,
  now: number,
): IntervalFigure {
  const counts = { met: 0, missed: 0, open: 0, cancelled: 0, unreliable: 0 };
  const durations: number[] = [];
  const misses: RunRef[] = [];
  let target: number | null = null;
  // One pass, and a RunRef only for a run the figure opens: most runs meet their target.
  for (const r of runs) {
    const i = intervalOf(r);
    if (!i) continue;
    target ??= i.targetMs;
    if (r.clockWentBack) {
      counts.unreliable += 1;
      misses.push(refOf(r, 'unreliable'));
    } else if (i.end !== undefined) {
      const ms = i.end - i.start;
      durations.push(ms);
      if (ms <= i.targetMs) counts.met += 1;
      else {
        counts.missed += 1;
        misses.push(refOf(r, 'missed', ms, ms - i.targetMs));
      }
    } else {
      const upTo = r.status === 'cancelled' ? (r.cancelledAt ?? now) : now;
      if (upTo - i.start > i.targetMs) {
        counts.missed += 1;
        misses.push(refOf(r, 'missed', undefined, upTo - i.start - i.targetMs));
      } else counts[r.status === 'cancelled' ? 'cancelled' : 'open'] += 1;
    }
  }
  misses.sort((a, b) => (b.overMs ?? -1) - (a.overMs ?? -1) || a.arrivedAt - b.arrivedAt);
  const sorted = sortedNumbers(durations);
  return {
    targetMs: target,
    counts,
    withinTarget: share(counts.met, counts.met + counts.missed),
    medianMs: sorted.length ? medianOfSorted(sorted) : null,
    p90Ms: sorted.length ? percentileOfSorted(sorted, 0.9) : null,
    misses,
  };
}
