// The one gate every event passes before the tablet stores it: the registry's wire schema and
// stream rule (src/domain/events). A refused event throws InvalidEventError inside the write
// transaction, so nothing of it is stored, and the server never sees what it would refuse.
// The registry (with its validator) loads on the first write, not with the first screen: load the
// gate before a transaction (awaiting an import inside one would commit it early).
// Also the generic write for types no tablet snapshot depends on (QC results, sign-offs …).
import type { AnyEventType } from '../domain/events/event-type';
import type * as Registry from '../domain/events/registry';
import type { EventMeta } from '../domain/run/run.event';
import type { Vault } from './crypto/vault';
import type { EventRecord, ScanCardDb } from './db';
import { deviceMeta, stampEvent } from './device.repo';
import { storedPayload } from './run-codec';
import { guardStorage } from './storage-errors';

export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
  constructor(
    readonly type: string,
    readonly problems: readonly string[],
  ) {
    super(`Not saved: this ${type} event is not valid (${problems.join('; ')})`);
  }
}

export type AnyEvent = EventMeta & { readonly type: string; readonly payload: unknown };

export type EventGate = {
  /** Throws InvalidEventError unless the event may be stored (and so will be accepted by the server). */
  check(event: AnyEvent): void;
  /** The stream of a type whose stream follows from payload and device (scanner, audit). */
  derivedStream(type: string, payload: unknown, device: string): string | undefined;
  /** The record of an event stored without the key: only for types the registry keeps in clear. */
  clear(event: AnyEvent): EventRecord;
  /** What the registry says about a type, if it is registered. */
  entry(type: string): AnyEventType | undefined;
};

let gate: EventGate | undefined;

export async function eventGate(): Promise<EventGate> {
  return (gate ??= makeGate(await import('../domain/events/registry')));
}

function makeGate(registry: typeof Registry): EventGate {
  return {
    check(event) {
      const problems = registry.eventProblems(event);
      if (problems.length) throw new InvalidEventError(event.type, problems);
    },
    derivedStream(type, payload, device) {
      const rule = registry.eventType(type)?.stream;
      return rule?.kind === 'derived' ? rule.streamId(payload, device) : undefined;
    },
    clear(event) {
      if (registry.isSensitive(event.type))
        throw new Error(`${event.type} events hold patient data: they cannot be stored without the key`);
      return event;
    },
    entry: registry.eventType,
  };
}

/** Records an event of a registered type that changes no tablet snapshot (its entry says tablet: 'none'). */
export async function appendEvent(
  db: ScanCardDb,
  vault: Vault,
  type: string,
  payload: unknown,
  actor: { readonly user: string; readonly now: number },
  /** For a type kept in a run's stream: the run. Derived streams follow from the entry. */
  streamId?: string,
): Promise<AnyEvent> {
  const gate = await eventGate();
  const entry = gate.entry(type);
  if (!entry) throw new InvalidEventError(type, ['this event type is not registered']);
  if (entry.tablet !== 'none') throw new Error(`${type} events change a snapshot: record them through its repository`);
  const id = crypto.randomUUID();
  const stored = await storedPayload(vault, type, payload, id); // Web Crypto before the transaction, never inside
  return guardStorage(() =>
    db.transaction('rw', [db.events, db.meta], async () => {
      const { deviceId } = await deviceMeta(db);
      const stream = gate.derivedStream(type, payload, deviceId) ?? streamId ?? '';
      const meta = await stampEvent(db, stream, actor.now, actor.user, id);
      const event: AnyEvent = { ...meta, type, payload };
      gate.check(event);
      await db.events.add({ ...meta, type, ...stored });
      return event;
    }),
  );
}
