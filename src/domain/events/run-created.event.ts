// run.created: a run starts. Its payload is the run header: the pinned card, the timer rules in
// force and, for an exam, the patient. The stream is the run itself (streamId = runId).
import * as z from 'zod/mini';
import type { RunHeader } from '../run/run.header';
import { TIMER_IDS, type TimerId } from '../sop/timer-ids';
import { defineEventType } from './event-type';
import { MAX_AGE_YEARS, PATIENT_ID_RULE, PATIENT_NAME_RULE, SCANNER_LABEL_MAX_LENGTH } from './text-rules';
import { epochMs, ident, label, positiveInt, text, uuid } from './wire-fields';

export const BIRTH_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const LANGUAGE_MAX_LENGTH = 20;
export const TIMER_MIN_MS = 1000;
export const TIMER_MAX_MS = 86_400_000;

const timerRule = z.strictObject({
  durationMs: z.number().check(z.int(), z.minimum(TIMER_MIN_MS), z.maximum(TIMER_MAX_MS)),
  kind: z.enum(['limit', 'wait']),
});
const timerRules = z.strictObject(
  Object.fromEntries(TIMER_IDS.map((id) => [id, timerRule])) as Record<TimerId, typeof timerRule>,
);

export const sexSchema = z.enum(['female', 'male', 'other', 'unknown']);

export const patientSchema = z.strictObject({
  patientId: text(PATIENT_ID_RULE),
  name: z.optional(text(PATIENT_NAME_RULE)),
  birthDate: z.optional(z.string().check(z.regex(BIRTH_DATE_PATTERN, 'must be a date (yyyy-mm-dd)'))),
  ageYears: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(MAX_AGE_YEARS))),
  sex: sexSchema,
  language: label(LANGUAGE_MAX_LENGTH, 2),
});

const runHeader = z.strictObject({
  runId: uuid,
  kind: z.enum(['exam', 'qc']),
  sop: z.strictObject({ id: ident, version: positiveInt }),
  priority: z.enum(['routine', 'urgent', 'emergency']),
  arrivedAt: epochMs,
  scanner: label(SCANNER_LABEL_MAX_LENGTH),
  patient: z.optional(patientSchema),
  booking: z.optional(z.strictObject({ accessionNumber: text(PATIENT_ID_RULE) })),
  timerRules,
});

export const runCreated = defineEventType<'run.created', RunHeader>({
  type: 'run.created',
  payload: runHeader,
  stream: { kind: 'run', opens: (header) => header.runId },
  sensitive: true,
  tablet: 'run',
  server: 'run',
  pinsSop: (header) => header.sop,
  example: {
    runId: '0b7c2a9e-3f1d-4c55-9a8e-2d6f1b4e7a10',
    kind: 'exam',
    sop: { id: 'chest-ct', version: 1 },
    priority: 'urgent',
    arrivedAt: Date.UTC(2026, 10, 23, 9),
    scanner: 'CT 1',
    patient: {
      patientId: 'MRN-EXAMPLE-4711',
      name: 'Example Patientname',
      birthDate: '1961-04-02',
      sex: 'female',
      language: 'zh-CN',
    },
    timerRules: {
      warmupCt: { durationMs: 180_000, kind: 'limit' },
      warmupMr: { durationMs: 600_000, kind: 'limit' },
      emergencyResponse: { durationMs: 300_000, kind: 'limit' },
      contrastObservation: { durationMs: 1_800_000, kind: 'wait' },
      reportHandoff: { durationMs: 900_000, kind: 'limit' },
    },
  },
});
