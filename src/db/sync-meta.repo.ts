// Sync bookkeeping on the tablet: the pull and push cursors, last result and the count of
// unsent events. Kept apart from the merge code so the app's start-up does not load the replay
// machinery just to show a sync badge.
import type { DeviceMeta, ScanCardDb, SyncMeta } from './db';
import { watchAtIdle } from './idle-watch';

export const EMPTY_SYNC: SyncMeta = { key: 'sync', cursor: { events: 0, sops: 0 }, pushed: 0, skewMs: 0 };

export async function syncMeta(db: ScanCardDb): Promise<SyncMeta> {
  const row = await db.meta.get('sync');
  return row?.key === 'sync' ? { ...EMPTY_SYNC, ...(row as SyncMeta) } : EMPTY_SYNC;
}

export async function updateSyncMeta(db: ScanCardDb, change: Partial<Omit<SyncMeta, 'key'>>): Promise<SyncMeta> {
  return db.transaction('rw', db.meta, async () => {
    const next: SyncMeta = { ...(await syncMeta(db)), ...change };
    await db.meta.put(next);
    return next;
  });
}

export type OutboxCounts = {
  /** Own events to send: after the push cursor, plus refused ones that are sent again by themselves. */
  readonly pending: number;
  /** Refused ones a person must look at (kept, never blocking the others). */
  readonly attention: number;
};

export async function outboxCounts(db: ScanCardDb): Promise<OutboxCounts> {
  const device = await db.meta.get('device');
  const { pushed } = await syncMeta(db);
  const deviceId = device?.key === 'device' ? (device as DeviceMeta).deviceId : '';
  const [fresh, quarantined] = await Promise.all([
    db.events
      .where('[device+deviceSeq]')
      .between([deviceId, pushed + 1], [deviceId, Infinity])
      .count(),
    db.quarantine.toArray(),
  ]);
  const waiting = quarantined.filter((q) => q.retry).length;
  return { pending: fresh + waiting, attention: quarantined.length - waiting };
}

export async function pendingCount(db: ScanCardDb): Promise<number> {
  return (await outboxCounts(db)).pending;
}

/** Calls back when the outbox has changed (local writes, push answers), read again at idle: not on a tap's path. */
export function watchOutbox(db: ScanCardDb, onChange: (counts: OutboxCounts) => void): () => void {
  return watchAtIdle(db, ['events', 'meta', 'quarantine'], () => outboxCounts(db), onChange);
}
