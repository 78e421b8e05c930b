// Service-log entries (maintenance, calibration, repair, inspection) checked before storing, and which
// passed return-to-service QC results may close a repair. Times are passed in as instants.
import { SERVICE_KINDS, type ServiceEntryPayload } from '../events/equipment.events';
import { QUALITY_NAME_MAX_LENGTH, QUALITY_TEXT_MAX_LENGTH } from '../events/quality-fields';
import { describeTextProblem, textProblem } from '../events/text-rules';
import type { FieldProblem } from './equipment';
import { resultPassed } from './qc-result';
import type { QcResultRecord, QualityState, ServiceRecord } from './quality.projection';

export type ServiceDraft = {
  readonly scannerId: string;
  readonly kind?: string;
  readonly problem: string;
  readonly workDone: string;
  readonly by: string;
  /** Instants; NaN when the typed date could not be read. */
  readonly downtimeStart?: number;
  readonly downtimeEnd?: number;
  readonly parts: string;
};

const isKind = (k: string | undefined): k is ServiceEntryPayload['kind'] =>
  (SERVICE_KINDS as readonly string[]).includes(k ?? '');

/** The entry to store, or every problem by field; nothing half-filled gets through. */
export function serviceEntry(
  d: ServiceDraft,
  entryId: string,
): { entry: ServiceEntryPayload } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const check = (field: string, value: string, max: number, min = 0) => {
    const p = textProblem(value, { max, min });
    if (p) problems.push({ field, message: describeTextProblem(p) });
  };
  if (!isKind(d.kind))
    problems.push({ field: 'kind', message: 'choose maintenance, calibration, repair or inspection' });
  check('problem', d.problem, QUALITY_TEXT_MAX_LENGTH, d.kind === 'repair' ? 3 : 0);
  check('workDone', d.workDone, QUALITY_TEXT_MAX_LENGTH, 3);
  check('by', d.by, QUALITY_NAME_MAX_LENGTH, 1);
  check('parts', d.parts, QUALITY_TEXT_MAX_LENGTH);
  const bad = (t: number | undefined) => t !== undefined && !Number.isFinite(t);
  if (bad(d.downtimeStart)) problems.push({ field: 'downtimeStart', message: 'must be a date and time' });
  if (bad(d.downtimeEnd)) problems.push({ field: 'downtimeEnd', message: 'must be a date and time' });
  if (d.downtimeEnd !== undefined && d.downtimeStart === undefined)
    problems.push({ field: 'downtimeStart', message: 'needed when the downtime end is given' });
  if (d.downtimeStart !== undefined && d.downtimeEnd !== undefined && d.downtimeEnd < d.downtimeStart)
    problems.push({ field: 'downtimeEnd', message: 'must not be before the downtime start' });
  if (problems.length || !isKind(d.kind)) return { problems };
  return {
    entry: {
      entryId,
      scannerId: d.scannerId,
      kind: d.kind,
      problem: d.problem.trim(),
      workDone: d.workDone.trim(),
      by: d.by.trim(),
      ...(d.downtimeStart !== undefined && { downtimeStart: d.downtimeStart }),
      ...(d.downtimeEnd !== undefined && { downtimeEnd: d.downtimeEnd }),
      ...(d.parts.trim() && { parts: d.parts.trim() }),
    },
  };
}

/** Repairs still keeping their scanner out of service, oldest first. */
export const repairsAwaitingReturn = (state: QualityState): ServiceRecord[] =>
  state.service.filter((s) => state.equipment.get(s.scannerId)?.awaitingReturn === s.entryId && !s.approved);

/** Passed return-to-service QC of the repaired scanner, after the repair: what a QA lead may approve on. */
export const returnCandidates = (state: QualityState, repair: ServiceRecord): QcResultRecord[] =>
  state.results.filter(
    (r) => r.scannerId === repair.scannerId && r.purpose === 'returnToService' && resultPassed(r) && r.at >= repair.at,
  );
