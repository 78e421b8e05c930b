// A completed contrast CT exam with every kind of deviation, and the site settings for the export.
import type { CompletedExam, FhirExportConfig } from '../../../src/server/integration/fhir/completed-exam';

export const SITE: FhirExportConfig = {
  accessionSystem: 'urn:oid:1.2.156.112605.1.2',
  patientSystem: 'urn:oid:1.2.156.112605.1.1',
  userSystem: 'urn:oid:1.2.156.112605.9.1',
  codeSystem: 'urn:oid:1.2.156.112605.9.2',
};

const T0 = Date.UTC(2025, 2, 1, 0, 30); // 08:30 in Beijing
const MIN = 60_000;

export const CONTRAST_CT: CompletedExam = {
  runId: '0f6f3c1e-9a51-4c1b-8d0c-2f4a8f1b7e10',
  accessionNumber: 'ACC-2025-0042',
  patient: { id: 'MRN-778' },
  requestedProcedure: { code: '24627-2', system: 'http://loinc.org', meaning: 'Chest CT' },
  card: { id: 'contrast-abdomen-ct', version: 2, title: 'Contrast-enhanced abdomen CT' },
  modality: 'CT',
  scanner: 'CT 1',
  performer: { userId: 'wang', name: 'Wang Li' },
  startedAt: T0,
  completedAt: T0 + 48 * MIN,
  studyInstanceUid: '1.2.826.0.1.3680043.2.1125.1',
  bodyPart: 'Abdomen',
  imagesSent: true,
  contrast: { agent: 'Iohexol 350 mgI/mL', volumeMl: 80, at: T0 + 12 * MIN },
  contrastReaction: {
    at: T0 + 20 * MIN,
    severity: 'moderate',
    kind: 'allergic-like',
    description: 'urticaria, treated',
  },
  timers: [
    {
      id: 'warmupCt',
      kind: 'limit',
      startedAt: T0 - 5 * MIN,
      deadline: T0 - 2 * MIN,
      stoppedAt: T0 - 1 * MIN,
      deviation: true,
    },
    {
      id: 'contrastObservation',
      kind: 'wait',
      startedAt: T0 + 12 * MIN,
      deadline: T0 + 42 * MIN,
      stoppedAt: T0 + 30 * MIN,
      deviation: true,
    },
    {
      id: 'emergencyResponse',
      kind: 'limit',
      startedAt: T0,
      deadline: T0 + 5 * MIN,
      stoppedAt: T0 + 2 * MIN,
      deviation: false,
    },
  ],
  skips: [{ stepId: 'breathHold', reason: 'patient intubated', at: T0 + 8 * MIN }],
  fastPaths: [{ fromStep: 'screening', skipped: ['renal', 'consent'], reason: 'trauma call', at: T0 + 3 * MIN }],
  earlyCloseReason: 'patient transferred to ICU',
  qcValues: [
    { itemId: 'ctdiVol', label: 'CTDIvol', value: 14.2, unit: 'mGy', failed: false },
    { itemId: 'imageQualityOk', label: 'Image quality acceptable', value: true },
  ],
};

/** The smallest exam: no contrast, no deviations, booking from DICOM (no FHIR ids). */
export const PLAIN_CT: CompletedExam = {
  ...CONTRAST_CT,
  runId: '5b0e7d7a-3f42-4a8e-9d7e-0c1f2a3b4c5d',
  requestedProcedure: undefined,
  studyInstanceUid: undefined,
  imagesSent: undefined,
  contrast: undefined,
  contrastReaction: undefined,
  timers: [],
  skips: [],
  fastPaths: [],
  earlyCloseReason: undefined,
  qcValues: [],
};
