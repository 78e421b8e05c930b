// Deviations and QC-relevant values of an exam as FHIR Observations: a timer that ran over (or a
// wait cut short), each skipped step and fast path with its reason, an early close, and the QC values
// the card records. Codes come from ScanCard's own code system (config.codeSystem); a site that maps
// them to LOINC or its own codes does it there.
import type { Observation, ObservationComponent, Procedure, Reference } from '@medplum/fhirtypes';
import type { TimerId } from '../../../domain/sop/sop.schema';
import type { CompletedExam, FhirExportConfig } from './completed-exam';
import { iso, subjectReference, uriIdentifier } from './exam-refs';
import { INTERPRETATION, OBSERVATION_CATEGORY, UCUM } from './systems';

const TIMER_NAMES: Readonly<Record<TimerId, string>> = {
  warmupCt: 'CT scanner warm-up time',
  warmupMr: 'MRI scanner warm-up time',
  emergencyResponse: 'Emergency response time',
  contrastObservation: 'Post-contrast observation time',
  reportHandoff: 'Report hand-off time',
};

const minutes = (ms: number) => ({ value: Math.round(ms / 600) / 100, unit: 'min', system: UCUM, code: 'min' });

export function examObservations(
  exam: CompletedExam,
  cfg: FhirExportConfig,
  procedure: Reference<Procedure>,
): Observation[] {
  const code = (c: string, display: string) => ({
    coding: [{ system: cfg.codeSystem, code: c, display }],
    text: display,
  });
  const component = (c: string, display: string, valueString: string): ObservationComponent => ({
    code: code(c, display),
    valueString,
  });
  const observation = (role: string, rest: Omit<Observation, 'resourceType' | 'status' | 'subject'>): Observation => ({
    resourceType: 'Observation',
    identifier: [uriIdentifier(exam.runId, `observation/${role}`)],
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'procedure', display: 'Procedure' }] }],
    subject: subjectReference(exam, cfg),
    partOf: [procedure],
    ...rest,
  });
  const interpretation = (c: 'H' | 'L' | 'A' | 'N') => [{ coding: [{ system: INTERPRETATION, code: c }] }];

  const timers = exam.timers
    .filter((t) => t.deviation)
    .map((t) => {
      const end = t.stoppedAt ?? exam.completedAt;
      const limit = minutes(t.deadline - t.startedAt);
      return observation(`timer/${t.id}`, {
        code: code(`timer.${t.id}`, TIMER_NAMES[t.id]),
        effectivePeriod: { start: iso(t.startedAt), end: iso(end) },
        valueQuantity: minutes(end - t.startedAt),
        interpretation: interpretation(t.kind === 'limit' ? 'H' : 'L'),
        referenceRange: [t.kind === 'limit' ? { high: limit } : { low: limit }],
      });
    });
  const skips = exam.skips.map((s, i) =>
    observation(`skip/${i}`, {
      code: code('skipped-step', 'Card step skipped'),
      effectiveDateTime: iso(s.at),
      valueString: s.reason,
      component: [component('step', 'Step', s.stepId)],
    }),
  );
  const fastPaths = exam.fastPaths.map((f, i) =>
    observation(`fast-path/${i}`, {
      code: code('fast-path', 'Emergency fast path taken'),
      effectiveDateTime: iso(f.at),
      valueString: f.reason,
      component: [
        component('from-step', 'From step', f.fromStep),
        ...f.skipped.map((s) => component('skipped-step', 'Step jumped past', s)),
      ],
    }),
  );
  const earlyClose = exam.earlyCloseReason
    ? [
        observation('early-close', {
          code: code('early-close', 'Exam closed early'),
          effectiveDateTime: iso(exam.completedAt),
          valueString: exam.earlyCloseReason,
        }),
      ]
    : [];
  const qc = exam.qcValues.map((q) =>
    observation(`qc/${q.itemId}`, {
      code: code(`qc.${q.itemId}`, q.label),
      effectiveDateTime: iso(exam.completedAt),
      ...(typeof q.value === 'number'
        ? { valueQuantity: { value: q.value, ...(q.unit ? { unit: q.unit } : {}) } }
        : typeof q.value === 'boolean'
          ? { valueBoolean: q.value }
          : { valueString: q.value }),
      ...(q.failed === undefined ? {} : { interpretation: interpretation(q.failed ? 'A' : 'N') }),
    }),
  );
  return [...timers, ...skips, ...fastPaths, ...earlyClose, ...qc];
}
