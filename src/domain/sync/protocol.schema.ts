// The sync wire contract between tablets and the department server. The server validates every
// request with these schemas (strict: unknown fields are errors); the client uses the types.
import { z } from 'zod';
import { TIMER_IDS } from '../sop/sop.schema';

export const MAX_PUSH_EVENTS = 1000;
export const MAX_PULL_EVENTS = 2000;

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a UUID');
const ident = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'must be an identifier');
const epochMs = z.number().int().min(0).max(8.64e15);
const reason = z.string().trim().min(3, 'must be at least 3 characters').max(500);

const meta = {
  id: uuid,
  streamId: z.string().min(1).max(100),
  at: epochMs,
  hlc: z.string().regex(/^[0-9a-z]{10}-[0-9a-z]{5}$/, 'must be a clock stamp'),
  user: z.string().min(1).max(100),
  device: uuid,
  deviceSeq: z.number().int().min(1),
};

const timerRules = z.strictObject(
  Object.fromEntries(
    TIMER_IDS.map((id) => [
      id,
      z.strictObject({ durationMs: z.number().int().min(1000).max(86_400_000), kind: z.enum(['limit', 'wait']) }),
    ]),
  ) as Record<
    (typeof TIMER_IDS)[number],
    z.ZodObject<{ durationMs: z.ZodNumber; kind: z.ZodEnum<{ limit: 'limit'; wait: 'wait' }> }>
  >,
);

const patient = z.strictObject({
  patientId: z.string().trim().min(1).max(64),
  name: z.string().max(200).optional(),
  birthDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  ageYears: z.number().int().min(0).max(130).optional(),
  sex: z.enum(['female', 'male', 'other', 'unknown']),
  language: z.string().min(2).max(20),
});

const runHeader = z.strictObject({
  runId: uuid,
  kind: z.enum(['exam', 'qc']),
  sop: z.strictObject({ id: ident, version: z.number().int().min(1) }),
  priority: z.enum(['routine', 'urgent', 'emergency']),
  arrivedAt: epochMs,
  scanner: z.string().min(1).max(40),
  patient: patient.optional(),
  timerRules,
});

const runCommand = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('answer'),
    itemId: ident,
    value: z.union([z.boolean(), z.number(), z.string().max(2000), z.null()]),
  }),
  z.strictObject({
    type: z.literal('known'),
    facts: z.strictObject({
      ageYears: z.number().int().min(0).max(130).optional(),
      sex: z.enum(['female', 'male', 'other', 'unknown']).optional(),
      staffName: z.string().min(1).max(200).optional(),
    }),
  }),
  z.strictObject({ type: z.literal('next'), earlyCloseReason: z.string().max(500).optional() }),
  z.strictObject({ type: z.literal('back') }),
  z.strictObject({ type: z.literal('skip'), reason }),
  z.strictObject({ type: z.literal('fastPath'), reason }),
  z.strictObject({ type: z.literal('cancel'), reason }),
]);

/** What the audit trail records (issue: who, when, device, what). Append-only, never edited. */
export const AUDIT_ACTIONS = [
  'run.view',
  'run.change',
  'export',
  'login',
  'login.failed',
  'logout',
  'lock',
  'unlock',
  'unlock.failed',
  'sop.edit',
  'user.change',
  'device.change',
  'alarm.ack',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const auditEntry = z.strictObject({
  action: z.enum(AUDIT_ACTIONS),
  /** What it concerns: a run id, SOP key, user id… never a patient identifier. */
  subject: z.string().max(200).optional(),
  detail: z.string().max(500).optional(),
});

export const syncEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...meta, type: z.literal('run.created'), payload: runHeader }),
  z.strictObject({ ...meta, type: z.literal('run.command'), payload: runCommand }),
  z.strictObject({
    ...meta,
    type: z.enum(['scanner.powerOn', 'scanner.ready']),
    payload: z.strictObject({ scannerId: ident }),
  }),
  z.strictObject({ ...meta, type: z.literal('audit.entry'), payload: auditEntry }),
]);

export type AuditEntry = z.infer<typeof auditEntry>;

export const pushRequestSchema = z.strictObject({
  /** Client-chosen id: resending the same batch is answered like the first time. */
  batchId: uuid,
  events: z.array(syncEventSchema).min(1).max(MAX_PUSH_EVENTS),
  /** Definitions of non-built-in SOP versions that events in this batch pin. */
  sops: z.array(z.unknown()).max(50).optional(),
});

export const pullQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  sopsAfter: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_EVENTS).default(500),
});

export const enrollRequestSchema = z.strictObject({
  code: z.string().trim().min(4).max(32),
  deviceId: uuid,
  label: z.string().trim().min(1).max(80),
});

export type SyncEvent = z.infer<typeof syncEventSchema>;
export type PushRequest = z.infer<typeof pushRequestSchema>;
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
  readonly cursor: { readonly events: number; readonly sops: number };
  readonly more: boolean;
  readonly serverTime: number;
};

export type EnrollResponse = { readonly deviceId: string; readonly token: string };
export type ErrorResponse = { readonly error: string; readonly details?: readonly string[] };
