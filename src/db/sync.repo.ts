// The tablet side of sync in the database: what came from the server (merged into the event log).
// What is sent is in outbox.repo.ts, bookkeeping (token, cursors) in sync-meta.repo.ts. Merging never
// deletes or rewrites an event: pulled events are added by id, and every run they touch is rebuilt
// by replaying its whole log in clock order. A run that cannot be rebuilt yet (its card version has
// not arrived) is remembered in `waiting` and rebuilt once it can.
import Dexie from 'dexie';
import { decodeHlc, encodeHlc, receiveHlc } from '../domain/clock/hlc';
import { eventType } from '../domain/events/registry';
import { SCANNER_COMMANDS, scannerIdOfStream, scannerStreamId } from '../domain/events/scanner.events';
import { applyScannerCommand, type Scanner, type WarmupState } from '../domain/scanners/scanner';
import type { SopDefinition } from '../domain/sop/sop.schema';
import { MAX_CLOCK_AHEAD_MS } from '../domain/sync/limits';
import type { TimerRules } from '../domain/timers/timers';
import type { RunEvent } from '../domain/run/run.event';
import type { EventRecord, RunRow, ScanCardDb, StoredEvent } from './db';
import { deviceMeta } from './device.repo';
import type { Vault } from './crypto/vault';
import { sealByPage } from './event-pages';
import { sealEvent, sealRun } from './run-codec';
import { runRowFromLog, streamEvents, type SopLookup } from './runs.repo';

/** Definitions of non-built-in SOP versions pinned by these events (the server may not have them). */
export async function sopsPinnedBy(
  db: ScanCardDb,
  events: readonly StoredEvent[],
  isBuiltIn: (id: string, v: number) => boolean,
): Promise<SopDefinition[]> {
  const keys = new Map<string, [string, number]>();
  for (const e of events) {
    const sop = eventType(e.type)?.pinsSop?.(e.payload);
    if (sop && !isBuiltIn(sop.id, sop.version)) keys.set(`${sop.id}@${sop.version}`, [sop.id, sop.version]);
  }
  const rows = await db.sops.bulkGet([...keys.values()]);
  return rows.flatMap((r) => (r ? [r.definition] : []));
}

export async function storePulledSops(db: ScanCardDb, sops: readonly SopDefinition[], now: number): Promise<void> {
  await db.transaction('rw', db.sops, async () => {
    for (const sop of sops)
      if (!(await db.sops.get([sop.id, sop.version])))
        await db.sops.add({ id: sop.id, version: sop.version, definition: sop, source: 'server', addedAt: now });
  });
}

/**
 * Adds pulled events (already-known ids are skipped), advances the tablet's clock past them, and
 * rebuilds every run and scanner they touch. Run events are sealed by page (event-pages.ts), the
 * rest one by one. Reading, sealing and rebuilding happen first; the
 * write is one transaction that checks no run changed meanwhile (else the merge is redone). A crash
 * mid-merge leaves the page un-merged, and the unchanged cursor fetches it again.
 */
export async function mergePulled(
  db: ScanCardDb,
  vault: Vault,
  events: readonly StoredEvent[],
  ctx: { sops: SopLookup; scanners: readonly Scanner[]; timerRules: TimerRules; now: number },
): Promise<{ added: number; runsRebuilt: number; runsWaiting: string[] }> {
  const { deviceId } = await deviceMeta(db);
  const incoming = await withoutOwnLogged(db, deviceId, events);
  for (let attempt = 0; ; attempt++) {
    const existing = await db.events.bulkGet(incoming.map((e) => e.id));
    const fresh = incoming.filter((_, i) => !existing[i]);
    if (!fresh.length) return { added: 0, runsRebuilt: 0, runsWaiting: [] };

    const byRun = new Map<string, RunEvent[]>();
    const scannerIds = new Set<string>();
    for (const e of fresh) {
      const applies = eventType(e.type)?.tablet;
      if (applies === 'run') byRun.set(e.streamId, [...(byRun.get(e.streamId) ?? []), e as RunEvent]);
      else if (applies === 'scanner') scannerIds.add(scannerIdOfStream(e.streamId));
    }
    const runIds = [...byRun.keys()];
    const known = await db.runs.bulkGet(runIds);
    const rows: RunRow[] = [];
    const runsWaiting: string[] = [];
    for (const [i, runId] of runIds.entries()) {
      const mine = byRun.get(runId)!;
      // A run first seen in this page (its creation is here) has no other events on this tablet yet.
      const log =
        !known[i] && mine.some((e) => e.type === 'run.created')
          ? mine
          : [...(await streamEvents(db, vault, runId)), ...mine];
      try {
        rows.push(runRowFromLog(runId, log, ctx.sops));
      } catch {
        runsWaiting.push(runId); // its card version, or its creation, has not arrived yet
      }
    }
    const [sealed, records] = await Promise.all([
      sealByPage(vault, fresh, (e) => sealEvent(vault, e)),
      Promise.all(rows.map((r) => sealRun(vault, r))),
    ]);

    const tables = [db.events, db.eventPages, db.runs, db.scanners, db.meta, db.waiting];
    const done = await db.transaction('rw', tables, async () => {
      const now = await db.runs.bulkGet(runIds);
      if (now.some((r, i) => r?.eventCount !== known[i]?.eventCount)) return false; // a local write came first
      await db.eventPages.bulkAdd(sealed.pages); // fresh ids: an event already stored keeps its own page
      await addImmutable(db, sealed.records);
      await db.runs.bulkPut(records);
      await db.waiting.bulkDelete(rows.map((r) => r.id));
      await db.waiting.bulkPut(runsWaiting.map((runId) => ({ runId, since: ctx.now })));
      const device = await deviceMeta(db); // read again: a local write may have moved its clock
      let hlc = decodeHlc(device.hlc);
      for (const e of fresh) hlc = receiveHlc(hlc, decodeHlc(e.hlc), ctx.now, MAX_CLOCK_AHEAD_MS);
      await db.meta.put({ ...device, hlc: encodeHlc(hlc) });
      for (const id of scannerIds) await rebuildScanner(db, id, ctx.scanners, ctx.timerRules);
      return true;
    });
    if (done) return { added: fresh.length, runsRebuilt: rows.length, runsWaiting };
    if (attempt >= 4) throw new Error('runs kept changing during the merge; it will be retried on the next sync');
  }
}

