// Paediatric CT: identity with the parent/guardian, measured weight for a weight-based protocol,
// the least restrictive way of keeping still (sedation only as a checked branch), practice first,
// and no repeat without the radiologist. Texts: locales/<lng>/sop.json "pediatricCt.*".
// v2: age taken from the new-exam form, pregnancy required from 12 (filled in for boys), radiologists
// by name, who performed the exam.
import type { Condition, SopDefinition } from '../domain/sop/sop.schema';
import { identityItems, options, pregnancyItemWhen, radiologistItem, scanTimers, sendStep } from './shared';

const pregnant: Condition = { op: 'in', item: 'pregnancy', values: ['yes', 'unsure'] };

export const pediatricCt: SopDefinition = {
  schemaVersion: 1,
  id: 'pediatric-ct',
  version: 2,
  kind: 'exam',
  title: 'pediatricCt.title',
  description: 'pediatricCt.description',
  modality: 'CT',
  bodyPart: 'any',
  population: 'pediatric',
  start: 'identity',
  steps: [
    {
      id: 'identity',
      title: 'common.identity.title',
      body: 'pediatricCt.identity.body',
      guidance: 'topic.identity',
      guardianNotes: ['comfort'],
      items: [
        ...identityItems,
        { kind: 'yesno', id: 'guardianPresent', label: 'pediatricCt.guardianPresent', required: true },
      ],
      next: 'details',
      branches: [{ when: { op: 'eq', item: 'guardianPresent', value: false }, goto: 'guardianConsent' }],
    },
    {
      id: 'guardianConsent',
      title: 'pediatricCt.guardianConsent.title',
      body: 'pediatricCt.guardianConsent.body',
      guidance: 'topic.safetyCheck',
      items: [
        { kind: 'check', id: 'consentDocumented', label: 'pediatricCt.consentDocumented', required: true },
        { kind: 'check', id: 'escortAssigned', label: 'pediatricCt.escortAssigned', required: true },
      ],
      next: 'details',
    },
    {
      id: 'details',
      title: 'pediatricCt.details.title',
      guidance: 'topic.childDetails',
      guardianNotes: ['feeding'],
      items: [
        {
          kind: 'number',
          id: 'ageYears',
          label: 'pediatricCt.ageYears',
          required: true,
          prefill: { fact: 'ageYears' }, // already typed on the new-exam form: not asked twice
          unit: 'y',
          min: 0,
          max: 17,
          decimals: 1,
        },
        {
          kind: 'number',
          id: 'weightKg',
          label: 'pediatricCt.weightKg',
          hint: 'pediatricCt.weightKg.hint',
          required: true,
          unit: 'kg',
          min: 0.5,
          max: 150,
          decimals: 1,
        },
        // Asked from age 12 (site confirms); filled in as not applicable for boys.
        pregnancyItemWhen({ op: 'gte', item: 'ageYears', value: 12 }, 'pediatricCt.pregnancy.hint'),
      ],
      next: 'immobilisation',
      branches: [{ when: pregnant, goto: 'pregnancyConsult' }],
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
        { kind: 'check', id: 'doseDiscussed', label: 'common.pregnancyConsult.doseDiscussed', required: true },
      ],
      next: 'immobilisation',
    },
    {
      id: 'immobilisation',
      title: 'pediatricCt.immobilisation.title',
      body: 'pediatricCt.immobilisation.body',
      guidance: 'topic.immobilisation',
      guardianNotes: ['stay', 'lead', 'comfort'],
      items: [
        {
          kind: 'choice',
          id: 'immobilisation',
          label: 'pediatricCt.immobilisation',
          required: true,
          options: options('pediatricCt.immobilisation', ['none', 'swaddle', 'positioningAids', 'sedation']),
        },
        { kind: 'check', id: 'guardianProtected', label: 'pediatricCt.guardianProtected' },
      ],
      next: 'protocolCheck',
      branches: [{ when: { op: 'eq', item: 'immobilisation', value: 'sedation' }, goto: 'sedationCheck' }],
    },
    {
      id: 'sedationCheck',
      title: 'pediatricCt.sedationCheck.title',
      body: 'pediatricCt.sedationCheck.body',
      guidance: 'topic.sedation',
      guardianNotes: ['sedation', 'feeding', 'stay'],
      items: [
        { kind: 'check', id: 'fastingConfirmed', label: 'pediatricCt.fastingConfirmed', required: true },
        { kind: 'check', id: 'sedationTeamPresent', label: 'pediatricCt.sedationTeamPresent', required: true },
        { kind: 'check', id: 'monitoringOn', label: 'pediatricCt.monitoringOn', required: true },
      ],
      next: 'protocolCheck',
    },
    {
      id: 'protocolCheck',
      title: 'pediatricCt.protocolCheck.title',
      items: [
        { kind: 'check', id: 'protocolMatchesWeight', label: 'pediatricCt.protocolMatchesWeight', required: true },
        { kind: 'check', id: 'scanRangeLimited', label: 'pediatricCt.scanRangeLimited', required: true },
      ],
      next: 'practice',
    },
    {
      id: 'practice',
      title: 'pediatricCt.practice.title',
      body: 'pediatricCt.practice.body',
      guidance: 'topic.practice',
      guardianNotes: ['comfort'],
      breathHold: { holdSeconds: 5 },
      skippable: true,
      emergencySkip: true,
      items: [{ kind: 'check', id: 'practised', label: 'pediatricCt.practised', required: true }],
      next: 'scan',
    },
    {
      id: 'scan',
      title: 'common.scan.title',
      guidance: 'topic.ctScan',
      guardianNotes: ['stay', 'lead'],
      timers: scanTimers,
      items: [
        { kind: 'check', id: 'scanDone', label: 'common.scan.done', required: true },
        { kind: 'number', id: 'dlp', label: 'common.scan.dlp', unit: 'mGy·cm', min: 0, max: 5000 },
      ],
      next: 'imageQc',
    },
    {
      id: 'imageQc',
      title: 'common.imageQc.title',
      items: [
        { kind: 'check', id: 'fullCoverage', label: 'pediatricCt.fullCoverage', required: true },
        { kind: 'yesno', id: 'motionArtefact', label: 'common.imageQc.motionArtefact', required: true },
      ],
      next: 'send',
      branches: [{ when: { op: 'eq', item: 'motionArtefact', value: true }, goto: 'repeatScan' }],
    },
    {
      id: 'repeatScan',
      title: 'common.repeatScan.title',
      body: 'pediatricCt.repeatScan.body',
      guidance: 'topic.repeatScan',
      guardianNotes: ['stay', 'lead', 'comfort'],
      items: [
        { kind: 'check', id: 'repeatApproved', label: 'pediatricCt.repeatApproved', required: true },
        radiologistItem('repeatRadiologist'),
        { kind: 'text', id: 'repeatReason', label: 'common.repeatScan.reason', required: true, maxLength: 200 },
        { kind: 'check', id: 'repeatDone', label: 'common.repeatScan.done', required: true },
      ],
      next: 'send',
    },
    sendStep(),
  ],
  siteMustConfirm: [
    'Weight bands and the paediatric protocol for each band (kV, mAs/reference noise, contrast dose) come from the site protocol book.',
    'Consent when no parent/guardian is present (phone consent, emergency treatment) follows local law and policy.',
    'Pregnancy screening: the card requires the question from age 12 (requiredWhen); set the age your site uses (e.g. menarche), and ask in private.',
    'Paediatric sedation policy: fasting times, who sedates, monitoring and recovery; sedation is a planned decision, not a step-card choice on the day.',
    'Practice hold of 5 s is a placeholder; modern scanners need short holds for children. Breath-hold practice is skipped for infants and sedated children (with a reason).',
    'No DLP pass limit is set: paediatric reference levels depend on age/size; set them per band if wanted.',
    'Card body part is "any": the body part examined is typed on the send step.',
  ],
};
