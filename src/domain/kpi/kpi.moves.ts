// Skips and fast-path jumps the card accepted, by reason (as typed: trimmed, case folded), and runs
// flagged "needs review" (moves that did not fit after a merge; counted nowhere else). Cancelled runs
// by reason too: a cancel is the other way an exam leaves the card.
import type { ProjectedRun } from '../run/run.projection';
import { reasonKey } from './kpi.contrast';

export type ReasonRow = {
  readonly key: string;
  readonly reason: string;
  readonly count: number;
  readonly runIds: readonly string[];
};

export type MovesFigure = {
  /** Skips by card, step and reason. */
  readonly skips: readonly (ReasonRow & { readonly card: string; readonly stepId: string })[];
  /** Fast paths by card, the step jumped from, and reason. */
  readonly fastPaths: readonly (ReasonRow & { readonly card: string; readonly fromStep: string })[];
  readonly cancels: readonly (ReasonRow & { readonly card: string })[];
  readonly skipCount: number;
  readonly fastPathCount: number;
  readonly needsReview: readonly { readonly runId: string; readonly arrivedAt: number; readonly moves: number }[];
};

function grouped<E extends Record<string, string>>(rows: { extra: E; reason: string; runId: string }[]) {
  // Run ids appended in place (copying them per run was quadratic over a year of runs).
  const out = new Map<string, { extra: E; reason: string; runIds: string[] }>();
  for (const { extra, reason, runId } of rows) {
    const r = reasonKey(reason);
    const key = [...Object.values(extra), r].join('|');
    const g = out.get(key);
    if (g) g.runIds.push(runId);
    else out.set(key, { extra, reason: r, runIds: [runId] });
  }
  return [...out.entries()]
    .map(([key, g]): ReasonRow & E => ({ ...g.extra, key, reason: g.reason, count: g.runIds.length, runIds: g.runIds }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

export function moves(runs: readonly ProjectedRun[]): MovesFigure {
  // Plain loops: a flatMap per run made three arrays for each of a year's 50,000 runs.
  const skips: Parameters<typeof grouped<{ card: string; stepId: string }>>[0] = [];
  const fast: Parameters<typeof grouped<{ card: string; fromStep: string }>>[0] = [];
  const cancels: Parameters<typeof grouped<{ card: string }>>[0] = [];
  const needsReview: { runId: string; arrivedAt: number; moves: number }[] = [];
  for (const r of runs) {
    for (const s of r.skips)
      skips.push({ extra: { card: r.sop.id, stepId: s.stepId }, reason: s.reason, runId: r.runId });
    for (const f of r.fastPaths)
      fast.push({ extra: { card: r.sop.id, fromStep: f.fromStep }, reason: f.reason, runId: r.runId });
    if (r.status === 'cancelled')
      cancels.push({ extra: { card: r.sop.id }, reason: r.cancelReason ?? '', runId: r.runId });
    if (r.needsReview.length) needsReview.push({ runId: r.runId, arrivedAt: r.arrivedAt, moves: r.needsReview.length });
  }
  return {
    skips: grouped(skips),
    fastPaths: grouped(fast),
    cancels: grouped(cancels),
    skipCount: skips.length,
    fastPathCount: fast.length,
    needsReview,
  };
}
