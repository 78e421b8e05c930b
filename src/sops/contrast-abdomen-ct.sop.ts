// Contrast-enhanced abdomen CT: contrast screening (reaction and renal risk), IV access, injection,
// and 30 minutes' observation after the injection. Texts: locales/<lng>/sop.json "abdomenCt.*".
// Images are sent (report hand-off clock stopped) before the observation, not after it, so the
// 15-minute hand-off is not overrun by the 30-minute wait; the card completes at discharge.
// v2: "Older than 60?" from the age, pregnancy filled in for men, radiologists by name, contrast lot
// number, cannula removal only after the observation timer, who performed the exam.
import type { Condition, SopDefinition } from '../domain/sop/sop.schema';
import {
  contrastAgentItem,
  contrastLotItem,
  contrastVolumeItem,
  ctBreathHoldStep,
  identityStep,
  options,
  pregnancyItem,
  radiologistItem,
  scanTimers,
  sendStep,
} from './shared';

const yes = (item: string): Condition => ({ op: 'eq', item, value: true });
const pregnant: Condition = { op: 'in', item: 'pregnancy', values: ['yes', 'unsure'] };
/** Check renal function (eGFR) when any renal risk factor or metformin applies. */
const renalRisk: Condition = {
  op: 'any',
  of: ['ageOver60', 'kidneyDisease', 'hypertension', 'diabetes', 'metformin'].map(yes),
};

