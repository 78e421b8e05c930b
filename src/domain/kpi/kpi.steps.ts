// Time per step, per card and card version, and how much it differs between technologists: where
// exams lose time, and who may need training. A step's time is one visit, from entering it to
// leaving it forwards (next, skip or fast path), by the person who left it; visits left by "back" or
// by a cancel, steps of runs whose clock went back, and runs of unknown cards are not counted.
import type { ProjectedRun } from '../run/run.projection';
import { medianOfSorted, percentileOfSorted, sortedNumbers } from './kpi.stats';

/** A technologist's median counts towards the spread only with at least this many visits. */
export const MIN_VISITS_FOR_SPREAD = 3;

export type StepTime = {
  readonly card: string;
  readonly version: number;
  readonly stepId: string;
  readonly visits: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly byTechnologist: readonly { readonly user: string; readonly visits: number; readonly medianMs: number }[];
  /** Slowest minus fastest technologist median (each with ≥ MIN_VISITS_FOR_SPREAD visits); null with < 2. */
  readonly spreadMs: number | null;
  /** The slowest visits (up to 10): what the row opens. */
  readonly slowest: readonly { readonly runId: string; readonly user: string; readonly ms: number }[];
};

type Sample = { runId: string; user: string; ms: number };
/** A step's visits: their times, each technologist's times and the slowest ten, gathered in one pass. */
type Group = {
  card: string;
  version: number;
  stepId: string;
  ms: number[];
  byUser: Map<string, number[]>;
  slowest: Sample[];
};

const SLOWEST = 10;
const byRunId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Slowest first, ties by run id in code-unit order (localeCompare on ~50,000 equal times took most of a second). */
const slower = (a: Sample, b: Sample) => b.ms - a.ms || byRunId(a.runId, b.runId);

/** Keeps the slowest visits sorted as they come: sorting every visit to take ten dominated the figure. */
function keepSlowest(top: Sample[], runId: string, user: string, ms: number) {
  const last = top[SLOWEST - 1];
  if (last && (ms < last.ms || (ms === last.ms && runId >= last.runId))) return;
  const s = { runId, user, ms };
  let at = top.length === SLOWEST ? SLOWEST - 1 : top.length;
  while (at > 0 && slower(s, top[at - 1]!) < 0) {
    top[at] = top[at - 1]!;
    at -= 1;
  }
  top[at] = s;
}

export function stepTimes(runs: readonly ProjectedRun[]): StepTime[] {
  // Card version, then step: one key string per run, none per visit.
  const cards = new Map<string, Map<string, Group>>();
  for (const r of runs) {
    if (r.status === 'sopUnknown' || r.clockWentBack) continue;
    const cardKey = `${r.sop.id}@${r.sop.version}`;
    let steps = cards.get(cardKey);
    if (!steps) cards.set(cardKey, (steps = new Map()));
    for (const v of r.visits) {
      if (v.leftAt === undefined || v.how === 'back' || v.how === 'cancel') continue;
      let g = steps.get(v.stepId);
      if (!g) {
        g = { card: r.sop.id, version: r.sop.version, stepId: v.stepId, ms: [], byUser: new Map(), slowest: [] };
        steps.set(v.stepId, g);
      }
      const user = v.leftBy ?? v.enteredBy;
      const ms = v.leftAt - v.enteredAt;
      g.ms.push(ms);
      // Appended in place: copying the list per sample was quadratic (a year of runs took ~40 s).
      const mine = g.byUser.get(user);
      if (mine) mine.push(ms);
      else g.byUser.set(user, [ms]);
      keepSlowest(g.slowest, r.runId, user, ms);
    }
  }
  return [...cards.values()]
    .flatMap((steps) => [...steps.values()])
    .map((g) => {
      const byTechnologist = [...g.byUser.entries()]
        .map(([user, list]) => ({ user, visits: list.length, medianMs: medianOfSorted(sortedNumbers(list)) }))
        .sort((a, b) => b.medianMs - a.medianMs || a.user.localeCompare(b.user));
      const counted = byTechnologist.filter((t) => t.visits >= MIN_VISITS_FOR_SPREAD).map((t) => t.medianMs);
      const sorted = sortedNumbers(g.ms);
      return {
        card: g.card,
        version: g.version,
        stepId: g.stepId,
        visits: g.ms.length,
        medianMs: medianOfSorted(sorted),
        p90Ms: percentileOfSorted(sorted, 0.9),
        byTechnologist,
        spreadMs: counted.length >= 2 ? Math.max(...counted) - Math.min(...counted) : null,
        slowest: g.slowest,
      };
    })
    .sort((a, b) => a.card.localeCompare(b.card) || a.version - b.version || a.stepId.localeCompare(b.stepId));
}
