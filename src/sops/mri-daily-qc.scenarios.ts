import { step, type Scenario } from './scenario';

const warmup = step({ roomClear: true, warmupStarted: true });
const warmupDone = (systemErrors: boolean) => step({ warmupDone: true, systemErrors });
const setup = step({ phantomPositioned: true, seriesAcquired: true });
const geometry = (over: Record<string, number | string> = {}) =>
  step({ geometricError: 0.8, highContrastResolution: 'mm10', sliceThickness: 5.2, slicePosition: -1.5, ...over });
const uniformity = (over: Record<string, number> = {}) =>
  step({ uniformityPiu: 91.3, ghosting: 0.6, lowContrastSpokes: 34, ...over });
const outOfService = step({ markedOutOfService: true, serviceCalled: true, leadInformed: true });
const signOff = step({ resultsRecorded: true, qcNotes: 'all within limits' });

export const mriDailyQcScenarios: Scenario[] = [
  {
    name: 'all ACR measures pass',
    actions: [...warmup, ...warmupDone(false), ...setup, ...geometry(), ...uniformity(), ...signOff],
    expectPath: ['warmupStart', 'warmupComplete', 'phantomSetup', 'geometry', 'uniformity', 'signOff'],
    expectStatus: 'completed',
  },
  {
    name: 'high-contrast resolution only 1.1 mm: out of service',
    actions: [
      ...warmup,
      ...warmupDone(false),
      ...setup,
      ...geometry({ highContrastResolution: 'mm11' }),
      ...outOfService,
      ...signOff,
    ],
    expectPath: ['warmupStart', 'warmupComplete', 'phantomSetup', 'geometry', 'outOfService', 'signOff'],
    expectStatus: 'completed',
  },
  {
    name: 'slice thickness out of range: out of service',
    actions: [
      ...warmup,
      ...warmupDone(false),
      ...setup,
      ...geometry({ sliceThickness: 6.1 }),
      ...outOfService,
      ...signOff,
    ],
    expectPath: ['warmupStart', 'warmupComplete', 'phantomSetup', 'geometry', 'outOfService', 'signOff'],
    expectStatus: 'completed',
  },
  {
    name: 'ghosting above 2.5%: out of service',
    actions: [
      ...warmup,
      ...warmupDone(false),
      ...setup,
      ...geometry(),
      ...uniformity({ ghosting: 3.1 }),
      ...outOfService,
      ...signOff,
    ],
    expectPath: ['warmupStart', 'warmupComplete', 'phantomSetup', 'geometry', 'uniformity', 'outOfService', 'signOff'],
    expectStatus: 'completed',
  },
  {
    name: 'errors after start-up: out of service without the phantom',
    actions: [...warmup, ...warmupDone(true), ...outOfService, ...signOff],
    expectPath: ['warmupStart', 'warmupComplete', 'outOfService', 'signOff'],
    expectStatus: 'completed',
  },
  {
    name: 'QC abandoned: phantom not available',
    actions: [...warmup, { type: 'cancel', reason: 'phantom away for calibration; physicist informed' }],
    expectPath: ['warmupStart', 'warmupComplete'],
    expectStatus: 'cancelled',
  },
];
