// QC test sets, results, reviews and scanner overrides (stream "equipment:<scannerId>"), and image-QC
// decisions of exams (stream "imageqc:<device>"). A result carries a copy of every test's reference
// and windows. Overrides and image QC hold typed reasons (which may name a patient): sealed.
import * as z from 'zod/mini';
import { REJECT_REASON_CODES } from '../quality/reject-reasons';
import { defineEventType } from './event-type';
import {
  equipmentStreamId,
  finite,
  imageQcStreamId,
  qualityName,
  qualityText,
  scannerIdField,
  toleranceSchema,
} from './quality-fields';
import { REASON_RULE } from './text-rules';
import { ident, positiveInt, text, uuid } from './wire-fields';

const stream = { kind: 'derived', streamId: (p: { scannerId: string }) => equipmentStreamId(p.scannerId) } as const;
const FREQ = z.enum(['daily', 'weekly', 'monthly', 'yearly']);
const PURPOSE = z.enum(['routine', 'acceptance', 'returnToService']);

const test = z.union([
  z.strictObject({
    id: ident,
    label: qualityName,
    kind: z.literal('numeric'),
    unit: text({ max: 20 }),
    tolerance: toleranceSchema,
  }),
  z.strictObject({ id: ident, label: qualityName, kind: z.literal('passFail') }),
]);

const testSet = z.strictObject({
  scannerId: scannerIdField,
  setId: ident,
  version: positiveInt,
  label: qualityName,
  purpose: PURPOSE,
  schedule: z.strictObject({
    frequency: FREQ,
    dueWithinDays: z.number().check(z.int(), z.minimum(0), z.maximum(364)),
    dueBy: z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')),
  }),
  tests: z.array(test).check(z.minLength(1), z.maxLength(50)),
});
export type TestSetPayload = z.infer<typeof testSet>;

export const qcTestSetDefined = defineEventType<'qc.testSetDefined', TestSetPayload>({
  type: 'qc.testSetDefined',
  payload: testSet,
  stream,
  sensitive: false,
  tablet: 'none',
  server: 'quality',
  requires: {
    anyOf: ['quality.review', 'equipment.manage'],
    by: 'a QA lead or an administrator',
    move: 'define QC tests',
  },
  example: {
    scannerId: 'ct-1',
    setId: 'daily',
    version: 2,
    label: 'CT daily QC',
    purpose: 'routine',
    schedule: { frequency: 'daily', dueWithinDays: 0, dueBy: '07:30' },
    tests: [
      {
        id: 'waterHu',
        label: 'Water CT number',
        kind: 'numeric',
        unit: 'HU',
        tolerance: { reference: 0, kind: 'absolute', tolerance: 4, action: 5 },
      },
      { id: 'artefacts', label: 'No visible artefacts', kind: 'passFail' },
    ],
  },
});

const OUTCOME = z.enum(['ok', 'tolerance', 'action', 'notDone']);
const item = z.strictObject({
  testId: ident,
  label: qualityName,
  outcome: OUTCOME,
  value: z.optional(finite),
  unit: z.optional(text({ max: 20 })),
  passed: z.optional(z.boolean()),
  tolerance: z.optional(toleranceSchema),
});
const result = z.strictObject({
  resultId: uuid,
  scannerId: scannerIdField,
  setId: ident,
  setVersion: positiveInt,
  setLabel: qualityName,
  purpose: PURPOSE,
  frequency: FREQ,
  items: z.array(item).check(z.minLength(1), z.maxLength(50)),
  outcome: OUTCOME,
  comment: z.optional(qualityText()),
  runId: z.optional(uuid),
});
export type ResultPayload = z.infer<typeof result>;

export const qcResultRecorded = defineEventType<'qc.resultRecorded', ResultPayload>({
  type: 'qc.resultRecorded',
  payload: result,
  stream,
  sensitive: false,
  tablet: 'none',
  server: 'quality',
  example: {
    resultId: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
    scannerId: 'ct-1',
    setId: 'daily',
    setVersion: 1,
    setLabel: 'CT daily QC',
    purpose: 'routine',
    frequency: 'daily',
    items: [
      {
        testId: 'waterHu',
        label: 'Water CT number',
        outcome: 'action',
        value: 9,
        unit: 'HU',
        tolerance: { reference: 0, kind: 'absolute', tolerance: 4, action: 5 },
      },
    ],
    outcome: 'action',
  },
});

const review = z.strictObject({ resultId: uuid, scannerId: scannerIdField, note: qualityText() });
export type ReviewPayload = z.infer<typeof review>;

export const qcResultReviewed = defineEventType<'qc.resultReviewed', ReviewPayload>({
  type: 'qc.resultReviewed',
  payload: review,
  stream,
  sensitive: false,
  tablet: 'none',
  server: 'quality',
  requires: { anyOf: ['quality.review'], by: 'a QA lead', move: 'review a QC result' },
  example: { resultId: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f', scannerId: 'ct-1', note: 'Recalibrated, repeat passed' },
});

const override = z.strictObject({
  overrideId: uuid,
  scannerId: scannerIdField,
  runId: z.optional(uuid),
  flags: z.array(z.enum(['notInService', 'lastQcAction', 'dailyQcOverdue'])).check(z.minLength(1)),
  reason: text(REASON_RULE),
});
export type OverridePayload = z.infer<typeof override>;

export const scannerOverrideRecorded = defineEventType<'scanner.overrideRecorded', OverridePayload>({
  type: 'scanner.overrideRecorded',
  payload: override,
  stream,
  sensitive: true,
  tablet: 'none',
  server: 'quality',
  example: {
    overrideId: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6',
    scannerId: 'ct-1',
    flags: ['lastQcAction'],
    reason: 'Stroke code, CT 2 occupied; physicist informed',
  },
});

const imageQc = z.strictObject({
  recordId: uuid,
  scannerId: scannerIdField,
  runId: z.optional(uuid),
  sopId: z.optional(ident),
  sopVersion: z.optional(positiveInt),
  outcome: z.enum(['accept', 'repeat', 'reject']),
  images: z.number().check(z.int(), z.minimum(1), z.maximum(100_000)),
  reason: z.optional(z.enum(REJECT_REASON_CODES as [string, ...string[]])),
  reasonText: z.optional(qualityText()),
});
export type ImageQcPayload = z.infer<typeof imageQc>;

export const imageQcRecorded = defineEventType<'imageQc.recorded', ImageQcPayload>({
  type: 'imageQc.recorded',
  payload: imageQc,
  stream: { kind: 'derived', streamId: (_p, device) => imageQcStreamId(device) },
  sensitive: true,
  tablet: 'none',
  server: 'quality',
  example: {
    recordId: '2b3c4d5e-6f70-4819-a2b3-c4d5e6f7a8b9',
    scannerId: 'ct-1',
    runId: '0b7c2a9e-3f1d-4c55-9a8e-2d6f1b4e7a10',
    sopId: 'chest-ct',
    sopVersion: 1,
    outcome: 'repeat',
    images: 1,
    reason: '111210',
  },
});
