// Audit entries recorded on the tablet: append-only events in the stream "audit:<device>", synced
// like every other event. Nothing in the app updates or deletes them. Subjects are run ids, SOP keys
// or user ids — never a patient identifier.
import type { AuditAction } from '../domain/events/audit-entry.event';
import type { AuditEvent, EventRecord, ScanCardDb } from './db';
import { deviceMeta, stampEvent } from './device.repo';
import { eventGate } from './events.repo';
import { guardStorage } from './storage-errors';

export async function recordAudit(
  db: ScanCardDb,
  actor: { user: string; now: number },
  action: AuditAction,
  subject?: string,
  detail?: string,
): Promise<void> {
  const gate = await eventGate();
  const payload: AuditEvent['payload'] = { action, ...(subject && { subject }), ...(detail && { detail }) };
  await guardStorage(() =>
    db.transaction('rw', [db.events, db.meta], async () => {
      const { deviceId } = await deviceMeta(db);
      const streamId = gate.derivedStream('audit.entry', payload, deviceId)!;
      const meta = await stampEvent(db, streamId, actor.now, actor.user);
      const event: AuditEvent = { ...meta, type: 'audit.entry', payload };
      gate.check(event);
      await db.events.add(gate.clear(event)); // no key needed: audit entries never name a patient
    }),
  );
}

export function localAudit(db: ScanCardDb, limit = 200): Promise<EventRecord[]> {
  return db.events
    .filter((e) => e.type === 'audit.entry')
    .reverse()
    .limit(limit)
    .toArray();
}
