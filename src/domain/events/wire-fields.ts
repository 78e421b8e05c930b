// The zod/mini field schemas event payloads are built from, over the rules in text-rules.ts. They
// validate, never transform: what the tablet stores is what the server acknowledges. (zod/mini, not
// zod: the tablet loads these with its first write.)
import * as z from 'zod/mini';
import { describeTextProblem, IDENT_PATTERN, textProblem, UUID_PATTERN, type TextRule } from './text-rules';

export function text(rule: TextRule) {
  return z.string().check(
    z.superRefine((value: string, ctx) => {
      const problem = textProblem(value, rule);
      if (problem) ctx.issues.push({ code: 'custom', message: describeTextProblem(problem), input: value });
    }),
  );
}

export const uuid = z.string().check(z.regex(UUID_PATTERN, 'must be a UUID'));
export const ident = z.string().check(z.regex(IDENT_PATTERN, 'must be an identifier'));
export const epochMs = z.number().check(z.int(), z.minimum(0), z.maximum(8.64e15));
export const positiveInt = z.number().check(z.int(), z.minimum(1));
/** A short code-like text (a language tag, a scanner label). */
export const label = (max: number, min = 1) => text({ max, min, identifier: true });
