// run.command: one thing a technologist did to a run (an answer, a move, a typed reason). Stored
// verbatim; the run's machine decides on replay whether it fits. The stream is the run's id.
import * as z from 'zod/mini';
import type { RunCommand } from '../run/run.types';
import { defineEventType } from './event-type';
import { ANSWER_TEXT_RULE, REASON_RULE } from './text-rules';
import { ident, text } from './wire-fields';

export const reasonSchema = text(REASON_RULE);

const runCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('answer'),
    itemId: ident,
    value: z.union([z.boolean(), z.number(), text(ANSWER_TEXT_RULE), z.null()]),
  }),
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
