// Read-side queries over run snapshots (no event-log reads: the worklist must stay fast). Rows are
// opened with the tablet's key; the summaries (no identity) need no key: alarms and the lock screen.
import type { Vault } from './crypto/vault';
import type { RunRecord, RunRow, RunSummary, ScanCardDb, ScannerRow, StoredEvent } from './db';
import { openEvents, openRun, openRuns, summaryOfRecord } from './run-codec';

export async function activeRuns(db: ScanCardDb, vault: Vault): Promise<RunRow[]> {
  return openRuns(vault, await db.runs.where('status').equals('active').toArray());
}

/** Active runs without identity: enough for timers and alarms while the tablet is locked. */
export async function activeRunSummaries(db: ScanCardDb): Promise<(RunRecord & { summary: RunSummary })[]> {
  return (await db.runs.where('status').equals('active').toArray()).map((r) => ({ ...r, summary: summaryOfRecord(r) }));
}

export async function closedRunsSince(db: ScanCardDb, vault: Vault, since: number): Promise<RunRow[]> {
  const records = await db.runs
    .where('arrivedAt')
    .aboveOrEqual(since)
    .filter((r) => r.status !== 'active')
    .reverse()
    .sortBy('updatedAt');
  return openRuns(vault, records);
}

export async function getRun(db: ScanCardDb, vault: Vault, id: string): Promise<RunRow | undefined> {
  const record = await db.runs.get(id);
  return record && openRun(vault, record);
}

export function scannerStates(db: ScanCardDb): Promise<ScannerRow[]> {
  return db.scanners.toArray();
}

export async function eventsByIds(db: ScanCardDb, vault: Vault, ids: readonly string[]): Promise<StoredEvent[]> {
  const records = (await db.events.bulkGet([...ids])).filter((e) => e !== undefined);
  return openEvents(vault, records, db);
}

/** Today's completed runs started from a booking, without identity: their report hand-off waits for the EMR. */
export async function bookedRunSummariesSince(
  db: ScanCardDb,
  since: number,
): Promise<(RunRecord & { summary: RunSummary })[]> {
  const records = await db.runs
    .where('arrivedAt')
    .aboveOrEqual(since)
    .filter((r) => r.status === 'completed')
    .toArray();
  return records.map((r) => ({ ...r, summary: summaryOfRecord(r) })).filter((r) => r.summary.booking !== undefined);
}
