// audit.entry: who did what on this tablet, when (append-only, never edited). Subjects are run ids,
// SOP keys or user ids, never a patient identifier, so it is stored in clear. Stream "audit:<device>".
import * as z from 'zod/mini';
import { defineEventType } from './event-type';
import { AUDIT_DETAIL_MAX_LENGTH, AUDIT_SUBJECT_MAX_LENGTH } from './text-rules';
import { text } from './wire-fields';

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
  /** Someone acknowledged a due timer's alarm: subject is the run id or "scanner:<id>". */
  'alarm.ack',
  /** A technologist started (or was stopped from starting) a card they are not signed off on: subject "<card>@<version>". */
  'competency.warned',
  'data.read',
  /** Server only: the retention command archived or erased old runs (tablets never record it). */
  'data.retention',
  /** Server only: the hospital link's settings or card-mapping table changed (protocol 3). */
  'integration.change',
  /** Server only: an administrator changed site settings (timer standards, idle lock). */
  'settings.change',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const auditPayload = z.strictObject({
  action: z.enum(AUDIT_ACTIONS),
  subject: z.optional(text({ max: AUDIT_SUBJECT_MAX_LENGTH })),
  detail: z.optional(text({ max: AUDIT_DETAIL_MAX_LENGTH })),
});
export type AuditEntry = z.infer<typeof auditPayload>;

export const auditStreamId = (deviceId: string) => `audit:${deviceId}`;

export const auditEntry = defineEventType<'audit.entry', AuditEntry>({
  type: 'audit.entry',
  payload: auditPayload,
  stream: { kind: 'derived', streamId: (_p, device) => auditStreamId(device) },
  sensitive: false,
  tablet: 'none',
  server: 'audit',
  example: { action: 'sop.edit', subject: 'chest-ct@2', detail: 'imported' },
});
