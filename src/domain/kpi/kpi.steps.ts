// Time per step, per card and card version, and how much it differs between technologists: where
// exams lose time, and who may need training. A step's time is one visit, from entering it to
// leaving it forwards (next, skip or fast path), by the person who left it; visits left by "back" or
// by a cancel, steps of runs whose clock went back, and runs of unknown cards are not counted.
import type { ProjectedRun } from '../run/run.projection';
import { median, percentile } from './kpi.stats';

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

export function stepTimes(runs: readonly ProjectedRun[]): StepTime[] {
  const groups = new Map<string, { card: string; version: number; stepId: string; samples: Sample[] }>();
  for (const r of runs) {
    if (r.status === 'sopUnknown' || r.clockWentBack) continue;
    for (const v of r.visits) {
      if (v.leftAt === undefined || v.how === 'back' || v.how === 'cancel') continue;
      const key = `${r.sop.id}@${r.sop.version}#${v.stepId}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { card: r.sop.id, version: r.sop.version, stepId: v.stepId, samples: [] }));
      g.samples.push({ runId: r.runId, user: v.leftBy ?? v.enteredBy, ms: v.leftAt - v.enteredAt });
    }
  }
  return [...groups.values()]
    .map(({ samples, ...g }) => {
      const ms = samples.map((s) => s.ms);
      const byUser = new Map<string, number[]>();
      // Appended in place: copying the list per sample was quadratic (a year of runs took ~40 s).
      for (const s of samples) {
        const list = byUser.get(s.user);
        if (list) list.push(s.ms);
        else byUser.set(s.user, [s.ms]);
      }
      const byTechnologist = [...byUser.entries()]
        .map(([user, list]) => ({ user, visits: list.length, medianMs: median(list)! }))
        .sort((a, b) => b.medianMs - a.medianMs || a.user.localeCompare(b.user));
      const counted = byTechnologist.filter((t) => t.visits >= MIN_VISITS_FOR_SPREAD).map((t) => t.medianMs);
      return {
        ...g,
        visits: samples.length,
        medianMs: median(ms)!,
        p90Ms: percentile(ms, 0.9)!,
        byTechnologist,
        spreadMs: counted.length >= 2 ? Math.max(...counted) - Math.min(...counted) : null,
        // Ties by id in code-unit order: localeCompare on ~50,000 equal times took most of a second.
        slowest: [...samples]
          .sort((a, b) => b.ms - a.ms || (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0))
          .slice(0, 10),
      };
    })
    .sort((a, b) => a.card.localeCompare(b.card) || a.version - b.version || a.stepId.localeCompare(b.stepId));
}
