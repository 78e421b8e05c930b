// QC test sets: the tests a scanner's daily / weekly / … QC (or its acceptance or return-to-service
// test) measures, each numeric test with its reference and windows. Sets are versioned: editing one
// records a new version, and every result carries a copy of the tests it was measured against.
// Defaults follow the ACR CT and MRI QC manuals; a site records its own references (noise baseline).
import type { Modality } from '../scanners/scanner';
import type { Schedule } from './schedule';
import type { Tolerance } from './tolerance';

export type QcPurpose = 'routine' | 'acceptance' | 'returnToService';

export type QcTest =
  | {
      readonly id: string;
      readonly label: string;
      readonly kind: 'numeric';
      readonly unit: string;
      readonly tolerance: Tolerance;
    }
  | { readonly id: string; readonly label: string; readonly kind: 'passFail' };

export type QcTestSet = {
  readonly setId: string;
  readonly version: number;
  readonly label: string;
  readonly purpose: QcPurpose;
  readonly schedule: Schedule;
  readonly tests: readonly QcTest[];
};

const DAILY: Schedule = { frequency: 'daily', dueWithinDays: 0, dueBy: '08:00' };
const YEARLY: Schedule = { frequency: 'yearly', dueWithinDays: 364, dueBy: '23:59' };

const CT_TESTS: readonly QcTest[] = [
  // ACR CT QC manual: water mean CT number within −5..+5 HU; drift beyond ±4 HU is worth a look first.
  {
    id: 'waterHu',
    label: 'Water CT number',
    kind: 'numeric',
    unit: 'HU',
    tolerance: { reference: 0, kind: 'absolute', tolerance: 4, action: 5 },
  },
  // Noise within 20 % of the site's baseline (only higher noise fails).
  {
    id: 'noiseSd',
    label: 'Noise (SD)',
    kind: 'numeric',
    unit: 'HU',
    tolerance: { reference: 5, kind: 'percent', tolerance: 10, action: 20, side: 'upper' },
  },
  { id: 'artefacts', label: 'No visible artefacts', kind: 'passFail' },
  { id: 'vendorQc', label: 'Vendor daily QC passed', kind: 'passFail' },
];

const MR_TESTS: readonly QcTest[] = [
  {
    id: 'geometry',
    label: 'Geometric accuracy (190 mm)',
    kind: 'numeric',
    unit: 'mm',
    tolerance: { reference: 190, kind: 'absolute', tolerance: 1, action: 2 },
  },
  {
    id: 'ghosting',
    label: 'Percent ghosting',
    kind: 'numeric',
    unit: '%',
    tolerance: { reference: 0, kind: 'absolute', tolerance: 2, action: 2.5, side: 'upper' },
  },
  {
    id: 'lowContrast',
    label: 'Low-contrast spokes',
    kind: 'numeric',
    unit: 'spokes',
    tolerance: { reference: 40, kind: 'absolute', tolerance: 2, action: 3, side: 'lower' },
  },
  { id: 'artefacts', label: 'No visible artefacts', kind: 'passFail' },
];

/** The sets a scanner starts with, until the department records its own versions. */
export function defaultTestSets(modality: Modality): QcTestSet[] {
  const tests = modality === 'CT' ? CT_TESTS : MR_TESTS;
  const m = modality === 'CT' ? 'CT' : 'MRI';
  return [
    { setId: 'daily', version: 1, label: `${m} daily QC`, purpose: 'routine', schedule: DAILY, tests },
    { setId: 'acceptance', version: 1, label: `${m} acceptance test`, purpose: 'acceptance', schedule: YEARLY, tests },
    {
      setId: 'returnToService',
      version: 1,
      label: `${m} return-to-service QC`,
      purpose: 'returnToService',
      schedule: YEARLY,
      tests,
    },
  ];
}
