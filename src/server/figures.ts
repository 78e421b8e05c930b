// Department figures from the run projection's counts: runs by kind, priority, card, scanner and
// status, runs flagged for review, and the skips and fast paths the engine accepted (a move the card
// refused is not a skip). Runs are counted by arrival time.
import type { ProjectionCounts } from './store/projections.types';

export type DepartmentFigures = {
  readonly runs: {
    readonly total: number;
    readonly byKind: Record<string, number>;
    readonly byPriority: Record<string, number>;
    readonly bySop: Record<string, number>;
    readonly byScanner: Record<string, number>;
    readonly byStatus: Record<string, number>;
    readonly needsReview: number;
  };
  readonly moves: { readonly skip: number; readonly fastPath: number };
};

export function departmentFigures(counts: readonly ProjectionCounts[]): DepartmentFigures {
  const by = (key: (c: ProjectionCounts) => string | null) => {
    const out: Record<string, number> = {};
    for (const c of counts) {
      const k = key(c) ?? 'unknown';
      out[k] = (out[k] ?? 0) + c.runs;
    }
    return out;
  };
  const sum = (f: (c: ProjectionCounts) => number) => counts.reduce((n, c) => n + f(c), 0);
  return {
    runs: {
      total: sum((c) => c.runs),
      byKind: by((c) => c.kind),
      byPriority: by((c) => c.priority),
      bySop: by((c) => c.sopId),
      byScanner: by((c) => c.scanner),
      byStatus: by((c) => c.status),
      needsReview: sum((c) => c.needsReview),
    },
    moves: { skip: sum((c) => c.skips), fastPath: sum((c) => c.fastPaths) },
  };
}
