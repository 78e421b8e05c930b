// The event-type registry: every type the app records, and the checks built from it. A new type
// (QC result, adverse event, competency sign-off) is one entry file plus one line in BUILT_IN_EVENT_TYPES.
import * as z from 'zod/mini';
import { adverseAmended, adverseReported, adverseStatusChanged } from './adverse.events';
import { auditEntry } from './audit-entry.event';
import {
  equipmentRegistered,
  equipmentStatusSet,
  serviceEntryRecorded,
  serviceReturnApproved,
} from './equipment.events';
import type { AnyEventType, EventOf } from './event-type';
import {
  imageQcRecorded,
  qcResultRecorded,
  qcResultReviewed,
  qcTestSetDefined,
  scannerOverrideRecorded,
} from './qc.events';
import { identityMismatch } from './identity.events';
import { runCommandEvent } from './run-command.event';
import { runCreated } from './run-created.event';
import { scannerPowerOn, scannerReady } from './scanner.events';
import { trainingAttempt, trainingSignOff } from './training.events';
import { UUID_PATTERN } from './text-rules';
import { epochMs, label, positiveInt, uuid } from './wire-fields';

/** Quality records (issue 12): equipment register, QC, service log, image QC, adverse events. */
export const QUALITY_EVENT_TYPES = [
  equipmentRegistered,
  equipmentStatusSet,
  serviceEntryRecorded,
  serviceReturnApproved,
  qcTestSetDefined,
  qcResultRecorded,
  qcResultReviewed,
  scannerOverrideRecorded,
  imageQcRecorded,
  adverseReported,
  adverseAmended,
  adverseStatusChanged,
] as const;

export const BUILT_IN_EVENT_TYPES = [
  runCreated,
  runCommandEvent,
  scannerPowerOn,
  scannerReady,
  auditEntry,
  ...QUALITY_EVENT_TYPES,
  trainingSignOff,
  trainingAttempt,
  identityMismatch,
] as const;

/** Any event of a built-in type, as stored on the tablet and sent on the wire. */
export type KnownEvent = EventOf<(typeof BUILT_IN_EVENT_TYPES)[number]>;
export type KnownEventType = KnownEvent['type'];

const entries = new Map<string, AnyEventType>(BUILT_IN_EVENT_TYPES.map((e) => [e.type, e]));
let version = 0;

export const eventType = (type: string): AnyEventType | undefined => entries.get(type);
export const eventTypes = (): readonly AnyEventType[] => [...entries.values()];

/** Adds a type at run time (tests, and site extensions later). Returns how to take it out again. */
export function registerEventType(entry: AnyEventType): () => void {
  if (entries.has(entry.type)) throw new Error(`event type "${entry.type}" is already registered`);
  entries.set(entry.type, entry);
  version++;
  return () => {
    if (entries.get(entry.type) !== entry) return;
    entries.delete(entry.type);
    version++;
  };
}

/** Unknown types are treated as holding patient data: sealing too much is safe, too little is a leak. */
export const isSensitive = (type: string): boolean => entries.get(type)?.sensitive ?? true;

export const META_FIELDS = {
  id: uuid,
  streamId: label(100),
  at: epochMs,
  hlc: z.string().check(z.regex(/^[0-9a-z]{10}-[0-9a-z]{5}$/, 'must be a clock stamp')),
  user: label(100),
  device: uuid,
  deviceSeq: positiveInt,
};

let cached: { version: number; schema: z.ZodMiniType<KnownEvent> } | undefined;

/** One event on the wire: the envelope, a registered type, its payload. Rebuilt when the registry changes. */
export function wireEventSchema(): z.ZodMiniType<KnownEvent> {
  if (cached?.version !== version) {
    const [first, ...rest] = eventTypes().map((e) =>
      z.strictObject({ ...META_FIELDS, type: z.literal(e.type), payload: e.payload }),
    );
    const union = z.discriminatedUnion('type', [first!, ...rest]);
    cached = { version, schema: union as unknown as z.ZodMiniType<KnownEvent> };
  }
  return cached.schema;
}

/** Why an event's streamId does not fit its type, or undefined. */
export function streamProblem(e: {
  readonly type: string;
  readonly streamId: string;
  readonly device: string;
  readonly payload: unknown;
}): string | undefined {
  const rule = entries.get(e.type)?.stream;
  if (!rule) return `unknown event type "${e.type}"`;
  if (rule.kind === 'derived') {
    const want = rule.streamId(e.payload, e.device);
    return e.streamId === want ? undefined : `streamId must be "${want}"`;
  }
  if (rule.opens) {
    const runId = rule.opens(e.payload);
    return e.streamId === runId ? undefined : `streamId must equal the payload's run id (${runId})`;
  }
  return UUID_PATTERN.test(e.streamId) ? undefined : 'streamId must be the id of a run';
}

/** The event as the wire schema reads it (unchanged), or what is wrong with it, one line per problem naming the field. */
export function parseWireEvent(event: unknown): { event: KnownEvent } | { problems: string[] } {
  const r = wireEventSchema().safeParse(event);
  return r.success ? { event: r.data } : { problems: r.error.issues.slice(0, 20).map(describeIssue) };
}

/** Everything wrong with an event, one line per problem naming the field; empty when it may be stored and sent. */
export function eventProblems(event: unknown): string[] {
  const r = parseWireEvent(event);
  if ('problems' in r) return r.problems;
  const stream = streamProblem(r.event);
  return stream ? [stream] : [];
}

function describeIssue(i: z.core.$ZodIssue): string {
  const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  const where = path.replace(/^\./, '') || '(event)';
  if (i.code === 'unrecognized_keys') return `${where}: unknown field(s): ${i.keys.join(', ')}`;
  if (i.code === 'invalid_union' && 'discriminator' in i) return `${where}: unknown type`;
  // zod/mini ships no message texts (the server's zod has them): say at least what kind of problem.
  return `${where}: ${i.message && i.message !== 'Invalid input' ? i.message : i.code.replace(/_/g, ' ')}`;
}
