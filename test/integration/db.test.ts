// Storage layer on fake-indexeddb: the event log, outbox and snapshots, SOP versions, quota errors,
// scanner warm-ups, the demo database and persistent storage.
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importDek } from '../../src/db/crypto/keys';
import { createVault, type Vault } from '../../src/db/crypto/vault';
import { openDb, ScanCardDb, type EventRecord, type RunRow } from '../../src/db/db';
import { openEvent } from '../../src/db/run-codec';
import { activeRuns, getRun } from '../../src/db/runs.queries';
import { createRun, rebuildRun, runCommand, type SopLookup } from '../../src/db/runs.repo';
import { scannerCommand } from '../../src/db/scanners.repo';
import { addSopVersion, SopConflictError } from '../../src/db/sops.repo';
import { CommandRejectedError, StorageFullError } from '../../src/db/storage-errors';
import { isLowOnSpace, requestPersistentStorage } from '../../src/db/storage-health';
import type { NewRunHeader } from '../../src/domain/run/run.header';
import type { RunCommand, RunPriority } from '../../src/domain/run/run.types';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import type { SopDefinition } from '../../src/domain/sop/sop.schema';
import { DEFAULT_TIMER_RULES, timerStatus } from '../../src/domain/timers/timers';
import { chestCtV1 as chestCt } from '../../src/sops/published';
import { chestCtScenarios } from '../../src/sops/chest-ct.scenarios';
import { pendingCount } from '../../src/db/sync-meta.repo';
import { readPending } from '../../src/db/outbox.repo';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 9, 0);
const libraryOf =
  (...sops: SopDefinition[]): SopLookup =>
  (id, v) =>
    sops.find((s) => s.id === id && s.version === v);
const lookup = libraryOf(chestCt);
const header = (priority: RunPriority = 'routine', version = 1, patientId = 'P-1'): NewRunHeader => ({
  kind: 'exam',
  sop: { id: 'chest-ct', version },
  priority,
  scanner: 'CT 1',
  timerRules: DEFAULT_TIMER_RULES,
  patient: { patientId, sex: 'female', language: 'en', ageYears: 40 },
});
const freshDb = () => new ScanCardDb(`t-${crypto.randomUUID()}`);
const freshVault = () => createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
/** The run as the app sees it: opened with the tablet's key (the stored record is sealed). */
const runOf = (db: ScanCardDb, vault: Vault, id: string) => getRun(db, vault, id);
const allEvents = async (db: ScanCardDb) => (await db.events.toArray()).sort((a, b) => a.deviceSeq - b.deviceSeq);
const counts = async (db: ScanCardDb) => ({
  events: await db.events.count(),
  pending: await pendingCount(db),
  runs: await db.runs.count(),
});
const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

async function walk(
  db: ScanCardDb,
  vault: Vault,
  sops: SopLookup,
  id: string,
  actions: readonly (RunCommand | { type: 'wait'; ms: number })[],
  start: number,
) {
  let now = start;
  for (const a of actions) {
    if (a.type === 'wait') now += a.ms;
    else await runCommand(db, vault, sops, id, a, { user: 'u', now: (now += 1000) });
  }
  return now;
}

