// Brain MRI (non-contrast): MRI safety screening, implant clearance, zone III access, the final
// check at the zone IV door, head coil with hearing protection. Texts: locales/<lng>/sop.json
// "brainMri.*". No safety step is skippable or on the emergency fast path.
// v2: radiologists by name on clearance and consult, pregnancy filled in for men, who performed it.
import type { Condition, SopDefinition } from '../domain/sop/sop.schema';
import { identityStep, options, pregnancyItem, radiologistItem, scanTimers, sendStep } from './shared';

/** Screening answers that need an implant / metal clearance before zone III. */
const IMPLANT_ITEMS = [
  'pacemaker',
  'heartValve',
  'aneurysmClip',
  'neurostimulator',
  'cochlearImplant',
  'drugPump',
  'metalInEye',
  'orthopaedicImplant',
  'iud',
] as const;
const anyImplant: Condition = { op: 'any', of: IMPLANT_ITEMS.map((item) => ({ op: 'eq', item, value: true })) };
const pregnant: Condition = { op: 'in', item: 'pregnancy', values: ['yes', 'unsure'] };
const yesNo = (id: string) => ({ kind: 'yesno' as const, id, label: `brainMri.${id}`, required: true });

export const brainMri: SopDefinition = {
  schemaVersion: 1,
  id: 'brain-mri',
  version: 2,
  kind: 'exam',
  title: 'brainMri.title',
  description: 'brainMri.description',
  modality: 'MR',
  bodyPart: 'head',
  population: 'adult',
  start: 'identity',
  steps: [
    identityStep('screening'),
    {
      id: 'screening',
      title: 'brainMri.screening.title',
      body: 'brainMri.screening.body',
      guidance: 'topic.mriScreening',
      items: [...IMPLANT_ITEMS.map(yesNo), yesNo('tattoo'), pregnancyItem, yesNo('claustrophobia')],
      next: 'zoneAccess',
      branches: [
        { when: anyImplant, goto: 'implantClearance' },
        { when: pregnant, goto: 'pregnancyConsult' },
      ],
    },
    {
      id: 'implantClearance',
      title: 'brainMri.implantClearance.title',
      body: 'brainMri.implantClearance.body',
      guidance: 'topic.safetyCheck',
      items: [
        { kind: 'text', id: 'implantDetails', label: 'brainMri.implantDetails', required: true, maxLength: 300 },
        {
          kind: 'choice',
          id: 'implantStatus',
          label: 'brainMri.implantStatus',
          required: true,
          options: options('brainMri.implantStatus', ['mrSafe', 'mrConditional', 'mrUnsafe', 'unknown']),
        },
        { kind: 'check', id: 'conditionsSet', label: 'brainMri.conditionsSet', required: true },
        { kind: 'check', id: 'radiologistCleared', label: 'brainMri.radiologistCleared', required: true },
        radiologistItem('clearingRadiologist'),
        { kind: 'check', id: 'mrsoCleared', label: 'brainMri.mrsoCleared', required: true },
      ],
      next: 'zoneAccess',
      branches: [{ when: pregnant, goto: 'pregnancyConsult' }],
    },
    {
      id: 'pregnancyConsult',
      title: 'common.pregnancyConsult.title',
      body: 'brainMri.pregnancyConsult.body',
      guidance: 'topic.safetyCheck',
      items: [
        {
          kind: 'check',
          id: 'radiologistApproved',
          label: 'common.pregnancyConsult.radiologistApproved',
          required: true,
        },
        radiologistItem('consultRadiologist'),
        { kind: 'check', id: 'pregnancyRiskDiscussed', label: 'brainMri.pregnancyRiskDiscussed', required: true },
      ],
      next: 'zoneAccess',
    },
    {
      id: 'zoneAccess',
      title: 'brainMri.zoneAccess.title',
      body: 'brainMri.zoneAccess.body',
      guidance: 'topic.mriZoneAccess',
      items: [
        { kind: 'check', id: 'screeningFormSigned', label: 'brainMri.screeningFormSigned', required: true },
        { kind: 'check', id: 'escortedZoneIII', label: 'brainMri.escortedZoneIII', required: true },
        { kind: 'check', id: 'companionScreened', label: 'brainMri.companionScreened' },
      ],
      next: 'finalCheck',
    },
    {
      id: 'finalCheck',
      title: 'brainMri.finalCheck.title',
      body: 'brainMri.finalCheck.body',
      guidance: 'topic.mriFinalCheck',
      items: [
        { kind: 'check', id: 'changedIntoGown', label: 'brainMri.changedIntoGown', required: true },
        { kind: 'check', id: 'looseMetalRemoved', label: 'brainMri.looseMetalRemoved', required: true },
        { kind: 'check', id: 'metalDetector', label: 'brainMri.metalDetector' },
        { kind: 'check', id: 'finalVerbalCheck', label: 'brainMri.finalVerbalCheck', required: true },
      ],
      next: 'positioning',
    },
    {
      id: 'positioning',
      title: 'common.positioning.title',
      body: 'brainMri.positioning.body',
      guidance: 'topic.mriPositioning',
      items: [
        { kind: 'check', id: 'headCoil', label: 'brainMri.headCoil', required: true },
        { kind: 'check', id: 'hearingProtection', label: 'brainMri.hearingProtection', required: true },
        { kind: 'check', id: 'callBell', label: 'brainMri.callBell', required: true },
        { kind: 'check', id: 'noSkinLoops', label: 'brainMri.noSkinLoops', required: true },
        { kind: 'check', id: 'anxietySupport', label: 'brainMri.anxietySupport' },
      ],
      next: 'scan',
    },
    {
      id: 'scan',
      title: 'common.scan.title',
      guidance: 'topic.mriScan',
      timers: scanTimers,
      items: [
        { kind: 'check', id: 'sequencesDone', label: 'brainMri.sequencesDone', required: true },
        { kind: 'check', id: 'patientChecked', label: 'brainMri.patientChecked', required: true },
      ],
      next: 'imageQc',
    },
    {
      id: 'imageQc',
      title: 'common.imageQc.title',
      items: [
        { kind: 'check', id: 'fullCoverage', label: 'brainMri.fullCoverage', required: true },
        { kind: 'yesno', id: 'motionArtefact', label: 'common.imageQc.motionArtefact', required: true },
      ],
      next: 'send',
      branches: [{ when: { op: 'eq', item: 'motionArtefact', value: true }, goto: 'repeatScan' }],
    },
    {
      id: 'repeatScan',
      title: 'common.repeatScan.title',
      guidance: 'topic.repeatScan',
      items: [
        { kind: 'text', id: 'repeatReason', label: 'common.repeatScan.reason', required: true, maxLength: 200 },
        { kind: 'check', id: 'repeatDone', label: 'brainMri.repeatDone', required: true },
      ],
      next: 'send',
    },
    sendStep(),
  ],
  siteMustConfirm: [
    'Screening step: the questions must match your written MRI screening form; "unsure" is answered yes.',
    'Implant clearance step: the card requires radiologist AND MR safety officer clearance for every implant, including plates, joint replacements and IUDs; a site may allow MR personnel to clear items on a local approved list. MR Unsafe or unidentified implants are not scanned (cancel the card).',
    'Implant clearance step: cardiac devices also need the cardiology/device team (programming, monitoring) per local protocol.',
    'Pregnancy: non-contrast MRI may be done in any trimester when justified; confirm local policy.',
    'Zone access and final check steps: who counts as MR personnel, companion screening, and whether a ferromagnetic detector is used (optional item).',
    'Positioning step: hearing protection type (earplugs and pads) for your scanner and field strength.',
  ],
};
