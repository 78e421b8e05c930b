// MRI daily QC with the ACR large phantom: system warm-up within the department's 10 minutes,
// then the seven ACR measures. Pass ranges are ACR-style placeholders a site must confirm for its
// field strength. Any failure takes the scanner out of service.
// Texts: locales/<lng>/sop.json "mriDailyQc.*" and "common.qc.*".
import type { Condition, SopDefinition } from '../domain/sop/sop.schema';
import { options, qcOutOfServiceStep, qcSignOffStep } from './shared';

const anyFails = (...items: string[]): Condition => ({ op: 'any', of: items.map((item) => ({ op: 'fails', item })) });

export const mriDailyQc: SopDefinition = {
  schemaVersion: 1,
  id: 'mri-daily-qc',
  version: 1,
  kind: 'qc',
  title: 'mriDailyQc.title',
  description: 'mriDailyQc.description',
  modality: 'MR',
  bodyPart: 'qc',
  start: 'warmupStart',
  steps: [
    {
      id: 'warmupStart',
      title: 'common.qc.warmupStart.title',
      body: 'mriDailyQc.warmupStart.body',
      timers: [{ timer: 'warmupMr', action: 'start', on: 'leave' }],
      items: [
        { kind: 'check', id: 'roomClear', label: 'mriDailyQc.roomClear', required: true },
        { kind: 'check', id: 'warmupStarted', label: 'mriDailyQc.warmupStarted', required: true },
      ],
      next: 'warmupComplete',
    },
    {
      id: 'warmupComplete',
      title: 'common.qc.warmupComplete.title',
      timers: [{ timer: 'warmupMr', action: 'stop', on: 'leave' }],
      items: [
        { kind: 'check', id: 'warmupDone', label: 'common.qc.warmupDone', required: true },
        { kind: 'yesno', id: 'systemErrors', label: 'common.qc.systemErrors', required: true },
      ],
      next: 'phantomSetup',
      branches: [{ when: { op: 'eq', item: 'systemErrors', value: true }, goto: 'outOfService' }],
    },
    {
      id: 'phantomSetup',
      title: 'mriDailyQc.phantomSetup.title',
      body: 'mriDailyQc.phantomSetup.body',
      items: [
        { kind: 'check', id: 'phantomPositioned', label: 'mriDailyQc.phantomPositioned', required: true },
        { kind: 'check', id: 'seriesAcquired', label: 'mriDailyQc.seriesAcquired', required: true },
      ],
      next: 'geometry',
    },
    {
      id: 'geometry',
      title: 'mriDailyQc.geometry.title',
      items: [
        { kind: 'number', id: 'geometricError', label: 'mriDailyQc.geometricError', hint: 'mriDailyQc.geometricError.hint',
          required: true, unit: 'mm', min: -20, max: 20, decimals: 1, accept: { min: -2, max: 2 } },
        { kind: 'choice', id: 'highContrastResolution', label: 'mriDailyQc.highContrastResolution',
          hint: 'mriDailyQc.highContrastResolution.hint', required: true,
          options: options('mriDailyQc.highContrastResolution', ['mm09', 'mm10', 'mm11', 'worse']) },
        { kind: 'number', id: 'sliceThickness', label: 'mriDailyQc.sliceThickness', hint: 'mriDailyQc.sliceThickness.hint',
          required: true, unit: 'mm', min: 0, max: 20, decimals: 1, accept: { min: 4.3, max: 5.7 } },
        { kind: 'number', id: 'slicePosition', label: 'mriDailyQc.slicePosition', hint: 'mriDailyQc.slicePosition.hint',
          required: true, unit: 'mm', min: -20, max: 20, decimals: 1, accept: { min: -5, max: 5 } },
      ],
      next: 'uniformity',
      branches: [
        {
          when: {
            op: 'any',
            of: [
              anyFails('geometricError', 'sliceThickness', 'slicePosition'),
              { op: 'in', item: 'highContrastResolution', values: ['mm11', 'worse'] },
            ],
          },
          goto: 'outOfService',
        },
      ],
    },
    {
      id: 'uniformity',
      title: 'mriDailyQc.uniformity.title',
      items: [
        { kind: 'number', id: 'uniformityPiu', label: 'mriDailyQc.uniformityPiu', hint: 'mriDailyQc.uniformityPiu.hint',
          required: true, unit: '%', min: 0, max: 100, decimals: 1, accept: { min: 87.5 } },
        { kind: 'number', id: 'ghosting', label: 'mriDailyQc.ghosting',
          required: true, unit: '%', min: 0, max: 100, decimals: 2, accept: { max: 2.5 } },
        { kind: 'number', id: 'lowContrastSpokes', label: 'mriDailyQc.lowContrastSpokes', hint: 'mriDailyQc.lowContrastSpokes.hint',
          required: true, unit: 'n', min: 0, max: 40, accept: { min: 9 } },
      ],
      next: 'signOff',
      branches: [{ when: anyFails('uniformityPiu', 'ghosting', 'lowContrastSpokes'), goto: 'outOfService' }],
    },
    qcOutOfServiceStep,
    qcSignOffStep,
  ],
  siteMustConfirm: [
    'Phantom protocol: ACR large phantom, sagittal localiser and ACR axial T1 series (or the vendor/site daily protocol); vendor QC takes precedence.',
    'Geometry step: geometric accuracy pass ±2 mm (ACR) against the true lengths of your phantom.',
    'Geometry step: high-contrast resolution pass is 1.0 mm resolved (ACR); 1.1 mm or worse fails.',
    'Geometry step: slice thickness pass 5.0 ± 0.7 mm assumes a 5 mm nominal slice; slice position pass ±5 mm (ACR) — set for your protocol.',
    'Uniformity step: PIU ≥ 87.5% is the ACR value below 3 T; at 3 T ACR uses ≥ 82%. Ghosting ≤ 2.5% (ACR).',
    'Uniformity step: low-contrast detectability ≥ 9 spokes (total over 4 slices) is a 1.5 T placeholder; current ACR guidance may require more (e.g. ≥ 30 at 1.5 T, ≥ 37 at 3 T) — confirm with your physicist.',
    'Warm-up limit 10 min is the department standard (timer settings); add helium level/cold-head checks if your vendor requires them.',
  ],
};
