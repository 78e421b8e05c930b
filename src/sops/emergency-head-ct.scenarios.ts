import { step, type Scenario } from './scenario';

const identity = step({ idBandChecked: true, requestMatches: true });
const indication = (indication: string, lastKnownWell?: string) =>
  step(lastKnownWell ? { indication, lastKnownWell } : { indication });
const position = step({ headInHolder: true, linesFree: true });
const scan = step({ scanDone: true, dlp: 880 });
const qc = (motionArtefact: boolean) => step({ fullCoverage: true, motionArtefact });
const notify = step({ radiologistNotified: true, teamInformed: true });
const send = step({ bodyPartExamined: 'head', imagesSent: true });

export const emergencyHeadCtScenarios: Scenario[] = [
  {
    name: 'stroke code: fast path past screening, CTA + perfusion, closed early on hand-over to the stroke team',
    priority: 'emergency',
    actions: [
      ...identity,
      ...indication('strokeCode', '07:40 today'),
      { type: 'fastPath', reason: 'stroke code, patient aphasic' },
      ...position,
      ...scan,
      ...step({ advancedImaging: 'ctaPerfusion' }),
      ...step({ contrastAgent: 'iopamidol', contrastVolumeMl: 90, contrastLot: 'P2411-03', angioDone: true }),
      ...qc(false),
      ...notify,
      ...step(
        { bodyPartExamined: 'head; CTA head and neck; CT perfusion', imagesSent: true },
        { type: 'next', earlyCloseReason: 'handed over to the stroke team for thrombolysis' },
      ),
    ],
    expectPath: [
      'identity',
      'indication',
      'screening',
      'positioning',
      'scan',
      'strokeDecision',
      'angioScan',
      'imageQc',
      'notifyRadiologist',
      'send',
    ],
    expectStatus: 'completed',
  },
  {
    name: 'stroke code, screening skipped with a reason, plain CT only',
    priority: 'emergency',
    actions: [
      ...identity,
      ...indication('strokeCode', 'unknown, found on waking'),
      { type: 'skip', reason: 'patient unresponsive, no relative present' },
      ...step({ metalRemoved: true }),
      ...position,
      ...scan,
      ...step({ advancedImaging: 'none' }),
      ...qc(false),
      ...notify,
      ...send,
    ],
    expectPath: [
      'identity',
      'indication',
      'screening',
      'preparation',
      'positioning',
      'scan',
      'strokeDecision',
      'imageQc',
      'notifyRadiologist',
      'send',
    ],
    expectStatus: 'completed',
  },
  {
    name: 'trauma, fast path; agitated patient forces a repeat',
    priority: 'emergency',
    actions: [
      ...identity,
      ...indication('trauma'),
      { type: 'fastPath', reason: 'head injury, GCS 9' },
      ...position,
      ...scan,
      ...qc(true),
      ...step({ repeatReason: 'head movement, patient agitated', repeatDone: true }),
      ...notify,
      ...send,
    ],
    expectPath: [
      'identity',
      'indication',
      'screening',
      'positioning',
      'scan',
      'imageQc',
      'repeatScan',
      'notifyRadiologist',
      'send',
    ],
    expectStatus: 'completed',
  },
  {
    name: 'urgent headache: full screening and preparation',
    priority: 'urgent',
    actions: [
      ...identity,
      ...indication('other'),
      ...step({ pregnancy: 'no', priorReaction: false, kidneyDisease: false }),
      ...step({ metalRemoved: true }),
      ...position,
      ...scan,
      ...qc(false),
      ...notify,
      ...send,
    ],
    expectPath: [
      'identity',
      'indication',
      'screening',
      'preparation',
      'positioning',
      'scan',
      'imageQc',
      'notifyRadiologist',
      'send',
    ],
    expectStatus: 'completed',
  },
  {
    name: 'patient deteriorates on the table',
    priority: 'emergency',
    actions: [
      ...identity,
      ...indication('trauma'),
      { type: 'fastPath', reason: 'multiple trauma' },
      { type: 'cancel', reason: 'cardiac arrest, taken to the resuscitation room' },
    ],
    expectPath: ['identity', 'indication', 'screening', 'positioning'],
    expectStatus: 'cancelled',
  },
];
