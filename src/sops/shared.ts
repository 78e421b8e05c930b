// Pieces several built-in cards share word for word, so they cannot drift apart.
// Texts: locales/<lng>/sop.json "common.*".
// Patient guidance is shared the same way: a step's `guidance` names a topic, "topic.<id>", whose
// script (topic.<id>.title/.what/.do/.time, child.<band>.<id>, guardian.<note>) is in
// locales/<lng>/patient.json, so the same patient moment reads the same on every card.
import type { Condition, SopItem, SopStep } from '../domain/sop/sop.schema';

/** Choice options whose labels follow the key convention `<prefix>.<value>`. */
export const options = (prefix: string, values: readonly string[]) =>
  values.map((value) => ({ value, label: `${prefix}.${value}` }));

/** Two identifiers + request check: the same first step of every planned exam. */
export const identityItems: SopItem[] = [
  { kind: 'check', id: 'twoIdentifiers', label: 'common.identity.twoIdentifiers', required: true },
  { kind: 'check', id: 'requestMatches', label: 'common.identity.requestMatches', required: true },
];

/** The first step of every planned exam: identity checked before anything else. */
export function identityStep(next: SopStep['next']): SopStep {
  return {
    id: 'identity',
    title: 'common.identity.title',
    body: 'common.identity.body',
    guidance: 'topic.identity',
    items: identityItems,
    next,
  };
}

/** CT breath-hold instruction: practised with the patient, skippable with a reason (e.g. intubated). */
export function ctBreathHoldStep(holdSeconds: number, next: SopStep['next']): SopStep {
  return {
    id: 'breathHold',
    title: 'common.breathHold.title',
    guidance: 'topic.ctBreathHold',
    breathHold: { holdSeconds },
    skippable: true,
    emergencySkip: true,
    items: [{ kind: 'check', id: 'breathHoldPractised', label: 'common.breathHold.practised', required: true }],
    next,
  };
}

/** Pregnancy question; "not applicable" is filled in for a male patient (from the new-exam form). */
const pregnancyQuestion = {
  kind: 'choice',
  id: 'pregnancy',
  label: 'common.screening.pregnancy',
  prefill: { fact: 'sex', when: { op: 'eq', value: 'male' }, answer: 'notApplicable' },
  options: [
    { value: 'no', label: 'common.answer.no' },
    { value: 'yes', label: 'common.answer.yes' },
    { value: 'unsure', label: 'common.answer.unsure' },
    { value: 'notApplicable', label: 'common.answer.notApplicable' },
  ],
} as const satisfies SopItem;

export const pregnancyItem: SopItem = { ...pregnancyQuestion, required: true };

/** The pregnancy question, required only while `when` holds (e.g. from a given age). */
export const pregnancyItemWhen = (when: Condition, hint?: string): SopItem => ({
  ...pregnancyQuestion,
  requiredWhen: when,
  ...(hint && { hint }),
});

/** The radiologist who decided a consult, by name: the exam record says who, not only that someone did. */
export const radiologistItem = (id: string): SopItem => ({
  kind: 'text',
  id,
  label: 'common.consult.radiologist',
  required: true,
  recordField: 'consultRadiologist',
  maxLength: 80,
});

/**
 * Exam record: body part examined (required record field), images sent, who performed the exam
 * (filled with the technologist who started it; change it at a hand-over); stops the hand-off clock.
 */
export function sendStep(next: SopStep['next'] = 'complete'): SopStep {
  return {
    id: 'send',
    title: 'common.send.title',
    timers: [{ timer: 'reportHandoff', action: 'stop', on: 'leave' }],
    items: [
      {
        kind: 'text',
        id: 'bodyPartExamined',
        label: 'common.send.bodyPart',
        required: true,
        recordField: 'bodyPart',
        maxLength: 80,
      },
      { kind: 'check', id: 'imagesSent', label: 'common.send.imagesSent', required: true, recordField: 'imagesSent' },
      {
        kind: 'text',
        id: 'performedBy',
        label: 'common.send.performedBy',
        required: true,
        recordField: 'performedBy',
        prefill: { fact: 'staffName' },
        maxLength: 80,
      },
      { kind: 'text', id: 'notes', label: 'common.send.notes', maxLength: 500 },
    ],
    next,
  };
}

/** Scan-step timers of every exam: the emergency clock stops at scan start, the hand-off clock starts at scan end. */
export const scanTimers: SopStep['timers'] = [
  { timer: 'emergencyResponse', action: 'stop', on: 'enter' },
  { timer: 'reportHandoff', action: 'start', on: 'leave' },
];

/** Iodinated contrast agent given; feeds the exam record. */
export const contrastAgentItem: SopItem = {
  kind: 'choice',
  id: 'contrastAgent',
  label: 'common.contrast.agent',
  required: true,
  recordField: 'contrastAgent',
  options: options('common.contrast.agent', ['iohexol', 'iopamidol', 'iopromide', 'ioversol', 'iodixanol', 'other']),
};

/** Volume of contrast injected (mL); feeds the exam record. */
export const contrastVolumeItem: SopItem = {
  kind: 'number',
  id: 'contrastVolumeMl',
  label: 'common.contrast.volume',
  hint: 'common.contrast.volume.hint',
  required: true,
  recordField: 'contrastVolumeMl',
  unit: 'mL',
  min: 0,
  max: 200,
};

/** Batch (lot) number of the contrast given: what a recall or a reaction report needs. */
export const contrastLotItem: SopItem = {
  kind: 'text',
  id: 'contrastLot',
  label: 'common.contrast.lot',
  hint: 'common.contrast.lot.hint',
  required: true,
  recordField: 'contrastLot',
  maxLength: 40,
};

/** Daily QC failed: no patients on this scanner until service has fixed it. */
export const qcOutOfServiceStep: SopStep = {
  id: 'outOfService',
  title: 'common.qc.outOfService.title',
  body: 'common.qc.outOfService.body',
  items: [
    { kind: 'check', id: 'markedOutOfService', label: 'common.qc.markedOutOfService', required: true },
    { kind: 'check', id: 'serviceCalled', label: 'common.qc.serviceCalled', required: true },
    { kind: 'text', id: 'callReference', label: 'common.qc.callReference', maxLength: 80 },
    { kind: 'check', id: 'leadInformed', label: 'common.qc.leadInformed', required: true },
  ],
  next: 'signOff',
};

/** Last step of a QC card: results reviewed and recorded (the run itself is the QC record). */
export const qcSignOffStep: SopStep = {
  id: 'signOff',
  title: 'common.qc.signOff.title',
  items: [
    { kind: 'check', id: 'resultsRecorded', label: 'common.qc.resultsRecorded', required: true },
    { kind: 'text', id: 'qcNotes', label: 'common.qc.notes', maxLength: 500 },
  ],
  next: 'complete',
};
