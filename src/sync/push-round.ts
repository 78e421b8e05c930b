// The push half of a round: everything pending (own events after the push cursor, and refused ones
// due again) in batches that fit the server, each answered event by event. A refused event is kept
// in the quarantine and never blocks the others; a batch the server finds too large (413) is split;
// an event too large to send at all is set aside with the reason.
import type { StoredEvent } from '../db/db';
import { quarantineUnsendable, readPending, recordAnswers } from '../db/outbox.repo';
import { sopsPinnedBy } from '../db/sync.repo';
import { syncMeta, updateSyncMeta } from '../db/sync-meta.repo';
import { eventType } from '../domain/events/registry';
import { MAX_PUSH_BYTES, MAX_PUSH_EVENTS } from '../domain/sync/limits';
import type { ServerIdentity, SyncEvent } from '../domain/sync/protocol.schema';
import type { ScanCardDb } from '../db/db';
import { jsonBytes, takeBatch, type Sized } from './batches';
import type { ServerClock } from './server-clock';
import type { SyncContext } from './sync-engine';
import { RejectedSyncError, SyncCancelledError, type SyncTransport } from './transport';

/** Room left under the server's limit for what the byte count cannot see (headers are not in it). */
const MARGIN_BYTES = 256;

export type PushOutcome = {
  pushed: number;
  refused: number;
  /** The server that answered (the last answer's). */
  server?: ServerIdentity;
};

export async function pushPending(
  db: ScanCardDb,
  transport: SyncTransport,
  ctx: SyncContext & { clock: ServerClock },
  /** Stop when the server turns out to be another one (or a restored one): the cursors start again. */
  known: ServerIdentity | undefined,
): Promise<PushOutcome> {
  const pending = await readPending(db, ctx.vault);
  if (!pending.length) return { pushed: 0, refused: 0 };
  const sops = new Map((await sopsPinnedBy(db, pending, ctx.isBuiltIn)).map((s) => [`${s.id}@${s.version}`, s]));
  const items: Sized<StoredEvent>[] = pending.map((e) => {
    const pin = eventType(e.type)?.pinsSop?.(e.payload);
    const key = pin && `${pin.id}@${pin.version}`;
    const sop = key ? sops.get(key) : undefined;
    return { item: e, bytes: jsonBytes(e), ...(sop && key && { sop: { key, bytes: jsonBytes(sop) } }) };
  });

  let stated = (ctx.maxBatchBytes ?? (await syncMeta(db)).pushBytes ?? MAX_PUSH_BYTES) - MARGIN_BYTES;
  let maxBytes = stated;
  let out: PushOutcome = { pushed: 0, refused: 0 };
  for (let i = 0; i < items.length;) {
    if (ctx.signal?.aborted) throw new SyncCancelledError();
    let next = takeBatch(items, i, { maxEvents: ctx.batchSize ?? MAX_PUSH_EVENTS, maxBytes });
    // A budget guessed by halving can undershoot: an event within the stated limit is tried alone, and
    // only a 413 for it alone sets it aside.
    if (next.tooLarge && maxBytes < stated) next = takeBatch(items, i, { maxEvents: 1, maxBytes: stated });
    if (next.tooLarge) {
      const e = items[i]!.item;
      await quarantineUnsendable(
        db,
        e,
        'tooLarge',
        `too large to send (over ${maxBytes} bytes with its card)`,
        ctx.now(),
      );
      i += 1;
      continue;
    }
    const events = next.batch.map((s) => s.item);
    const batchSops = [...new Set(next.batch.flatMap((s) => (s.sop ? [s.sop.key] : [])))].map((k) => sops.get(k)!);
    const t0 = ctx.now();
    const request = {
      batchId: (ctx.newId ?? (() => crypto.randomUUID()))(),
      events: events as SyncEvent[],
      ...(batchSops.length && { sops: batchSops }),
    };
    let res;
    try {
      res = await transport.push(request, ctx.signal);
    } catch (e) {
      if (!(e instanceof RejectedSyncError) || e.status !== 413) throw e;
      if (events.length === 1) {
        const error = `too large for the server (${e.message})`;
        await quarantineUnsendable(db, events[0]!, 'tooLarge', error, ctx.now());
        i += 1;
      } else {
        // Half of what was refused (not of the budget: a 2 MiB guess against a small limit would take ten tries).
        const refused = Math.min(maxBytes, jsonBytes(request));
        maxBytes = Math.min(Math.floor(refused / 2), (e.limitBytes ?? Infinity) - MARGIN_BYTES);
      }
      if (e.limitBytes) {
        stated = Math.min(stated, e.limitBytes - MARGIN_BYTES);
        await updateSyncMeta(db, { pushBytes: e.limitBytes }); // pack to it from now on
      }
      continue;
    }
    ctx.clock.learn(t0, ctx.now(), res.serverTime);
    out.server = res.server;
    if (known && res.server && (res.server.id !== known.id || res.server.epoch !== known.epoch)) return out;
    const answered = await recordAnswers(db, events, { ...res, refused: res.refused ?? [] }, ctx.now());
    out = { ...out, pushed: out.pushed + res.accepted.length, refused: out.refused + (res.refused?.length ?? 0) };
    if (answered < events.length) break; // an answer without every event: send the rest next round
    i += events.length;
  }
  return out;
}
