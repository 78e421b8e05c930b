// The sync wire contract between tablets and the department server. The server validates every
// request with these schemas (strict: unknown fields are errors; nothing is trimmed or defaulted
// inside an event, so what is stored is what was acknowledged); the client uses the types.
import { z } from 'zod';
import { wireEventSchema, type KnownEvent } from '../events/registry';
import { describeTextProblem, textProblem, UUID_PATTERN, type TextRule } from '../events/text-rules';

export const MAX_PUSH_EVENTS = 1000;
export const MAX_PULL_EVENTS = 2000;

const uuid = z.string().regex(UUID_PATTERN, 'must be a UUID');

/**
 * A name or label people type outside events (display names, tablet labels): trimmed, then the text
 * rule, so control and invisible characters (NUL, bidi overrides, zero-width) never reach a store.
 */
export function plainText(max: number, kind: 'name' | 'label') {
  const rule: TextRule = { min: 1, max, ...(kind === 'name' ? { name: true } : { identifier: true }) };
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = textProblem(value, rule);
      if (problem) ctx.addIssue({ code: 'custom', message: describeTextProblem(problem) });
    });
}

export { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '../events/audit-entry.event';

/** One event: the envelope and a registered type's payload (src/domain/events), checked as sent. */
export const syncEventSchema = () => wireEventSchema();

const pushRequestOf = (events: ReturnType<typeof wireEventSchema>) =>
  z.strictObject({
    /** Client-chosen id: resending the same batch is answered like the first time. */
    batchId: uuid,
    events: z.array(events).min(1).max(MAX_PUSH_EVENTS),
    /** Definitions of non-built-in SOP versions that events in this batch pin. */
    sops: z.array(z.unknown()).max(50).optional(),
  });
let push: { events: ReturnType<typeof wireEventSchema>; schema: ReturnType<typeof pushRequestOf> } | undefined;

/** The registry as it is now: a type registered at run time is accepted too. */
export function pushRequestSchema() {
  const events = wireEventSchema();
  if (push?.events !== events) push = { events, schema: pushRequestOf(events) };
  return push.schema;
}

export const pullQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  sopsAfter: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_EVENTS).default(500),
});

export type SyncEvent = KnownEvent;
export type PushRequest = z.infer<ReturnType<typeof pushRequestSchema>>;
export type PullQuery = z.infer<typeof pullQuerySchema>;
export type ServerEvent = SyncEvent & { readonly serverSeq: number; readonly receivedAt: number };

export type PushResponse = {
  readonly accepted: readonly string[];
  readonly duplicates: readonly string[];
  readonly serverTime: number;
};

export type PullResponse = {
  readonly events: readonly ServerEvent[];
  readonly sops: readonly { readonly seq: number; readonly definition: unknown }[];
  /** Card id → the version new runs use (an older server sends none: the tablet offers its newest). */
  readonly currentSops?: Readonly<Record<string, number>>;
  readonly cursor: { readonly events: number; readonly sops: number };
  readonly more: boolean;
  readonly serverTime: number;
};

export type ErrorResponse = { readonly error: string; readonly details?: readonly string[] };
