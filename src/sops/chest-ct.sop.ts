// Plain chest CT: the department's example step card. Texts: locales/<lng>/sop.json "chestCt.*".
// v2: pregnancy "not applicable" filled in for men, the consulting radiologist's name, who performed
// the exam. Version 1 stays in published/ for runs pinned to it.
import type { SopDefinition } from '../domain/sop/sop.schema';
import { ctBreathHoldStep, identityStep, pregnancyItem, radiologistItem, scanTimers, sendStep } from './shared';

export const chestCt: SopDefinition = {
  schemaVersion: 1,
  id: 'chest-ct',
  version: 2,
  kind: 'exam',
  title: 'chestCt.title',
  description: 'chestCt.description',
  modality: 'CT',
  bodyPart: 'chest',
  population: 'adult',
  start: 'identity',
  steps: [
    identityStep('screening'),
    {
      id: 'screening',
      title: 'common.screening.title',
      guidance: 'topic.screening',
      emergencySkip: true,
      items: [pregnancyItem, { kind: 'yesno', id: 'priorImaging', label: 'common.screening.priorImaging' }],
      next: 'preparation',
      branches: [{ when: { op: 'in', item: 'pregnancy', values: ['yes', 'unsure'] }, goto: 'pregnancyConsult' }],
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
        radiologistItem('consultRadiologist'),
        { kind: 'check', id: 'shieldingDiscussed', label: 'common.pregnancyConsult.doseDiscussed', required: true },
      ],
      next: 'preparation',
    },
    {
      id: 'preparation',
      title: 'common.preparation.title',
      guidance: 'topic.preparation',
      skippable: true,
      emergencySkip: true,
      items: [
        { kind: 'check', id: 'metalRemoved', label: 'chestCt.metalRemoved', required: true },
        { kind: 'check', id: 'procedureExplained', label: 'common.preparation.explained', required: true },
      ],
      next: 'positioning',
    },
    {
      id: 'positioning',
      title: 'common.positioning.title',
      body: 'chestCt.positioning.body',
      guidance: 'topic.ctPositioning',
      items: [
        { kind: 'check', id: 'supineArmsUp', label: 'chestCt.supineArmsUp', required: true },
        { kind: 'check', id: 'centred', label: 'chestCt.centred', required: true },
      ],
      next: 'breathHold',
    },
    ctBreathHoldStep(10, 'scan'),
    {
      id: 'scan',
      title: 'common.scan.title',
      guidance: 'topic.ctScan',
      timers: scanTimers,
      items: [
        {
          kind: 'choice',
          id: 'protocol',
          label: 'chestCt.protocol',
          required: true,
          options: [
            { value: 'routine', label: 'chestCt.protocol.routine' },
            { value: 'lowDose', label: 'chestCt.protocol.lowDose' },
          ],
        },
        { kind: 'check', id: 'scanDone', label: 'common.scan.done', required: true },
        {
          kind: 'number',
          id: 'dlp',
          label: 'common.scan.dlp',
          unit: 'mGy·cm',
          min: 0,
          max: 5000,
          accept: { max: 700 },
        },
      ],
      next: 'imageQc',
    },
    {
      id: 'imageQc',
      title: 'common.imageQc.title',
      items: [
        { kind: 'check', id: 'fullCoverage', label: 'chestCt.fullCoverage', required: true },
        { kind: 'yesno', id: 'motionArtefact', label: 'common.imageQc.motionArtefact', required: true },
        { kind: 'check', id: 'reconstructions', label: 'chestCt.reconstructions', required: true },
      ],
      next: 'send',
      branches: [{ when: { op: 'eq', item: 'motionArtefact', value: true }, goto: 'repeatScan' }],
    },
    {
      id: 'repeatScan',
      title: 'common.repeatScan.title',
      guidance: 'topic.repeatScan',
      breathHold: { holdSeconds: 10 },
      items: [
        { kind: 'text', id: 'repeatReason', label: 'common.repeatScan.reason', required: true, maxLength: 200 },
        { kind: 'check', id: 'repeatDone', label: 'common.repeatScan.done', required: true },
      ],
      next: 'send',
    },
    sendStep(),
  ],
  siteMustConfirm: [
    'DLP pass limit 700 mGy·cm is a placeholder: set it to your diagnostic reference level.',
    'Which patients are asked about pregnancy (age range) follows local policy.',
  ],
};
