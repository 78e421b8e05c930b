// Read-side queries over run snapshots (no event-log reads: the worklist must stay fast).
import type { RunRow, ScanCardDb, ScannerRow, StoredEvent } from './db';

export function activeRuns(db: ScanCardDb): Promise<RunRow[]> {
  return db.runs.where('status').equals('active').toArray();
}

export function closedRunsSince(db: ScanCardDb, since: number): Promise<RunRow[]> {
  return db.runs.where('arrivedAt').aboveOrEqual(since).filter((r) => r.status !== 'active').reverse().sortBy('updatedAt');
}

export function getRun(db: ScanCardDb, id: string): Promise<RunRow | undefined> {
  return db.runs.get(id);
}

export function scannerStates(db: ScanCardDb): Promise<ScannerRow[]> {
  return db.scanners.toArray();
}

export async function eventsByIds(db: ScanCardDb, ids: readonly string[]): Promise<StoredEvent[]> {
  return (await db.events.bulkGet([...ids])).filter((e): e is StoredEvent => e !== undefined);
}
