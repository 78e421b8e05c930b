// Audit entries recorded on the tablet: append-only events in the stream "audit:<device>", synced
// like every other event. Nothing in the app updates or deletes them. Subjects are run ids, SOP keys
// or user ids — never a patient identifier.
import type { AuditAction } from '../domain/sync/protocol.schema';
import type { EventRecord, ScanCardDb } from './db';
import { deviceMeta, stampEvent } from './device.repo';
import { guardStorage } from './storage-errors';

export async function recordAudit(
  db: ScanCardDb,
  actor: { user: string; now: number },
  action: AuditAction,
  subject?: string,
  detail?: string,
): Promise<void> {
  await guardStorage(() =>
    db.transaction('rw', [db.events, db.outbox, db.meta], async () => {
      const { deviceId } = await deviceMeta(db);
      const meta = await stampEvent(db, `audit:${deviceId}`, actor.now, actor.user);
      const event: EventRecord = {
        ...meta,
        type: 'audit.entry',
        payload: { action, ...(subject && { subject }), ...(detail && { detail }) },
      };
      await db.events.add(event);
      await db.outbox.add({ id: meta.id });
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
