// Which runs and records a dashboard looks at: a period [from, to) by arrival (a run belongs to the
// period it arrived in, even when it ends after midnight or after the period), and the filters a QA
// lead picks. The previous period is the one of the same length just before.
import type { ProjectedRun } from '../run/run.projection';
import type { RunPriority } from '../run/run.types';

export type Period = { readonly from: number; readonly to: number };

export type KpiFilter = {
  readonly scanner?: string;
  readonly modality?: 'CT' | 'MR';
  /** Card id (any version). */
  readonly card?: string;
  /** User id: runs this person created or moved a step of; their records. */
  readonly technologist?: string;
  readonly priority?: RunPriority;
};

export const FILTER_KEYS = ['scanner', 'modality', 'card', 'technologist', 'priority'] as const;

export const previousPeriod = (p: Period): Period => ({ from: p.from - (p.to - p.from), to: p.from });

export const inPeriod = (at: number, p: Period) => at >= p.from && at < p.to;

export const touchedBy = (r: ProjectedRun, user: string) =>
  r.createdBy === user || r.visits.some((v) => v.enteredBy === user || v.leftBy === user);

export function runMatches(r: ProjectedRun, p: Period, f: KpiFilter): boolean {
  return (
    inPeriod(r.arrivedAt, p) &&
    (f.scanner === undefined || r.scanner === f.scanner) &&
    (f.modality === undefined || r.modality === f.modality) &&
    (f.card === undefined || r.sop.id === f.card) &&
    (f.priority === undefined || r.priority === f.priority) &&
    (f.technologist === undefined || touchedBy(r, f.technologist))
  );
}
