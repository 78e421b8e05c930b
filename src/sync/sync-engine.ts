// One sync round: push this tablet's outbox in batches, then pull everything new in pages and merge
// it. Every step is safe to repeat: the server stores events by id, acknowledged events leave the
// outbox only after the server said so, and the pull cursor advances only after a page is merged.
import type { Vault } from '../db/crypto/vault';
import type { ScanCardDb, StoredEvent } from '../db/db';
import type { SopLookup } from '../db/runs.repo';
import { syncMeta, updateSyncMeta } from '../db/sync-meta.repo';
import { ackOutbox, mergePulled, readOutbox, sopsPinnedBy, storePulledSops } from '../db/sync.repo';
import type { Scanner } from '../domain/scanners/scanner';
import type { SopDefinition } from '../domain/sop/sop.schema';
import { MAX_PULL_EVENTS, MAX_PUSH_EVENTS, type ServerEvent, type SyncEvent } from '../domain/sync/protocol.schema';
import type { TimerRules } from '../domain/timers/timers';
import type { SyncTransport } from './transport';

export type SyncContext = {
  /** The tablet's data key, open after sign-in: events are sealed at rest, in clear on the wire (HTTPS). */
  readonly vault: Vault;
  readonly sops: SopLookup;
  readonly isBuiltIn: (id: string, version: number) => boolean;
  readonly scanners: readonly Scanner[];
  readonly timerRules: TimerRules;
  readonly now: () => number;
  readonly newId?: () => string;
  readonly batchSize?: number;
  readonly pullLimit?: number;
};

export type SyncResult = { pushed: number; pulled: number; runsWaiting: string[] };

export async function syncOnce(db: ScanCardDb, transport: SyncTransport, ctx: SyncContext): Promise<SyncResult> {
  const meta = await syncMeta(db);
  let skewMs = meta.skewMs;

  let pushed = 0;
  // Read the outbox once (oldest first) and send it in slices: re-reading it for every batch made a
  // large backlog quadratic. Events recorded meanwhile go out in the next round.
  const pending = await readOutbox(db, ctx.vault, Number.POSITIVE_INFINITY);
  const size = ctx.batchSize ?? MAX_PUSH_EVENTS;
  for (let i = 0; i < pending.length; i += size) {
    const batch = pending.slice(i, i + size);
    const sops = await sopsPinnedBy(db, batch, ctx.isBuiltIn);
    const t0 = ctx.now();
    const res = await transport.push({
      batchId: (ctx.newId ?? (() => crypto.randomUUID()))(),
      events: batch as SyncEvent[],
      ...(sops.length && { sops }),
    });
    const t1 = ctx.now();
    await ackOutbox(db, [...res.accepted, ...res.duplicates]);
    if (t1 - t0 < 2000) skewMs = Math.round(res.serverTime - (t0 + t1) / 2);
    pushed += res.accepted.length;
    if (!res.accepted.length && !res.duplicates.length) break; // defensive: never spin on a silent reply
  }

  let pulled = 0;
  const runsWaiting = new Set<string>();
  let cursor = meta.cursor;
  for (;;) {
    const page = await transport.pull(cursor, ctx.pullLimit ?? MAX_PULL_EVENTS);
    if (page.sops.length)
      await storePulledSops(
        db,
        page.sops.map((s) => s.definition as SopDefinition),
        ctx.now(),
      );
    const merged = await mergePulled(db, ctx.vault, page.events.map(toStored), { ...ctx, now: ctx.now() });
    merged.runsWaiting.forEach((r) => runsWaiting.add(r));
    pulled += merged.added;
    cursor = page.cursor;
    await updateSyncMeta(db, { cursor, ...(page.currentSops && { currentSops: page.currentSops }) });
    if (!page.more) break;
  }
  await updateSyncMeta(db, { lastSuccessAt: ctx.now(), lastError: undefined, skewMs });
  return { pushed, pulled, runsWaiting: [...runsWaiting] };
}

/** Server bookkeeping (sequence, receive time) is not part of the event itself. */
function toStored(e: ServerEvent): StoredEvent {
  const event: Record<string, unknown> = { ...e };
  delete event.serverSeq;
  delete event.receivedAt;
  return event as unknown as StoredEvent;
}
