// The sync wire contract between tablets and the department server. The server validates every
// request with these schemas (strict: unknown fields are errors; nothing is trimmed or defaulted
// inside an event, so what is stored is what was acknowledged); the client uses the types.
// A push is answered event by event: one refused event never holds back the others.
import { z } from 'zod';
import { wireEventSchema, type KnownEvent } from '../events/registry';
import { describeTextProblem, textProblem, UUID_PATTERN, type TextRule } from '../events/text-rules';
import { MAX_PULL_EVENTS, MAX_PUSH_EVENTS } from './limits';

export { MAX_CLOCK_AHEAD_MS, MAX_PULL_EVENTS, MAX_PUSH_BYTES, MAX_PUSH_EVENTS } from './limits';

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

/** The envelope of a push: each event is checked on its own (and refused on its own), after this. */
export const pushRequestSchema = z.strictObject({
  /** Client-chosen id: resending the same batch is answered like the first time. */
  batchId: uuid,
  events: z.array(z.unknown()).min(1).max(MAX_PUSH_EVENTS),
  /** Definitions of non-built-in SOP versions that events in this batch pin. */
  sops: z.array(z.unknown()).max(50).optional(),
});

export const pullQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  sopsAfter: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_EVENTS).default(500),
  /** The id of the event at `after`, as the tablet saw it: a server restored from a backup no longer has it there. */
  anchor: uuid.optional(),
  /** The server epoch the tablet synced with last. */
  epoch: z.string().min(1).max(64).optional(),
  /** The tablet's push cursor: the server says how many of its events up to there it holds. */
  own: z.coerce.number().int().min(0).optional(),
});

export type SyncEvent = KnownEvent;
export type PushRequest = {
  readonly batchId: string;
  readonly events: readonly SyncEvent[];
  readonly sops?: readonly unknown[];
};
export type PullQuery = z.infer<typeof pullQuerySchema>;
export type ServerEvent = SyncEvent & { readonly serverSeq: number; readonly receivedAt: number };

/** Which server, and which life of its log: a new epoch (a restore) means tablets start their cursors again. */
export type ServerIdentity = { readonly id: string; readonly epoch: string };

/**
 * Why an event was not stored. `retry`: it may be accepted later without any change (its run or
 * card has not reached the server yet, or it is stamped ahead of the server's clock): the tablet
 * sends it again by itself. Otherwise a person must look at it (the tablet keeps it, "needs attention").
 */
export type RefusalCode =
  | 'invalid'
  | 'foreignDevice'
  | 'stream'
  | 'idConflict'
  | 'seqReused'
  | 'runExists'
  | 'runUnknown'
  | 'runRefused'
  | 'sopUnknown'
  | 'sopConflict'
  | 'sopInvalid'
  | 'clockAhead'
  | 'tooLarge'
  // A move only some roles may make: its author lacks the role, or is not the one signed in (retry).
  | 'forbidden'
  | 'authorSignIn';

export type Refusal = {
  /** The event's id; null when the event had none that could be read. */
  readonly id: string | null;
  /** Its position in the batch. */
  readonly index: number;
  readonly status: 400 | 403 | 409 | 413 | 422;
  readonly code: RefusalCode;
  readonly error: string;
  readonly details?: readonly string[];
  readonly retry: boolean;
};

export type PushResponse = {
  readonly accepted: readonly string[];
  readonly duplicates: readonly string[];
  readonly refused: readonly Refusal[];
  /** SOP definitions sent with the batch that were not stored (invalid, or not pinned by any event sent). */
  readonly refusedSops?: readonly { readonly index: number; readonly error: string }[];
  /** The time of this answer, also for a replayed batch. */
  readonly serverTime: number;
  readonly server: ServerIdentity;
};

/** One device's events as the server holds them: the divergence check compares these. */
export type DeviceStream = {
  readonly device: string;
  readonly events: number;
  /** The server sequence number of its newest event. */
  readonly lastSeq: number;
};

export type PullResponse = {
  readonly events: readonly ServerEvent[];
  readonly sops: readonly { readonly seq: number; readonly definition: unknown }[];
  /** Card id → the version new runs use (an older server sends none: the tablet offers its newest). */
  readonly currentSops?: Readonly<Record<string, number>>;
  readonly cursor: { readonly events: number; readonly sops: number };
  /** The id of the event at `cursor.events` (send it back as `anchor`); null at the start of the log. */
  readonly cursorId: string | null;
  readonly more: boolean;
  readonly serverTime: number;
  readonly server: ServerIdentity;
  /** The anchor the tablet sent no longer names the event it saw: the log was restored; start again from 0. */
  readonly restart?: true;
  /** On the last page: every device's stream as the server holds it. */
  readonly streams?: readonly DeviceStream[];
  /** On the last page, when `own` was asked: how many of this tablet's events up to `through` the server holds. */
  readonly own?: { readonly through: number; readonly events: number };
};

export type ErrorResponse = { readonly error: string; readonly details?: readonly string[] };
