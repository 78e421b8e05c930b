// The outbox as a cursor over this tablet's own events (the log is what is sent; nothing is deleted):
// what to push next, the server's answers event by event, and the events it refused. A refused event
// goes to the quarantine with the reason and the cursor moves past it, so it never blocks the others;
// one the server may accept later as it is (`retry`) is sent again on every sync until it is.
import type { Refusal, RefusalCode } from '../domain/sync/protocol.schema';
import type { Vault } from './crypto/vault';
import type { QuarantineRow, ScanCardDb, StoredEvent } from './db';
import { deviceMeta } from './device.repo';
import { openEvents } from './run-codec';
import { syncMeta, updateSyncMeta } from './sync-meta.repo';

/** Own events to send, oldest first: those after the push cursor, and refused ones due again. */
export async function readPending(db: ScanCardDb, vault: Vault): Promise<StoredEvent[]> {
  const { deviceId } = await deviceMeta(db);
  const { pushed } = await syncMeta(db);
  const [fresh, again] = await Promise.all([
    db.events
      .where('[device+deviceSeq]')
      .between([deviceId, pushed + 1], [deviceId, Infinity])
      .toArray(),
    db.quarantine.filter((q) => q.retry).toArray(),
  ]);
  const retried = (await db.events.bulkGet(again.map((q) => q.id))).flatMap((e) => (e ? [e] : []));
  const records = [...retried, ...fresh].sort((a, b) => a.deviceSeq - b.deviceSeq);
  return openEvents(vault, records, db);
}

type Answered = Pick<StoredEvent, 'id' | 'deviceSeq' | 'type' | 'streamId' | 'at'>;

/**
 * Records the answers to one pushed batch: accepted and duplicate events leave the quarantine,
 * refused ones enter it, and the push cursor moves past every new event that got an answer (never
 * past one that did not). Returns how many of the batch were answered.
 */
export async function recordAnswers(
  db: ScanCardDb,
  batch: readonly Answered[],
  answer: { accepted: readonly string[]; duplicates: readonly string[]; refused: readonly Refusal[] },
  now: number,
): Promise<number> {
  const ok = new Set([...answer.accepted, ...answer.duplicates]);
  const refused = new Map(answer.refused.map((r) => [r.id ?? batch[r.index]?.id, r]));
  return db.transaction('rw', [db.meta, db.quarantine], async () => {
    const { pushed } = await syncMeta(db);
    let through = pushed;
    for (const e of batch) {
      const r = refused.get(e.id);
      if (ok.has(e.id)) await db.quarantine.delete(e.id);
      else if (r) await quarantine(db, e, r, now);
      else if (e.deviceSeq > pushed) break; // unanswered: the cursor stops before it
      if (e.deviceSeq > through) through = e.deviceSeq;
    }
    if (through > pushed) await updateSyncMeta(db, { pushed: through });
    return batch.filter((e) => ok.has(e.id) || refused.has(e.id)).length;
  });
}

/** An event that cannot be sent at all (larger than the server takes): kept, "needs attention". */
export async function quarantineUnsendable(db: ScanCardDb, e: Answered, code: RefusalCode, error: string, now: number) {
  await db.transaction('rw', [db.meta, db.quarantine], async () => {
    await quarantine(db, e, { status: 413, code, error, retry: false, id: e.id, index: 0 }, now);
    const { pushed } = await syncMeta(db);
    if (e.deviceSeq > pushed) await updateSyncMeta(db, { pushed: e.deviceSeq });
  });
}

async function quarantine(db: ScanCardDb, e: Answered, r: Refusal, now: number) {
  const before = await db.quarantine.get(e.id);
  const row: QuarantineRow = {
    id: e.id,
    deviceSeq: e.deviceSeq,
    type: e.type,
    streamId: e.streamId,
    at: e.at,
    code: r.code,
    error: r.error,
    ...(r.details && { details: r.details }),
    retry: r.retry,
    firstRefusedAt: before?.firstRefusedAt ?? now,
    lastTriedAt: now,
    tries: (before?.tries ?? 0) + 1,
  };
  await db.quarantine.put(row);
}

/** What the server refused, newest first: shown under "needs attention" (and "waiting"). */
export async function quarantined(db: ScanCardDb): Promise<QuarantineRow[]> {
  return (await db.quarantine.orderBy('deviceSeq').toArray()).reverse();
}

/** A person looked at a refused event (the server was updated, the card fixed): send it again. */
export async function retryQuarantined(db: ScanCardDb, id: string): Promise<void> {
  await db.quarantine.update(id, { retry: true });
}

/** How many own events up to `through` the server should hold: all of them but those it refused. */
export async function ownEventsExpected(db: ScanCardDb, through: number): Promise<number> {
  const { deviceId } = await deviceMeta(db);
  const [own, refused] = await Promise.all([
    db.events.where('[device+deviceSeq]').between([deviceId, 1], [deviceId, through], true, true).count(),
    db.quarantine.where('deviceSeq').belowOrEqual(through).count(),
  ]);
  return own - refused;
}
