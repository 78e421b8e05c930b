import { step, type Scenario } from './scenario';

const identity = (guardianPresent: boolean) => step({ twoIdentifiers: true, requestMatches: true, guardianPresent });
const details = (ageYears: number, weightKg: number, pregnancy = 'notApplicable') =>
  step({ ageYears, weightKg, pregnancy });
const immobilisation = (how: string) => step({ immobilisation: how });
const protocol = step({ protocolMatchesWeight: true, scanRangeLimited: true });
const practice = step({ practised: true });
const scan = step({ scanDone: true, dlp: 180 });
const qc = (motionArtefact: boolean) => step({ fullCoverage: true, motionArtefact });
const send = step({ bodyPartExamined: 'head', imagesSent: true });

export const pediatricCtScenarios: Scenario[] = [
  {
    name: 'school-age child with a parent, no aids needed',
    actions: [
      ...identity(true),
      ...details(8, 26.4),
      ...immobilisation('none'),
      ...protocol,
      ...practice,
      ...scan,
      ...qc(false),
      ...send,
    ],
    expectPath: ['identity', 'details', 'immobilisation', 'protocolCheck', 'practice', 'scan', 'imageQc', 'send'],
    expectStatus: 'completed',
  },
  {
    name: 'toddler without a guardian, sedated; practice skipped; motion repeat approved by the radiologist',
    actions: [
      ...identity(false),
      ...step({ consentDocumented: true, escortAssigned: true }),
      ...details(2, 12.5),
      ...immobilisation('sedation'),
      ...step({ fastingConfirmed: true, sedationTeamPresent: true, monitoringOn: true }),
      ...protocol,
      { type: 'skip', reason: 'sedated, cannot practise' },
      ...scan,
      ...qc(true),
      ...step({
        repeatApproved: true,
        repeatRadiologist: 'Dr Liu',
        repeatReason: 'limb movement through the posterior fossa',
        repeatDone: true,
      }),
      ...send,
    ],
    expectPath: [
      'identity',
      'guardianConsent',
      'details',
      'immobilisation',
      'sedationCheck',
      'protocolCheck',
      'practice',
      'scan',
      'imageQc',
      'repeatScan',
      'send',
    ],
    expectStatus: 'completed',
  },
  {
    name: 'adolescent who may be pregnant: radiologist consult first',
    actions: [
      ...identity(true),
      ...details(15, 54, 'unsure'),
      ...step({ radiologistApproved: true, consultRadiologist: 'Dr Liu', doseDiscussed: true }),
      ...step({ immobilisation: 'positioningAids', guardianProtected: true }),
      ...protocol,
      ...practice,
      ...scan,
      ...qc(false),
      ...send,
    ],
    expectPath: [
      'identity',
      'details',
      'pregnancyConsult',
      'immobilisation',
      'protocolCheck',
      'practice',
      'scan',
      'imageQc',
      'send',
    ],
    expectStatus: 'completed',
  },
  {
    name: 'boy of 9: age from the new-exam form, pregnancy filled in as not applicable, never asked twice',
    facts: { ageYears: 9, sex: 'male' },
    actions: [
      ...identity(true),
      ...step({ weightKg: 29 }),
      ...immobilisation('none'),
      ...protocol,
      ...practice,
      ...scan,
      ...qc(false),
      ...send,
    ],
    expectPath: ['identity', 'details', 'immobilisation', 'protocolCheck', 'practice', 'scan', 'imageQc', 'send'],
    expectStatus: 'completed',
  },
  {
    name: 'girl of 7: pregnancy not required below 12',
    facts: { ageYears: 7, sex: 'female' },
    actions: [
      ...identity(true),
      ...step({ weightKg: 22 }),
      ...immobilisation('positioningAids'),
      ...protocol,
      ...practice,
      ...scan,
      ...qc(false),
      ...send,
    ],
    expectPath: ['identity', 'details', 'immobilisation', 'protocolCheck', 'practice', 'scan', 'imageQc', 'send'],
    expectStatus: 'completed',
  },
  {
    name: 'infant in feed-and-wrap wakes and cannot settle',
    actions: [
      ...identity(true),
      ...details(0.3, 6.1),
      ...immobilisation('swaddle'),
      ...protocol,
      { type: 'cancel', reason: 'infant would not settle; rebooked for feed-and-wrap later' },
    ],
    expectPath: ['identity', 'details', 'immobilisation', 'protocolCheck', 'practice'],
    expectStatus: 'cancelled',
  },
];
