// QC tolerance and action levels (QATrack+'s model): a numeric test has a reference and two windows,
// absolute or percent of the reference. Within tolerance → ok; beyond tolerance but within action →
// "tolerance" (needs a QA lead's review); beyond action → "action" (the scanner is flagged).
// A window can be one-sided (e.g. noise may only fail upwards). Boundaries count as inside.

export type WindowKind = 'absolute' | 'percent';
export type WindowSide = 'both' | 'upper' | 'lower';

/** The reference and windows of one test, as frozen into every result recorded under them. */
export type Tolerance = {
  readonly reference: number;
  readonly kind: WindowKind;
  /** Half-width of the OK window (absolute units or percent of the reference). */
  readonly tolerance: number;
  /** Half-width of the window beyond which action is needed; ≥ tolerance. */
  readonly action: number;
  /** Which deviations count: both ways, or only above / below the reference. */
  readonly side?: WindowSide;
};

export type QcOutcome = 'ok' | 'tolerance' | 'action' | 'notDone';

/** The limits a tolerance spells out, for display: [actionLow, toleranceLow, toleranceHigh, actionHigh]. */
export type Limits = {
  readonly actionLow?: number;
  readonly toleranceLow?: number;
  readonly toleranceHigh?: number;
  readonly actionHigh?: number;
};

// Percent windows multiply: 50 × 1.02 is 51.00000000000001 in floating point, and 51 must still pass.
const EPS = 1e-9;

export function limitsOf(t: Tolerance): Limits {
  const scale = t.kind === 'percent' ? Math.abs(t.reference) / 100 : 1;
  const tol = t.tolerance * scale;
  const act = t.action * scale;
  const side = t.side ?? 'both';
  return {
    ...(side !== 'upper' && { actionLow: t.reference - act, toleranceLow: t.reference - tol }),
    ...(side !== 'lower' && { toleranceHigh: t.reference + tol, actionHigh: t.reference + act }),
  };
}

/** Where a measured value falls under a tolerance. */
export function evaluate(value: number, t: Tolerance): Exclude<QcOutcome, 'notDone'> {
  const l = limitsOf(t);
  const slack = EPS * Math.max(1, Math.abs(t.reference));
  const above = (limit: number | undefined) => limit !== undefined && value > limit + slack;
  const below = (limit: number | undefined) => limit !== undefined && value < limit - slack;
  if (above(l.actionHigh) || below(l.actionLow)) return 'action';
  if (above(l.toleranceHigh) || below(l.toleranceLow)) return 'tolerance';
  return 'ok';
}

export type ToleranceProblemCode = 'mustBeNumber' | 'atLeastZero' | 'actionBelowTolerance' | 'percentNeedsReference';

/** What is wrong with a tolerance as a person typed it, by field; empty when it can be used. The
 * code is translated by the editor (quality.sets.problem.<code>). */
export function toleranceProblems(t: Tolerance): { field: keyof Tolerance; code: ToleranceProblemCode }[] {
  const out: { field: keyof Tolerance; code: ToleranceProblemCode }[] = [];
  if (!Number.isFinite(t.reference)) out.push({ field: 'reference', code: 'mustBeNumber' });
  if (!Number.isFinite(t.tolerance) || t.tolerance < 0) out.push({ field: 'tolerance', code: 'atLeastZero' });
  if (!Number.isFinite(t.action) || t.action < t.tolerance) out.push({ field: 'action', code: 'actionBelowTolerance' });
  if (t.kind === 'percent' && t.reference === 0) out.push({ field: 'reference', code: 'percentNeedsReference' });
  return out;
}

/** The worst of several outcomes: action beats tolerance beats ok; not done counts as nothing passed. */
export function worstOutcome(outcomes: readonly QcOutcome[]): QcOutcome {
  const rank: Record<QcOutcome, number> = { ok: 0, notDone: 1, tolerance: 2, action: 3 };
  return outcomes.reduce<QcOutcome>((w, o) => (rank[o] > rank[w] ? o : w), 'ok');
}
