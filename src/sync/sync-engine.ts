// One sync round: push what is pending (answered event by event), pull everything new in pages and
// merge it, then compare what both sides hold (divergence.ts). Every step is safe to repeat: the
// server stores events by id, the push cursor passes only answered events, and the pull cursor
// advances only after a page is merged. A server that is another one, or restored from a backup
// (new epoch, or a cursor whose event is gone), makes both cursors start again: this tablet re-sends
// what the server lacks and pulls what it missed. Tablets keep every event, so this is always possible.
import type { Vault } from '../db/crypto/vault';
import { isDemoDb, type ScanCardDb } from '../db/db';
import type { SopLookup } from '../db/runs.repo';
import { rebuildWaitingRuns } from '../db/sync.repo';
import { syncMeta, updateSyncMeta } from '../db/sync-meta.repo';
import type { Scanner } from '../domain/scanners/scanner';
import type { SopDefinition } from '../domain/sop/sop.schema';
import type { ServerIdentity } from '../domain/sync/protocol.schema';
import type { TimerRules } from '../domain/timers/timers';
import { checkDivergence, type Divergence } from './divergence';
import { pullAll } from './pull-round';
import { pushPending } from './push-round';
import { serverClock } from './server-clock';
import type { SyncTransport } from './transport';

export type SyncContext = {
  /** The tablet's data key, open after sign-in: events are sealed at rest, in clear on the wire (HTTPS). */
  readonly vault: Vault;
  readonly sops: SopLookup;
  readonly isBuiltIn: (id: string, version: number) => boolean;
  readonly scanners: readonly Scanner[];
  readonly timerRules: TimerRules;
  /** The tablet's clock corrected by the stored offset to the server's (`skewMs`), as new events use it;
   * within a round it is corrected further as replies come (server-clock.ts). */
  readonly now: () => number;
  readonly newId?: () => string;
  readonly batchSize?: number;
  /** The byte budget of one push request (the server's body limit by default). */
  readonly maxBatchBytes?: number;
  readonly pullLimit?: number;
  /** Cancels the round (the transport aborts its request). */
  readonly signal?: AbortSignal;
};

export type SyncResult = {
  pushed: number;
  pulled: number;
  /** Events the server refused this round (kept on the tablet). */
  refused: number;
  runsWaiting: string[];
  /** Why the cursors started again this round, if they did. */
  restarts: string[];
  divergence?: Divergence;
};

/** A round restarts its cursors at most this often (a new epoch, then a repair). */
const MAX_PASSES = 3;

export async function syncOnce(db: ScanCardDb, transport: SyncTransport, ctx: SyncContext): Promise<SyncResult> {
  // Demo runs are invented patients: they never leave the tablet, whoever wires sync to them.
  if (isDemoDb(db)) throw new Error('the demo database is never synced');
  const start = await syncMeta(db);
  const result: SyncResult = { pushed: 0, pulled: 0, refused: 0, runsWaiting: [], restarts: [] };
  const pulledSops = new Map<string, SopDefinition>();
  const clock = serverClock(ctx.now, start.skewMs);
  const round = { ...ctx, now: clock.now, clock };

  for (let pass = 1; ; pass++) {
    const meta = await syncMeta(db);
    const push = await pushPending(db, transport, round, meta.server);
    result.pushed += push.pushed;
    result.refused += push.refused;
    if (await restartIfOther(db, meta.server, push.server, result, 'another server or epoch answered the push')) {
      if (pass < MAX_PASSES) continue;
      break;
    }
    const now = await syncMeta(db);
    const pull = await pullAll(db, transport, { ...round, pulledSops }, now);
    result.pulled += pull.pulled;
    result.runsWaiting.push(...pull.runsWaiting);
    if (pull.restart) {
      await restart(db, pull.server, result, 'the server no longer holds what the pull cursor pointed at (restored?)');
      if (pass < MAX_PASSES) continue;
      break;
    }
    if (!now.server && pull.server) await updateSyncMeta(db, { server: pull.server });
    const divergence = pull.last && (await checkDivergence(db, pull.last));
    result.divergence = divergence;
    if (!divergence || pass >= MAX_PASSES) break;
    // Repair: pull everything again (missed events), or send everything again (the server lost some).
    if (divergence.missing.length) await updateSyncMeta(db, { cursor: { events: 0, sops: 0 } });
    if (divergence.lost) await updateSyncMeta(db, { pushed: 0 });
    result.restarts.push(divergence.lost ? 'the server lacks events it had answered' : 'this tablet missed events');
  }

  const sops = (id: string, version: number) => ctx.sops(id, version) ?? pulledSops.get(`${id}@${version}`);
  result.runsWaiting = await rebuildWaitingRuns(db, ctx.vault, sops);
  await updateSyncMeta(db, { lastSuccessAt: clock.now(), lastError: undefined, skewMs: clock.skewMs() });
  return result;
}

/** The push was answered by another server or epoch than the cursors belong to: start them again. */
async function restartIfOther(
  db: ScanCardDb,
  known: ServerIdentity | undefined,
  seen: ServerIdentity | undefined,
  result: SyncResult,
  why: string,
): Promise<boolean> {
  if (!seen) return false;
  if (!known) {
    await updateSyncMeta(db, { server: seen });
    return false;
  }
  if (seen.id === known.id && seen.epoch === known.epoch) return false;
  await restart(db, seen, result, why);
  return true;
}

async function restart(db: ScanCardDb, server: ServerIdentity | undefined, result: SyncResult, why: string) {
  result.restarts.push(why);
  await updateSyncMeta(db, { cursor: { events: 0, sops: 0 }, pushed: 0, ...(server && { server }) });
}
