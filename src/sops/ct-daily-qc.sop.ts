// CT daily QC (ACR CT QC manual, before the first clinical scan): tube warm-up within the
// department's 3 minutes, air calibration, water phantom CT number, noise against the site's
// baseline and artefacts. Any failure takes the scanner out of service. Vendor QC takes
// precedence. Texts: locales/<lng>/sop.json "ctDailyQc.*" and "common.qc.*".
import type { SopDefinition } from '../domain/sop/sop.schema';
import { qcOutOfServiceStep, qcSignOffStep } from './shared';

export const ctDailyQc: SopDefinition = {
  schemaVersion: 1,
  id: 'ct-daily-qc',
  version: 1,
  kind: 'qc',
  title: 'ctDailyQc.title',
  description: 'ctDailyQc.description',
  modality: 'CT',
  bodyPart: 'qc',
  start: 'warmupStart',
  steps: [
    {
      id: 'warmupStart',
      title: 'common.qc.warmupStart.title',
      body: 'ctDailyQc.warmupStart.body',
      timers: [{ timer: 'warmupCt', action: 'start', on: 'leave' }],
      items: [
        { kind: 'check', id: 'gantryClear', label: 'ctDailyQc.gantryClear', required: true },
        { kind: 'check', id: 'warmupStarted', label: 'ctDailyQc.warmupStarted', required: true },
      ],
      next: 'warmupComplete',
    },
    {
      id: 'warmupComplete',
      title: 'common.qc.warmupComplete.title',
      timers: [{ timer: 'warmupCt', action: 'stop', on: 'leave' }],
      items: [
        { kind: 'check', id: 'warmupDone', label: 'common.qc.warmupDone', required: true },
        { kind: 'yesno', id: 'systemErrors', label: 'common.qc.systemErrors', required: true },
      ],
      next: 'airCalibration',
      branches: [{ when: { op: 'eq', item: 'systemErrors', value: true }, goto: 'outOfService' }],
    },
    {
      id: 'airCalibration',
      title: 'ctDailyQc.airCalibration.title',
      body: 'ctDailyQc.airCalibration.body',
      items: [
        { kind: 'check', id: 'airCalibrationDone', label: 'ctDailyQc.airCalibrationDone', required: true },
        { kind: 'yesno', id: 'vendorQcFailed', label: 'ctDailyQc.vendorQcFailed', required: true },
      ],
      next: 'waterPhantom',
      branches: [{ when: { op: 'eq', item: 'vendorQcFailed', value: true }, goto: 'outOfService' }],
    },
    {
      id: 'waterPhantom',
      title: 'ctDailyQc.waterPhantom.title',
      body: 'ctDailyQc.waterPhantom.body',
      items: [
        {
          kind: 'number',
          id: 'meanHu',
          label: 'ctDailyQc.meanHu',
          required: true,
          unit: 'HU',
          min: -100,
          max: 100,
          decimals: 1,
          accept: { min: -5, max: 5 },
        },
        {
          kind: 'number',
          id: 'baselineNoise',
          label: 'ctDailyQc.baselineNoise',
          hint: 'ctDailyQc.baselineNoise.hint',
          required: true,
          unit: 'HU',
          min: 0.1,
          max: 100,
          decimals: 1,
        },
        {
          kind: 'number',
          id: 'noiseSd',
          label: 'ctDailyQc.noiseSd',
          required: true,
          unit: 'HU',
          min: 0,
          max: 100,
          decimals: 1,
          acceptWithinPercentOf: { item: 'baselineNoise', percent: 20 },
        },
        { kind: 'yesno', id: 'artefacts', label: 'ctDailyQc.artefacts', required: true },
      ],
      next: 'signOff',
      branches: [
        {
          when: {
            op: 'any',
            of: [
              { op: 'fails', item: 'meanHu' },
              { op: 'fails', item: 'noiseSd' },
              { op: 'eq', item: 'artefacts', value: true },
            ],
          },
          goto: 'outOfService',
        },
      ],
    },
    qcOutOfServiceStep,
    qcSignOffStep,
  ],
  siteMustConfirm: [
    'Vendor daily QC and calibration take precedence; align this card with the vendor procedure for your scanner.',
    'Water phantom protocol (kV, mA, slice, reconstruction) and ROI size (~400 mm², central) as in your QC manual.',
    'Baseline noise (SD) per protocol comes from your acceptance test/physicist; it is entered on each run because the card has no site settings.',
    'Pass ranges: mean CT number of water −5..+5 HU (ACR), noise within ±20% of baseline (ACR); your physicist may set tighter limits.',
    'Warm-up limit 3 min is the department standard (timer settings).',
    'Who is called when QC fails (service engineer, physicist) and how the scanner is marked out of service.',
  ],
};