describe('event log and snapshots', () => {
  it('creating a run stores one run.created event, its outbox entry and a snapshot row', async () => {
    const db = freshDb();
    const vault = freshVault();
    const id = await createRun(db, vault, lookup, header(), { user: 'alice', now: T0 });
    const events = await db.events.toArray();
    expect(events).toHaveLength(1);
    const [stored] = events as [EventRecord];
    // Ordering fields stay in clear; the header (patient included) is sealed, never stored as payload.
    expect(stored.payload).toBeUndefined();
    expect(stored.sealed).toEqual({ iv: expect.any(String), ct: expect.any(String) });
    const e = await openEvent(vault, stored);
    expect(e).toMatchObject({ type: 'run.created', streamId: id, at: T0, user: 'alice', deviceSeq: 1 });
    expect(e.payload).toMatchObject({
      runId: id,
      arrivedAt: T0,
      sop: { id: 'chest-ct', version: 1 },
      patient: { patientId: 'P-1' },
    });
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.hlc).toMatch(/^[0-9a-z]{10}-[0-9a-z]{5}$/);
    expect(e.device).toMatch(/^[0-9a-f-]{36}$/);
    expect((await readPending(db, vault)).map((p) => p.id)).toEqual([e.id]);
    const row = await runOf(db, vault, id);
    expect(row).toMatchObject({
      id,
      status: 'active',
      arrivedAt: T0,
      updatedAt: T0,
      eventCount: 1,
      header: { runId: id, sop: { id: 'chest-ct', version: 1 }, patient: { patientId: 'P-1' } },
    });
    expect(row!.state.value).toBe('identity');
  });

  it('numbers events 1, 2, 3 … across runs and keeps clock stamps increasing when the clock jumps back', async () => {
    const db = freshDb();
    const vault = freshVault();
    const a = await createRun(db, vault, lookup, header(), { user: 'u', now: T0 });
    await runCommand(
      db,
      vault,
      lookup,
      a,
      { type: 'answer', itemId: 'twoIdentifiers', value: true },
      { user: 'u', now: T0 - 10 * MIN },
    );
    const b = await createRun(db, vault, lookup, header('urgent'), { user: 'u', now: T0 - 60 * MIN });
    await runCommand(
      db,
      vault,
      lookup,
      b,
      { type: 'answer', itemId: 'twoIdentifiers', value: true },
      { user: 'u', now: T0 + 1 },
    );
    await runCommand(
      db,
      vault,
      lookup,
      a,
      { type: 'answer', itemId: 'requestMatches', value: true },
      { user: 'u', now: T0 - 5 },
    );
    const events = await allEvents(db);
    expect(events.map((e) => e.deviceSeq)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(events.map((e) => e.device)).size).toBe(1);
    for (let i = 1; i < events.length; i++) expect(events[i]!.hlc > events[i - 1]!.hlc).toBe(true);
    // `at` keeps the (wrong) wall clock; only the stamp is corrected.
    expect(events.map((e) => e.at)).toEqual([T0, T0 - 10 * MIN, T0 - 60 * MIN, T0 + 1, T0 - 5]);
  });

  it('a refused command stores nothing', async () => {
    const db = freshDb();
    const vault = freshVault();
    const id = await createRun(db, vault, lookup, header(), { user: 'u', now: T0 });
    // The stored record itself (sealed blob included) must be untouched, not just what it opens to.
    const before = { ...(await counts(db)), row: await db.runs.get(id), meta: await db.meta.get('device') };
    await expect(
      runCommand(db, vault, lookup, id, { type: 'next' }, { user: 'u', now: T0 + 1 }),
    ).rejects.toBeInstanceOf(CommandRejectedError);
    await expect(
      runCommand(db, vault, lookup, id, { type: 'answer', itemId: 'dlp', value: 5 }, { user: 'u', now: T0 + 2 }),
    ).rejects.toBeInstanceOf(CommandRejectedError);
    expect({ ...(await counts(db)), row: await db.runs.get(id), meta: await db.meta.get('device') }).toEqual(before);
  });

  it('rebuilding a whole routine exam from the log equals the incremental snapshot, also after the row is lost', async () => {
    const db = freshDb();
    const vault = freshVault();
    const routine = chestCtScenarios.find((s) => s.name.startsWith('routine'))!;
    const id = await createRun(db, vault, lookup, header(), { user: 'u', now: T0 });
    await walk(db, vault, lookup, id, routine.actions, T0);
    const incremental = (await runOf(db, vault, id))!;
    expect(incremental.status).toBe('completed');
    expect(incremental.state.context.path).toEqual(routine.expectPath);
    expect(incremental.eventCount).toBe(routine.actions.length + 1);
    expect(await rebuildRun(db, vault, lookup, id)).toEqual(incremental);
    expect(await runOf(db, vault, id)).toEqual(incremental);
    await db.runs.delete(id);
    expect(await db.runs.get(id)).toBeUndefined();
    await rebuildRun(db, vault, lookup, id);
    expect(await runOf(db, vault, id)).toEqual(incremental);
  });
});

