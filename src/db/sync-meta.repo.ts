// Sync bookkeeping on the tablet: pull cursors, last result and the count of
// unsent events. Kept apart from the merge code so the app's start-up does not load the replay
// machinery just to show a sync badge.
import { liveQuery } from 'dexie';
import type { ScanCardDb, SyncMeta } from './db';

export const EMPTY_SYNC: SyncMeta = { key: 'sync', cursor: { events: 0, sops: 0 }, skewMs: 0 };

export async function syncMeta(db: ScanCardDb): Promise<SyncMeta> {
  const row = await db.meta.get('sync');
  return row?.key === 'sync' ? (row as SyncMeta) : EMPTY_SYNC;
}

export async function updateSyncMeta(db: ScanCardDb, change: Partial<Omit<SyncMeta, 'key'>>): Promise<SyncMeta> {
  return db.transaction('rw', db.meta, async () => {
    const next: SyncMeta = { ...(await syncMeta(db)), ...change };
    await db.meta.put(next);
    return next;
  });
}

export function pendingCount(db: ScanCardDb): Promise<number> {
  return db.outbox.count();
}

/** Calls back whenever the number of unsent events changes (after every local write). */
export function watchPending(db: ScanCardDb, onChange: (pending: number) => void): () => void {
  const sub = liveQuery(() => db.outbox.count()).subscribe({ next: onChange, error: () => undefined });
  return () => sub.unsubscribe();
}
