// training.signOff / training.attempt: a competency sign-off, and the summary of a scored practice
// run. Staff records, no patient data (practice runs use invented sample patients and stay in the
// demo database; only this summary reaches the clinical log). Stream "training:<trainee>", so a
// person's record replays in order on every tablet and the server.
import * as z from 'zod/mini';
import { SIGN_OFF_METHODS, SIGN_OFF_RESULTS, type SignOff } from '../training/competency';
import { defineEventType } from './event-type';
import { epochMs, ident, label, positiveInt, uuid } from './wire-fields';

const userId = label(80);
const isoDate = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date yyyy-mm-dd'));
const sopRef = z.strictObject({ id: ident, version: positiveInt });
const count = z.number().check(z.int(), z.minimum(0), z.maximum(100000));

export const trainingStreamId = (trainee: string) => `training:${trainee}`;

const signOffPayload = z
  .strictObject({
    signOffId: uuid,
    trainee: userId,
    assessor: userId,
    sop: sopRef,
    method: z.enum(SIGN_OFF_METHODS),
    assessedOn: isoDate,
    device: label(100),
    result: z.enum(SIGN_OFF_RESULTS),
    attempt: positiveInt,
    revalidateBy: isoDate,
    practiceAttemptId: z.optional(uuid),
  })
  .check(
    z.refine((p) => p.revalidateBy > p.assessedOn, {
      message: 'revalidateBy must be after assessedOn',
      path: ['revalidateBy'],
    }),
  );

export const trainingSignOff = defineEventType<'training.signOff', SignOff>({
  type: 'training.signOff',
  payload: signOffPayload,
  stream: { kind: 'derived', streamId: (p) => trainingStreamId(p.trainee) },
  sensitive: false,
  tablet: 'none',
  server: 'none',
  requires: { anyOf: ['competency.signOff'], by: 'a trainer', move: 'sign off a competency', authorField: 'assessor' },
  example: {
    signOffId: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b',
    trainee: 'u-wang',
    assessor: 'u-trainer',
    sop: { id: 'chest-ct', version: 2 },
    method: 'simulated',
    assessedOn: '2026-12-01',
    device: 'CT 1 console',
    result: 'competent',
    attempt: 1,
    revalidateBy: '2029-12-01',
  },
});

const attemptPayload = z.strictObject({
  attemptId: uuid,
  trainee: userId,
  scenarioId: ident,
  sop: sopRef,
  score: z.number().check(z.int(), z.minimum(0), z.maximum(100)),
  passed: z.boolean(),
  startedAt: epochMs,
  finishedAt: epochMs,
  steps: z
    .array(
      z.strictObject({
        stepId: ident,
        seconds: count,
        refused: count,
        missed: count,
        wrong: count,
        verdict: z.enum(['ok', 'minor', 'error']),
      }),
    )
    .check(z.maxLength(200)),
});
export type PracticeAttemptSummary = z.infer<typeof attemptPayload>;

export const trainingAttempt = defineEventType<'training.attempt', PracticeAttemptSummary>({
  type: 'training.attempt',
  payload: attemptPayload,
  stream: { kind: 'derived', streamId: (p) => trainingStreamId(p.trainee) },
  sensitive: false,
  tablet: 'none',
  server: 'none',
  example: {
    attemptId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    trainee: 'u-wang',
    scenarioId: 'chest-ct-unsure-pregnancy',
    sop: { id: 'chest-ct', version: 2 },
    score: 85,
    passed: true,
    startedAt: 1764547200000,
    finishedAt: 1764547500000,
    steps: [{ stepId: 'identity', seconds: 20, refused: 0, missed: 0, wrong: 0, verdict: 'ok' }],
  },
});