describe('SOP versions', () => {
  const renamed = (s: SopDefinition['steps'][number]) =>
    s.id === 'positioning'
      ? { ...s, id: 'patientPositioning' }
      : s.next === 'positioning'
        ? { ...s, next: 'patientPositioning' }
        : s;
  const v2: SopDefinition = { ...structuredClone(chestCt), version: 2, steps: chestCt.steps.map(renamed) };

  it('a run pinned to chest-ct v1 keeps working after v2 is added', async () => {
    const db = freshDb();
    const vault = freshVault();
    const routine = chestCtScenarios.find((s) => s.name.startsWith('routine'))!;
    const old = await createRun(db, vault, lookup, header(), { user: 'u', now: T0 });
    await walk(db, vault, lookup, old, routine.actions.slice(0, 4), T0); // through identity, into screening
    expect(await addSopVersion(db, v2, [chestCt], T0)).toBe('added');
    const stored = (await db.sops.toArray()).map((r) => r.definition);
    const both = libraryOf(chestCt, ...stored);
    await walk(db, vault, both, old, routine.actions.slice(4), T0 + MIN);
    const row: RunRow = (await runOf(db, vault, old))!;
    expect(row.header.sop).toEqual({ id: 'chest-ct', version: 1 });
    expect(row.status).toBe('completed');
    expect(row.state.context.path).toContain('positioning');
    expect(await rebuildRun(db, vault, both, old)).toEqual(row);
    const fresh = await createRun(db, vault, both, header('routine', 2), { user: 'u', now: T0 + 2 * MIN });
    await walk(db, vault, both, fresh, routine.actions.slice(0, 7), T0 + 2 * MIN);
    expect((await runOf(db, vault, fresh))!.state.value).toBe('preparation');
    await walk(db, vault, both, fresh, routine.actions.slice(7, 10), T0 + 3 * MIN);
    expect((await runOf(db, vault, fresh))!.state.value).toBe('patientPositioning');
  });

  it('a version never changes: same content is unchanged, different content conflicts, built-ins are protected', async () => {
    const db = freshDb();
    expect(await addSopVersion(db, v2, [chestCt], T0)).toBe('added');
    expect(await addSopVersion(db, structuredClone(v2), [chestCt], T0 + 1)).toBe('unchanged');
    const edited = { ...structuredClone(v2), siteMustConfirm: ['changed'] };
    await expect(addSopVersion(db, edited, [chestCt], T0 + 2)).rejects.toBeInstanceOf(SopConflictError);
    expect(await addSopVersion(db, structuredClone(chestCt), [chestCt], T0)).toBe('unchanged');
    const builtInEdit = { ...structuredClone(chestCt), siteMustConfirm: [] };
    const refused = await addSopVersion(db, builtInEdit, [chestCt], T0).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SopConflictError);
    expect((refused as Error).message).toMatch(/is a built-in card/);
    const rows = await db.sops.toArray();
    expect(rows.map((r) => [r.id, r.version, r.addedAt])).toEqual([['chest-ct', 2, T0]]);
    expect(rows[0]!.definition).toEqual(v2);
  });
});

