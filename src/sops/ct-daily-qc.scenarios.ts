import { step, type Scenario } from './scenario';

const warmup = step({ gantryClear: true, warmupStarted: true });
const warmupDone = (systemErrors: boolean) => step({ warmupDone: true, systemErrors });
const airCal = (vendorQcFailed: boolean) => step({ airCalibrationDone: true, vendorQcFailed });
const phantom = (meanHu: number, noiseSd: number, artefacts = false) =>
  step({ meanHu, baselineNoise: 5.0, noiseSd, artefacts });
const outOfService = step({
  markedOutOfService: true,
  serviceCalled: true,
  callReference: 'SR-20461',
  leadInformed: true,
});
const signOff = step({ resultsRecorded: true });
const failPath = ['warmupStart', 'warmupComplete', 'airCalibration', 'waterPhantom', 'outOfService', 'signOff'];

export const ctDailyQcScenarios: Scenario[] = [
  {
    name: 'all checks pass',
    actions: [...warmup, ...warmupDone(false), ...airCal(false), ...phantom(1.2, 5.4), ...signOff],
    expectPath: ['warmupStart', 'warmupComplete', 'airCalibration', 'waterPhantom', 'signOff'],
    expectStatus: 'completed',
  },
  {
    name: 'noise 30% above baseline: out of service',
    actions: [...warmup, ...warmupDone(false), ...airCal(false), ...phantom(0.8, 6.5), ...outOfService, ...signOff],
    expectPath: failPath,
    expectStatus: 'completed',
  },
  {
    name: 'water CT number out of range: out of service',
    actions: [...warmup, ...warmupDone(false), ...airCal(false), ...phantom(7.3, 5.1), ...outOfService, ...signOff],
    expectPath: failPath,
    expectStatus: 'completed',
  },
  {
    name: 'ring artefact: out of service',
    actions: [
      ...warmup,
      ...warmupDone(false),
      ...airCal(false),
      ...phantom(-0.4, 4.9, true),
      ...outOfService,
      ...signOff,
    ],
    expectPath: failPath,
    expectStatus: 'completed',
  },
  {
    name: 'error messages after warm-up: out of service without the phantom',
    actions: [...warmup, ...warmupDone(true), ...outOfService, ...signOff],
    expectPath: ['warmupStart', 'warmupComplete', 'outOfService', 'signOff'],
    expectStatus: 'completed',
  },
  {
    name: 'vendor daily check fails: out of service',
    actions: [...warmup, ...warmupDone(false), ...airCal(true), ...outOfService, ...signOff],
    expectPath: ['warmupStart', 'warmupComplete', 'airCalibration', 'outOfService', 'signOff'],
    expectStatus: 'completed',
  },
  {
    name: 'QC abandoned: planned maintenance',
    actions: [{ type: 'cancel', reason: 'scanner handed to service for planned maintenance' }],
    expectPath: ['warmupStart'],
    expectStatus: 'cancelled',
  },
];