export const contrastAbdomenCt: SopDefinition = {
  schemaVersion: 1,
  id: 'contrast-abdomen-ct',
  version: 2,
  kind: 'exam',
  title: 'abdomenCt.title',
  description: 'abdomenCt.description',
  modality: 'CT',
  bodyPart: 'abdomen',
  population: 'adult',
  start: 'identity',
  steps: [
    identityStep('screening'),
    {
      id: 'screening',
      title: 'abdomenCt.screening.title',
      body: 'abdomenCt.screening.body',
      guidance: 'topic.screening',
      items: [
        { kind: 'yesno', id: 'priorReaction', label: 'common.contrastScreening.priorReaction', required: true },
        { kind: 'yesno', id: 'asthma', label: 'abdomenCt.asthma', required: true },
        { kind: 'yesno', id: 'allergy', label: 'abdomenCt.allergy', required: true },
        {
          kind: 'yesno',
          id: 'ageOver60',
          label: 'abdomenCt.ageOver60',
          required: true,
          prefill: { fact: 'ageYears', when: { op: 'gt', value: 60 } }, // from the birth date or age
        },
        {
          kind: 'yesno',
          id: 'kidneyDisease',
          label: 'common.contrastScreening.kidneyDisease',
          hint: 'common.contrastScreening.kidneyDisease.hint',
          required: true,
        },
        { kind: 'yesno', id: 'hypertension', label: 'abdomenCt.hypertension', required: true },
        { kind: 'yesno', id: 'diabetes', label: 'abdomenCt.diabetes', required: true },
        { kind: 'yesno', id: 'metformin', label: 'abdomenCt.metformin', required: true },
        pregnancyItem,
      ],
      next: 'ivAccess',
      branches: [
        { when: pregnant, goto: 'pregnancyConsult' },
        { when: yes('priorReaction'), goto: 'reactionConsult' },
        { when: renalRisk, goto: 'egfr' },
      ],
    },
    {
      id: 'pregnancyConsult',
      title: 'common.pregnancyConsult.title',
      body: 'common.pregnancyConsult.body',
      guidance: 'topic.safetyCheck',
      items: [
        {
          kind: 'check',
          id: 'radiologistApproved',
          label: 'common.pregnancyConsult.radiologistApproved',
          required: true,
        },
        radiologistItem('pregnancyRadiologist'),
        { kind: 'check', id: 'doseDiscussed', label: 'common.pregnancyConsult.doseDiscussed', required: true },
      ],
      next: 'ivAccess',
      branches: [
        { when: yes('priorReaction'), goto: 'reactionConsult' },
        { when: renalRisk, goto: 'egfr' },
      ],
    },
    {
      id: 'reactionConsult',
      title: 'abdomenCt.reactionConsult.title',
      body: 'abdomenCt.reactionConsult.body',
      guidance: 'topic.safetyCheck',
      items: [
        {
          kind: 'choice',
          id: 'reactionPlan',
          label: 'abdomenCt.reactionPlan',
          hint: 'abdomenCt.reactionPlan.hint',
          required: true,
          options: options('abdomenCt.reactionPlan', ['proceed', 'changeAgent', 'premedication']),
        },
        radiologistItem('reactionRadiologist'),
        { kind: 'check', id: 'premedicationTaken', label: 'abdomenCt.premedicationTaken' },
        { kind: 'check', id: 'resuscitationReady', label: 'abdomenCt.resuscitationReady', required: true },
      ],
      next: 'ivAccess',
      branches: [{ when: renalRisk, goto: 'egfr' }],
    },
    {
      id: 'egfr',
      title: 'abdomenCt.egfr.title',
      body: 'abdomenCt.egfr.body',
      guidance: 'topic.safetyCheck',
      // An emergency does not wait for a lab result; skipping needs a typed reason.
      skippable: true,
      emergencySkip: true,
      items: [
        {
          kind: 'number',
          id: 'egfrValue',
          label: 'abdomenCt.egfrValue',
          required: true,
          unit: 'mL/min/1.73m²',
          min: 0,
          max: 200,
          accept: { min: 30 },
        },
        { kind: 'text', id: 'egfrDate', label: 'abdomenCt.egfrDate', maxLength: 40 },
      ],
      next: 'ivAccess',
      branches: [
        { when: { op: 'fails', item: 'egfrValue' }, goto: 'renalConsult' },
        { when: yes('metformin'), goto: 'metforminAdvice' },
      ],
    },
    {
      id: 'renalConsult',
      title: 'abdomenCt.renalConsult.title',
      body: 'abdomenCt.renalConsult.body',
      guidance: 'topic.safetyCheck',
      items: [
        { kind: 'check', id: 'renalApproved', label: 'abdomenCt.renalApproved', required: true },
        radiologistItem('renalRadiologist'),
        { kind: 'check', id: 'hydrationPlan', label: 'abdomenCt.hydrationPlan', required: true },
      ],
      next: 'ivAccess',
      branches: [{ when: yes('metformin'), goto: 'metforminAdvice' }],
    },
    {
      id: 'metforminAdvice',
      title: 'abdomenCt.metforminAdvice.title',
      body: 'abdomenCt.metforminAdvice.body',
      guidance: 'topic.metformin',
      items: [
        {
          kind: 'choice',
          id: 'metforminInstruction',
          label: 'abdomenCt.metforminInstruction',
          required: true,
          options: options('abdomenCt.metforminInstruction', ['continue', 'hold48h']),
        },
        { kind: 'check', id: 'metforminExplained', label: 'abdomenCt.metforminExplained', required: true },
      ],
      next: 'ivAccess',
    },
    {
      id: 'ivAccess',
      title: 'abdomenCt.ivAccess.title',
      guidance: 'topic.ivAccess',
      items: [
        {
          kind: 'choice',
          id: 'cannulaGauge',
          label: 'abdomenCt.cannulaGauge',
          hint: 'abdomenCt.cannulaGauge.hint',
          required: true,
          options: options('abdomenCt.cannulaGauge', ['g18', 'g20', 'g22', 'powerLine']),
        },
        { kind: 'check', id: 'patencyChecked', label: 'abdomenCt.patencyChecked', required: true },
      ],
      next: 'positioning',
    },
    {
      id: 'positioning',
      title: 'common.positioning.title',
      body: 'abdomenCt.positioning.body',
      guidance: 'topic.ctPositioning',
      items: [
        { kind: 'check', id: 'supineArmsUp', label: 'abdomenCt.supineArmsUp', required: true },
        { kind: 'check', id: 'centred', label: 'abdomenCt.centred', required: true },
      ],
      next: 'breathHold',
    },
    ctBreathHoldStep(12, 'injection'),
    {
      id: 'injection',
      title: 'abdomenCt.injection.title',
      body: 'abdomenCt.injection.body',
      guidance: 'topic.contrastInjection',
      timers: [{ timer: 'contrastObservation', action: 'start', on: 'leave' }],
      items: [
        contrastAgentItem,
        contrastVolumeItem,
        contrastLotItem,
        { kind: 'number', id: 'flowRate', label: 'abdomenCt.flowRate', unit: 'mL/s', min: 0, max: 10, decimals: 1 },
        { kind: 'check', id: 'airPurged', label: 'abdomenCt.airPurged', required: true },
        { kind: 'check', id: 'injectionDone', label: 'abdomenCt.injectionDone', required: true },
      ],
      next: 'scan',
    },
    {
      id: 'scan',
      title: 'common.scan.title',
      guidance: 'topic.ctScan',
      timers: scanTimers,
      items: [
        {
          kind: 'choice',
          id: 'phase',
          label: 'abdomenCt.phase',
          required: true,
          options: options('abdomenCt.phase', ['portalVenous', 'arterialPortal', 'multiphase']),
        },
        { kind: 'check', id: 'scanDone', label: 'common.scan.done', required: true },
        { kind: 'number', id: 'dlp', label: 'common.scan.dlp', unit: 'mGy·cm', min: 0, max: 10000 },
      ],
      next: 'imageQc',
    },
    {
      id: 'imageQc',
      title: 'common.imageQc.title',
      items: [
        { kind: 'check', id: 'fullCoverage', label: 'abdomenCt.fullCoverage', required: true },
        { kind: 'check', id: 'enhancementAdequate', label: 'abdomenCt.enhancementAdequate', required: true },
        { kind: 'yesno', id: 'motionArtefact', label: 'common.imageQc.motionArtefact', required: true },
        { kind: 'check', id: 'reconstructions', label: 'abdomenCt.reconstructions', required: true },
      ],
      next: 'send',
    },
    sendStep('observation'),
    {
      id: 'observation',
      title: 'abdomenCt.observation.title',
      body: 'abdomenCt.observation.body',
      guidance: 'topic.contrastObservation',
      items: [{ kind: 'yesno', id: 'reaction', label: 'abdomenCt.reaction', required: true }],
      next: 'cannulaRemoval',
      branches: [{ when: yes('reaction'), goto: 'contrastReaction' }],
    },
    {
      id: 'contrastReaction',
      title: 'abdomenCt.contrastReaction.title',
      body: 'abdomenCt.contrastReaction.body',
      guidance: 'topic.contrastReaction',
      items: [
        {
          kind: 'choice',
          id: 'reactionSeverity',
          label: 'abdomenCt.reactionSeverity',
          required: true,
          options: options('abdomenCt.reactionSeverity', ['mild', 'moderate', 'severe']),
        },
        {
          kind: 'choice',
          id: 'reactionType',
          label: 'abdomenCt.reactionType',
          required: true,
          options: options('abdomenCt.reactionType', ['allergicLike', 'physiologic']),
        },
        {
          kind: 'text',
          id: 'treatmentGiven',
          label: 'abdomenCt.treatmentGiven',
          hint: 'abdomenCt.treatmentGiven.hint',
          required: true,
          maxLength: 500,
        },
        { kind: 'check', id: 'radiologistInformed', label: 'abdomenCt.radiologistInformed', required: true },
        { kind: 'check', id: 'adverseEventReported', label: 'abdomenCt.adverseEventReported', required: true },
      ],
      next: 'cannulaRemoval',
    },
    {
      id: 'cannulaRemoval',
      title: 'abdomenCt.cannulaRemoval.title',
      body: 'abdomenCt.cannulaRemoval.body',
      guidance: 'topic.cannulaRemoval',
      // A patient who must leave early (e.g. to the ward with the cannula in) skips with a reason.
      skippable: true,
      items: [
        {
          kind: 'check',
          id: 'cannulaRemoved',
          label: 'abdomenCt.cannulaRemoved',
          required: true,
          afterTimer: 'contrastObservation',
        },
      ],
      next: 'discharge',
    },
    {
      id: 'discharge',
      title: 'abdomenCt.discharge.title',
      body: 'abdomenCt.discharge.body',
      guidance: 'topic.discharge',
      items: [
        {
          kind: 'choice',
          id: 'dischargedTo',
          label: 'abdomenCt.dischargedTo',
          required: true,
          options: options('abdomenCt.dischargedTo', ['home', 'ward', 'emergencyDept']),
        },
        { kind: 'check', id: 'aftercareExplained', label: 'abdomenCt.aftercareExplained', required: true },
      ],
      next: 'complete',
    },
  ],
  siteMustConfirm: [
    'eGFR threshold 30 mL/min/1.73m² for the radiologist consult is a placeholder (ACR/ESUR use 30 for IV contrast); set your own, and how recent the result must be.',
    'Which patients need an eGFR (renal risk list) and whether an emergency may proceed without one (the eGFR step can be skipped or fast-pathed with a reason).',
    'Metformin instruction (continue, or stop for 48 h after contrast when eGFR < 30 or acute kidney injury) follows local policy.',
    'Whether asthma or treated allergy alone also needs a radiologist consult; the card sends only a previous contrast reaction to the consult. Premedication regimen is local.',
    'Minimum cannula gauge for the flow rates used, and which central lines/ports may be power-injected.',
    'Contrast agents on the list, the dose by weight, and a DLP pass limit per phase protocol (none is set).',
    'Observation 30 min after injection with the cannula in place (ESUR): "cannula removed" can be ticked only once the observation timer has run; a patient who must leave earlier skips the step with a reason, and completion before the end needs one too.',
    'Reaction treatment follows the local contrast-reaction protocol; adverse-event reporting route.',
  ],
};