describe('storage full', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a quota error on the event write rejects with StorageFullError and loses nothing', async () => {
    const db = freshDb();
    const vault = freshVault();
    const id = await createRun(db, vault, lookup, header(), { user: 'u', now: T0 });
    await runCommand(
      db,
      vault,
      lookup,
      id,
      { type: 'answer', itemId: 'twoIdentifiers', value: true },
      { user: 'u', now: T0 + 1 },
    );
    const opened = await runOf(db, vault, id);
    const before = { ...(await counts(db)), row: await db.runs.get(id), meta: await db.meta.get('device') };
    const add = vi.spyOn(db.events, 'add').mockImplementation(() => {
      throw quotaError();
    });
    await expect(
      runCommand(
        db,
        vault,
        lookup,
        id,
        { type: 'answer', itemId: 'requestMatches', value: true },
        { user: 'u', now: T0 + 2 },
      ),
    ).rejects.toBeInstanceOf(StorageFullError);
    await expect(createRun(db, vault, lookup, header(), { user: 'u', now: T0 + 3 })).rejects.toBeInstanceOf(
      StorageFullError,
    );
    expect(add).toHaveBeenCalledTimes(2); // both writes reached the transaction (sealing happens before it)
    vi.restoreAllMocks();
    expect({ ...(await counts(db)), row: await db.runs.get(id), meta: await db.meta.get('device') }).toEqual(before);
    expect(await runOf(db, vault, id)).toEqual(opened);
  });

  it('a quota error after the event and outbox were written rolls the whole change back', async () => {
    const db = freshDb();
    const vault = freshVault();
    const id = await createRun(db, vault, lookup, header(), { user: 'u', now: T0 });
    const opened = await runOf(db, vault, id);
    const before = { ...(await counts(db)), row: await db.runs.get(id), meta: await db.meta.get('device') };
    // How Dexie reports a transaction the browser aborted for quota: AbortError with the DOMException
    // inside. (jsdom's DOMException is not an Error, unlike a browser's, so stand in with a named Error.)
    const inner = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    const added = vi.spyOn(db.events, 'add');
    const put = vi.spyOn(db.runs, 'put').mockImplementation(() => {
      throw new Dexie.AbortError('Transaction aborted', inner);
    });
    await expect(
      runCommand(
        db,
        vault,
        lookup,
        id,
        { type: 'answer', itemId: 'twoIdentifiers', value: true },
        { user: 'u', now: T0 + 1 },
      ),
    ).rejects.toBeInstanceOf(StorageFullError);
    expect(put).toHaveBeenCalledTimes(1);
    expect(added).toHaveBeenCalledTimes(1); // the event really was written inside the transaction before the failure
    vi.restoreAllMocks();
    // Event, outbox entry, device counter and snapshot: all as before (none half-written).
    expect({ ...(await counts(db)), row: await db.runs.get(id), meta: await db.meta.get('device') }).toEqual(before);
    expect(await runOf(db, vault, id)).toEqual(opened);
    // Once space is back the same tap saves, numbered without a gap.
    await runCommand(
      db,
      vault,
      lookup,
      id,
      { type: 'answer', itemId: 'twoIdentifiers', value: true },
      { user: 'u', now: T0 + 2 },
    );
    expect((await allEvents(db)).map((e) => e.deviceSeq)).toEqual([1, 2]);
  });
});

describe('scanner warm-up', () => {
  const ct = DEFAULT_SCANNERS.find((s) => s.modality === 'CT')!;
  const cmd = (db: ScanCardDb, type: 'powerOn' | 'ready', now: number) =>
    scannerCommand(db, ct, { type }, DEFAULT_TIMER_RULES, { user: 'u', now });

  it('power on then ready stores two events in the scanner stream', async () => {
    const db = freshDb();
    await cmd(db, 'powerOn', T0);
    const row = await cmd(db, 'ready', T0 + 2 * MIN);
    expect((await allEvents(db)).map((e) => [e.type, e.streamId])).toEqual([
      ['scanner.powerOn', `scanner:${ct.id}`],
      ['scanner.ready', `scanner:${ct.id}`],
    ]);
    expect(await pendingCount(db)).toBe(2);
    expect(row.warmup).toMatchObject({ id: 'warmupCt', startedAt: T0, stoppedAt: T0 + 2 * MIN });
    expect(timerStatus(row.warmup!, T0 + 10 * MIN).deviation).toBe(false);
  });

  it('power on twice stores one event', async () => {
    const db = freshDb();
    await cmd(db, 'powerOn', T0);
    await cmd(db, 'powerOn', T0 + MIN);
    expect(await db.events.count()).toBe(1);
    expect((await db.scanners.get(ct.id))!.warmup!.startedAt).toBe(T0);
  });

  it('a CT warm-up longer than 3 minutes is a deviation', async () => {
    const db = freshDb();
    await cmd(db, 'powerOn', T0);
    const row = await cmd(db, 'ready', T0 + 3 * MIN + 1000);
    expect(timerStatus(row.warmup!, T0 + 60 * MIN).deviation).toBe(true);
  });
});

