// Audit entries recorded on the tablet: append-only events in the stream "audit:<device>", synced
// like every other event. Nothing in the app updates or deletes them. Subjects are run ids, SOP keys
// or user ids — never a patient identifier.
import type { AuditAction } from '../domain/events/audit-entry.event';
import type { AuditEvent, EventRecord, ScanCardDb } from './db';
import { deviceMeta, stampEvent } from './device.repo';
import { eventGate, type EventGate } from './events.repo';
import { guardStorage } from './storage-errors';

export async function recordAudit(
  db: ScanCardDb,
  actor: { user: string; now: number },
  action: AuditAction,
  subject?: string,
  detail?: string,
): Promise<void> {
  const gate = await eventGate();
  await guardStorage(() =>
    db.transaction('rw', [db.events, db.meta], () => appendAudit(db, gate, actor, action, subject, detail)),
  );
}

/**
 * The audit write itself, inside the caller's transaction on events and meta; the gate is
 * loaded before it (awaiting the registry's import inside a transaction would commit it early).
 */
export async function appendAudit(
  db: ScanCardDb,
  gate: EventGate,
  actor: { user: string; now: number },
  action: AuditAction,
  subject?: string,
  detail?: string,
): Promise<void> {
  const payload: AuditEvent['payload'] = { action, ...(subject && { subject }), ...(detail && { detail }) };
  const { deviceId } = await deviceMeta(db);
  const streamId = gate.derivedStream('audit.entry', payload, deviceId)!;
  const meta = await stampEvent(db, streamId, actor.now, actor.user);
  const event: AuditEvent = { ...meta, type: 'audit.entry', payload };
  gate.check(event);
  await db.events.add(gate.clear(event)); // no key needed: audit entries never name a patient
}

export function localAudit(db: ScanCardDb, limit = 200): Promise<EventRecord[]> {
  return db.events
    .filter((e) => e.type === 'audit.entry')
    .reverse()
    .limit(limit)
    .toArray();
}
