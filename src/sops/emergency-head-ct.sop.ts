// Emergency head CT: stroke code / trauma fast path. Minimal identity, screening that the emergency
// fast path may jump, plain head CT, for a stroke code the CTA/perfusion decision, then an
// immediate call to the radiologist. Texts: locales/<lng>/sop.json "emergencyHeadCt.*".
// v2: contrast lot number for CTA, the radiologist's name, pregnancy filled in for men, who performed it.
import type { SopDefinition } from '../domain/sop/sop.schema';
import {
  contrastAgentItem,
  contrastLotItem,
  contrastVolumeItem,
  options,
  pregnancyItem,
  scanTimers,
  sendStep,
} from './shared';

export const emergencyHeadCt: SopDefinition = {
  schemaVersion: 1,
  id: 'emergency-head-ct',
  version: 2,
  kind: 'exam',
  title: 'emergencyHeadCt.title',
  description: 'emergencyHeadCt.description',
  modality: 'CT',
  bodyPart: 'head',
  population: 'any',
  start: 'identity',
  steps: [
    {
      id: 'identity',
      title: 'common.identity.title',
      body: 'emergencyHeadCt.identity.body',
      guidance: 'topic.identity',
      items: [
        { kind: 'check', id: 'idBandChecked', label: 'emergencyHeadCt.idBandChecked', required: true },
        { kind: 'check', id: 'requestMatches', label: 'common.identity.requestMatches', required: true },
      ],
      next: 'indication',
    },
    {
      id: 'indication',
      title: 'emergencyHeadCt.indication.title',
      items: [
        {
          kind: 'choice',
          id: 'indication',
          label: 'emergencyHeadCt.indication',
          required: true,
          options: options('emergencyHeadCt.indication', ['strokeCode', 'trauma', 'other']),
        },
        {
          kind: 'text',
          id: 'lastKnownWell',
          label: 'emergencyHeadCt.lastKnownWell',
          hint: 'emergencyHeadCt.lastKnownWell.hint',
          maxLength: 40,
        },
      ],
      next: 'screening',
    },
    {
      id: 'screening',
      title: 'common.screening.title',
      body: 'emergencyHeadCt.screening.body',
      guidance: 'topic.screening',
      skippable: true,
      emergencySkip: true,
      items: [
        pregnancyItem,
        { kind: 'yesno', id: 'priorReaction', label: 'common.contrastScreening.priorReaction', required: true },
        {
          kind: 'yesno',
          id: 'kidneyDisease',
          label: 'common.contrastScreening.kidneyDisease',
          hint: 'common.contrastScreening.kidneyDisease.hint',
          required: true,
        },
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
        { kind: 'check', id: 'metalRemoved', label: 'emergencyHeadCt.metalRemoved', required: true },
        { kind: 'check', id: 'collarInPlace', label: 'emergencyHeadCt.collarInPlace' },
      ],
      next: 'positioning',
    },
    {
      id: 'positioning',
      title: 'common.positioning.title',
      body: 'emergencyHeadCt.positioning.body',
      guidance: 'topic.ctPositioning',
      items: [
        { kind: 'check', id: 'headInHolder', label: 'emergencyHeadCt.headInHolder', required: true },
        { kind: 'check', id: 'linesFree', label: 'emergencyHeadCt.linesFree', required: true },
      ],
      next: 'scan',
    },
    {
      id: 'scan',
      title: 'common.scan.title',
      guidance: 'topic.headCtScan',
      timers: scanTimers,
      items: [
        { kind: 'check', id: 'scanDone', label: 'common.scan.done', required: true },
        {
          kind: 'number',
          id: 'dlp',
          label: 'common.scan.dlp',
          unit: 'mGy·cm',
          min: 0,
          max: 10000,
          accept: { max: 1000 },
        },
      ],
      next: 'imageQc',
      branches: [{ when: { op: 'eq', item: 'indication', value: 'strokeCode' }, goto: 'strokeDecision' }],
    },
    {
      id: 'strokeDecision',
      title: 'emergencyHeadCt.strokeDecision.title',
      body: 'emergencyHeadCt.strokeDecision.body',
      items: [
        {
          kind: 'choice',
          id: 'advancedImaging',
          label: 'emergencyHeadCt.advancedImaging',
          required: true,
          options: options('emergencyHeadCt.advancedImaging', ['none', 'cta', 'ctaPerfusion']),
        },
      ],
      next: 'imageQc',
      branches: [{ when: { op: 'in', item: 'advancedImaging', values: ['cta', 'ctaPerfusion'] }, goto: 'angioScan' }],
    },
    {
      id: 'angioScan',
      title: 'emergencyHeadCt.angioScan.title',
      body: 'emergencyHeadCt.angioScan.body',
      guidance: 'topic.contrastInjection',
      timers: [{ timer: 'contrastObservation', action: 'start', on: 'leave' }],
      items: [
        contrastAgentItem,
        contrastVolumeItem,
        contrastLotItem,
        { kind: 'check', id: 'angioDone', label: 'emergencyHeadCt.angioDone', required: true },
      ],
      next: 'imageQc',
    },
    {
      id: 'imageQc',
      title: 'common.imageQc.title',
      items: [
        { kind: 'check', id: 'fullCoverage', label: 'emergencyHeadCt.fullCoverage', required: true },
        { kind: 'yesno', id: 'motionArtefact', label: 'common.imageQc.motionArtefact', required: true },
      ],
      next: 'notifyRadiologist',
      branches: [{ when: { op: 'eq', item: 'motionArtefact', value: true }, goto: 'repeatScan' }],
    },
    {
      id: 'repeatScan',
      title: 'common.repeatScan.title',
      guidance: 'topic.repeatScan',
      items: [
        { kind: 'text', id: 'repeatReason', label: 'common.repeatScan.reason', required: true, maxLength: 200 },
        { kind: 'check', id: 'repeatDone', label: 'common.repeatScan.done', required: true },
      ],
      next: 'notifyRadiologist',
    },
    {
      id: 'notifyRadiologist',
      title: 'emergencyHeadCt.notify.title',
      body: 'emergencyHeadCt.notify.body',
      items: [
        { kind: 'check', id: 'radiologistNotified', label: 'emergencyHeadCt.radiologistNotified', required: true },
        // Optional in an emergency: the call comes first, the name can follow.
        { kind: 'text', id: 'notifiedRadiologist', label: 'common.consult.radiologist', maxLength: 80 },
        { kind: 'check', id: 'teamInformed', label: 'emergencyHeadCt.teamInformed', required: true },
      ],
      next: 'send',
    },
    sendStep(),
  ],
  siteMustConfirm: [
    'Emergency response 5 min (department) and door-to-CT ≤ 25 min for stroke (AHA/ASA): the emergency clock stops when the scan step starts.',
    'Who may fast-path the screening and preparation steps, and how an unknown/unconscious patient is identified (emergency alias).',
    'Stroke pathway: who decides on CTA/perfusion, and whether CTA may start before a creatinine result (card assumes yes unless kidney failure is known).',
    'After CTA the 30-min contrast observation still runs; closing the card early needs a reason (e.g. handed over to the stroke team).',
    'DLP pass limit 1000 mGy·cm for the plain head is a placeholder: set it to your diagnostic reference level.',
    'Pregnancy does not delay an emergency head CT; the radiologist is told. Confirm with local policy.',
  ],
};