describe('demo database', () => {
  it('is a different IndexedDB database from the clinical one', async () => {
    const demo = openDb('demo');
    const clinical = openDb('clinical');
    try {
      expect(demo.name).not.toBe(clinical.name);
      const vault = freshVault();
      const id = await createRun(demo, vault, lookup, header('routine', 1, 'DEMO-1'), { user: 'trainer', now: T0 });
      expect((await activeRuns(demo, vault)).map((r) => r.id)).toEqual([id]);
      expect(await activeRuns(clinical, vault)).toEqual([]);
      expect(await clinical.events.count()).toBe(0);
      expect((await Dexie.getDatabaseNames()).sort()).toEqual(expect.arrayContaining([demo.name, clinical.name]));
    } finally {
      await demo.delete();
      await clinical.delete();
    }
  });
});

describe('persistent storage', () => {
  const fake = (o: { persisted: boolean; persist?: boolean | Error; usage?: number; quota?: number }) => {
    const persist = vi.fn(async () => {
      if (o.persist instanceof Error) throw o.persist;
      return o.persist ?? false;
    });
    const storage = {
      persisted: async () => o.persisted,
      persist,
      estimate: async () => ({ usage: o.usage, quota: o.quota }),
    };
    return { storage: storage as unknown as StorageManager, persist };
  };

  it('already persisted: true, without asking again', async () => {
    const { storage, persist } = fake({ persisted: true, usage: 10, quota: 100 });
    expect(await requestPersistentStorage(storage)).toEqual({ persisted: true, usageBytes: 10, quotaBytes: 100 });
    expect(persist).not.toHaveBeenCalled();
  });

  it('granted on request: true; refused or failing: false', async () => {
    expect((await requestPersistentStorage(fake({ persisted: false, persist: true }).storage)).persisted).toBe(true);
    const refused = fake({ persisted: false, persist: false });
    expect((await requestPersistentStorage(refused.storage)).persisted).toBe(false);
    expect(refused.persist).toHaveBeenCalledTimes(1);
    expect(
      (await requestPersistentStorage(fake({ persisted: false, persist: new Error('no') }).storage)).persisted,
    ).toBe(false);
  });

  it('missing API: unsupported', async () => {
    expect(await requestPersistentStorage({} as StorageManager)).toEqual({ persisted: 'unsupported' });
  });

  it('low on space under 50 MB or under 10 % left', () => {
    const MB = 1024 * 1024;
    const h = (usedMb: number, quotaMb: number) => ({
      persisted: true,
      usageBytes: usedMb * MB,
      quotaBytes: quotaMb * MB,
    });
    expect(isLowOnSpace(h(100, 1000))).toBe(false);
    expect(isLowOnSpace(h(900, 1000))).toBe(false); // exactly 10 % and 100 MB left
    expect(isLowOnSpace(h(901, 1000))).toBe(true);
    expect(isLowOnSpace(h(9_000, 10_000))).toBe(false);
    expect(isLowOnSpace(h(9_500, 10_000))).toBe(true); // 500 MB left but only 5 %
    expect(isLowOnSpace(h(50, 100))).toBe(false); // exactly 50 MB left
    expect(isLowOnSpace(h(51, 100))).toBe(true);
    expect(isLowOnSpace({ persisted: true })).toBe(false);
    expect(isLowOnSpace({ persisted: true, usageBytes: 5, quotaBytes: 0 })).toBe(false);
  });
});