/**
 * Drops this tablet's own events coming back from the server when its log holds them all: one count
 * over their sequence range instead of a look-up per event (the log never deletes, and a device's
 * sequence numbers name one event each). If any is missing (should not happen), all are looked up.
 */
async function withoutOwnLogged(db: ScanCardDb, deviceId: string, events: readonly StoredEvent[]) {
  const own = events.filter((e) => e.device === deviceId);
  if (!own.length) return events;
  const seqs = own.map((e) => e.deviceSeq);
  const [lo, hi] = [Math.min(...seqs), Math.max(...seqs)];
  const held = await db.events.where('[device+deviceSeq]').between([deviceId, lo], [deviceId, hi], true, true).count();
  return held === hi - lo + 1 && new Set(seqs).size === own.length
    ? events.filter((e) => e.device !== deviceId)
    : events;
}

/**
 * Adds pulled events inside the merge's transaction without reading them again: an event is
 * immutable, so one that a concurrent merge stored meanwhile is the same event, and its
 * "already there" is ignored. Any other failure aborts the merge.
 */
async function addImmutable(db: ScanCardDb, records: readonly EventRecord[]) {
  try {
    await db.events.bulkAdd(records);
  } catch (e) {
    if (!(e instanceof Dexie.BulkError) || e.failures.some((f) => f.name !== 'ConstraintError')) throw e;
  }
}

/**
 * Rebuilds the runs that were waiting for their card version (or creation) and now can be: a card
 * pulled or imported since. Runs that still cannot stay waiting. Returns the ids still waiting.
 */
export async function rebuildWaitingRuns(db: ScanCardDb, vault: Vault, sops: SopLookup): Promise<string[]> {
  const still: string[] = [];
  for (const { runId } of await db.waiting.toArray()) {
    let row: RunRow;
    try {
      row = runRowFromLog(runId, await streamEvents(db, vault, runId), sops);
    } catch {
      still.push(runId);
      continue;
    }
    const record = await sealRun(vault, row);
    await db.transaction('rw', [db.runs, db.waiting], async () => {
      const now = await db.runs.get(runId);
      if (!now || now.eventCount < row.eventCount) await db.runs.put(record); // a newer merge wins
      await db.waiting.delete(runId);
    });
  }
  return still;
}

async function rebuildScanner(db: ScanCardDb, scannerId: string, scanners: readonly Scanner[], rules: TimerRules) {
  const scanner = scanners.find((s) => s.id === scannerId);
  if (!scanner) return;
  const streamId = scannerStreamId(scannerId);
  const events = await db.events.where('[streamId+hlc]').between([streamId, ''], [streamId, '\uffff']).toArray();
  let state: WarmupState = { scannerId };
  let updatedAt = 0;
  for (const e of events) {
    const command = SCANNER_COMMANDS[e.type];
    if (!command) continue; // another type kept in the scanner's stream: not a warm-up
    state = applyScannerCommand(state, scanner, command, e.at, rules);
    updatedAt = e.at;
  }
  await db.scanners.put({ ...state, updatedAt });
}
