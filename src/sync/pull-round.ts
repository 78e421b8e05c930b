// The pull half of a round: pages of everything after the cursor, merged as they come. The cursor
// carries the id of the event it points at, so a server restored from a backup (whose sequence
// numbers now name other events) says "restart" instead of silently skipping what it lost. SOP
// versions pulled in a page are used by that page's merge and every later one.
import type { ScanCardDb, StoredEvent, SyncMeta } from '../db/db';
import { mergePulled, storePulledSops } from '../db/sync.repo';
import { updateSyncMeta } from '../db/sync-meta.repo';
import type { SopDefinition } from '../domain/sop/sop.schema';
import { MAX_PULL_EVENTS } from '../domain/sync/limits';
import type { PullResponse, ServerEvent, ServerIdentity } from '../domain/sync/protocol.schema';
import type { ServerClock } from './server-clock';
import type { SyncContext } from './sync-engine';
import { SyncCancelledError, type SyncTransport } from './transport';

export type PullOutcome = {
  pulled: number;
  runsWaiting: string[];
  /** The server lost what the cursor pointed at (a restore), or is another server: start again. */
  restart: boolean;
  server?: ServerIdentity;
  /** The last page (with the divergence figures), when the pull got to the end. */
  last?: PullResponse;
  cursor: SyncMeta['cursor'];
};

export async function pullAll(
  db: ScanCardDb,
  transport: SyncTransport,
  ctx: SyncContext & { pulledSops: Map<string, SopDefinition>; clock: ServerClock },
  from: { cursor: SyncMeta['cursor']; pushed: number; server?: ServerIdentity },
): Promise<PullOutcome> {
  const out: PullOutcome = { pulled: 0, runsWaiting: [], restart: false, cursor: from.cursor };
  const sops = (id: string, version: number) => ctx.sops(id, version) ?? ctx.pulledSops.get(`${id}@${version}`);
  for (;;) {
    if (ctx.signal?.aborted) throw new SyncCancelledError();
    const t0 = ctx.now();
    const page = await transport.pull(
      {
        after: out.cursor.events,
        sopsAfter: out.cursor.sops,
        limit: ctx.pullLimit ?? MAX_PULL_EVENTS,
        ...(out.cursor.anchor && { anchor: out.cursor.anchor }),
        ...(from.server && { epoch: from.server.epoch }),
        own: from.pushed,
      },
      ctx.signal,
    );
    ctx.clock.learn(t0, ctx.now(), page.serverTime);
    out.server = page.server;
    const other =
      from.server && page.server && (page.server.id !== from.server.id || page.server.epoch !== from.server.epoch);
    if (page.restart || other) return { ...out, restart: true };

    if (page.sops.length) {
      const defs = page.sops.map((s) => s.definition as SopDefinition);
      await storePulledSops(db, defs, ctx.now());
      for (const d of defs) ctx.pulledSops.set(`${d.id}@${d.version}`, d);
    }
    const merged = await mergePulled(db, ctx.vault, page.events.map(toStored), { ...ctx, sops, now: ctx.now() });
    out.runsWaiting.push(...merged.runsWaiting);
    out.pulled += merged.added;
    out.cursor = { ...page.cursor, ...(page.cursorId && { anchor: page.cursorId }) };
    await updateSyncMeta(db, { cursor: out.cursor, ...(page.currentSops && { currentSops: page.currentSops }) });
    if (!page.more) return { ...out, last: page };
  }
}

/** Server bookkeeping (sequence, receive time) is not part of the event itself. */
function toStored(e: ServerEvent): StoredEvent {
  const event: Record<string, unknown> = { ...e };
  delete event.serverSeq;
  delete event.receivedAt;
  return event as unknown as StoredEvent;
}
