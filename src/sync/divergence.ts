// The divergence check, on every sync that pulled to the end: does this tablet hold what the server
// holds, and does the server hold what this tablet sent? Per device, the server counts the events it
// holds (and the sequence number of the newest); this tablet counts the same device's events it
// holds. Fewer here than there (for a device whose newest event is behind the cursor) means this
// tablet missed events: pull everything again. Fewer own events on the server than this tablet sent
// and had answered means the server lost some (a restore): send everything again. Re-pulling and
// re-sending are harmless (events are stored by id); the check only decides when they are needed.
import type { ScanCardDb } from '../db/db';
import { deviceMeta } from '../db/device.repo';
import { ownEventsExpected } from '../db/outbox.repo';
import type { PullResponse } from '../domain/sync/protocol.schema';

export type Divergence = {
  /** Devices whose events this tablet lacks: how many it holds and how many the server does. */
  readonly missing: readonly { device: string; here: number; server: number }[];
  /** The server holds fewer of this tablet's answered events than it should: how many, of how many. */
  readonly lost?: { server: number; expected: number };
};

export async function checkDivergence(db: ScanCardDb, last: PullResponse): Promise<Divergence | undefined> {
  const { deviceId } = await deviceMeta(db);
  const missing: { device: string; here: number; server: number }[] = [];
  for (const s of last.streams ?? []) {
    if (s.device === deviceId || s.lastSeq > last.cursor.events) continue; // not all pulled yet: next time
    const here = await db.events.where('[device+deviceSeq]').between([s.device, 0], [s.device, Infinity]).count();
    if (here < s.events) missing.push({ device: s.device, here, server: s.events });
  }
  let lost: Divergence['lost'];
  if (last.own) {
    const expected = await ownEventsExpected(db, last.own.through);
    if (last.own.events < expected) lost = { server: last.own.events, expected };
  }
  return missing.length || lost ? { missing, ...(lost && { lost }) } : undefined;
}
