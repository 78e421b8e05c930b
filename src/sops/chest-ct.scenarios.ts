import { step, type Scenario } from './scenario';

const identity = step({ twoIdentifiers: true, requestMatches: true });
const prep = step({ metalRemoved: true, procedureExplained: true });
const position = step({ supineArmsUp: true, centred: true });
const breath = step({ breathHoldPractised: true });
const scan = step({ protocol: 'routine', scanDone: true, dlp: 320 });
const send = step({ bodyPartExamined: 'chest', imagesSent: true });

export const chestCtScenarios: Scenario[] = [
  {
    name: 'routine adult, no findings',
    actions: [
      ...identity,
      ...step({ pregnancy: 'notApplicable' }),
      ...prep,
      ...position,
      ...breath,
      ...scan,
      ...step({ fullCoverage: true, motionArtefact: false, reconstructions: true }),
      ...send,
    ],
    expectPath: ['identity', 'screening', 'preparation', 'positioning', 'breathHold', 'scan', 'imageQc', 'send'],
    expectStatus: 'completed',
  },
  {
    name: 'possible pregnancy goes to radiologist consult; motion artefact forces a repeat',
    actions: [
      ...identity,
      ...step({ pregnancy: 'unsure' }),
      ...step({ radiologistApproved: true, consultRadiologist: 'Dr Zhao', shieldingDiscussed: true }),
      ...prep,
      ...position,
      ...breath,
      ...scan,
      ...step({ fullCoverage: true, motionArtefact: true, reconstructions: true }),
      ...step({ repeatReason: 'breathing during scan', repeatDone: true }),
      ...send,
    ],
    expectPath: [
      'identity',
      'screening',
      'pregnancyConsult',
      'preparation',
      'positioning',
      'breathHold',
      'scan',
      'imageQc',
      'repeatScan',
      'send',
    ],
    expectStatus: 'completed',
  },
  {
    name: 'emergency fast path from screening, breath-hold skipped with a reason',
    priority: 'emergency',
    actions: [
      ...identity,
      { type: 'fastPath', reason: 'trauma, unstable' },
      ...position,
      { type: 'skip', reason: 'patient intubated' },
      ...scan,
      ...step({ fullCoverage: true, motionArtefact: false, reconstructions: true }),
      ...send,
    ],
    expectPath: ['identity', 'screening', 'positioning', 'breathHold', 'scan', 'imageQc', 'send'],
    expectStatus: 'completed',
  },
  {
    name: 'patient leaves before the scan',
    actions: [...identity, { type: 'cancel', reason: 'patient left the department' }],
    expectPath: ['identity', 'screening'],
    expectStatus: 'cancelled',
  },
];
