// run.command: one thing a technologist did to a run (an answer, a move, a typed reason), or the facts
// the tablet knew when it started the run ("known"). Stored verbatim; the run's machine decides on
// replay whether it fits. The stream is the run's id.
import * as z from 'zod/mini';
import type { RunCommand } from '../run/run.types';
import { defineEventType } from './event-type';
import { ANSWER_TEXT_RULE, MAX_AGE_YEARS, REASON_RULE, STAFF_NAME_RULE } from './text-rules';
import { sexSchema } from './run-created.event';
import { ident, text } from './wire-fields';

export const reasonSchema = text(REASON_RULE);

/** What the new-exam form already said, recorded as a run's first command (see sop/known-facts.ts). */
const knownFactsSchema = z.strictObject({
  ageYears: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(MAX_AGE_YEARS))),
  sex: z.optional(sexSchema),
  staffName: z.optional(text(STAFF_NAME_RULE)),
});

const runCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('answer'),
    itemId: ident,
    value: z.union([z.boolean(), z.number(), text(ANSWER_TEXT_RULE), z.null()]),
  }),
  z.strictObject({ type: z.literal('known'), facts: knownFactsSchema }),
  z.strictObject({ type: z.literal('next'), earlyCloseReason: z.optional(reasonSchema) }),
  z.strictObject({ type: z.literal('back') }),
  z.strictObject({ type: z.literal('skip'), reason: reasonSchema }),
  z.strictObject({ type: z.literal('fastPath'), reason: reasonSchema }),
  z.strictObject({ type: z.literal('cancel'), reason: reasonSchema }),
]);

export const runCommandEvent = defineEventType<'run.command', RunCommand>({
  type: 'run.command',
  payload: runCommandSchema,
  stream: { kind: 'run' },
  sensitive: true,
  tablet: 'run',
  server: 'run',
  example: { type: 'skip', reason: 'Patient cannot raise the arms: example reason' },
});
