// The server's read model of runs: each push re-projects the runs it touched through the domain's
// projectRun, in the push transaction (what is stored is exactly the engine's reading of the stored
// log); a run that cannot be projected is recorded and never refuses a push; a run waiting for its
// card is projected when the card arrives; start-up and the CLI rebuild from the log.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../src/domain/run/run.engine';
import type { RunEvent } from '../../src/domain/run/run.event';
import { projectRun } from '../../src/domain/run/run.projection';
import type { RunCommand } from '../../src/domain/run/run.types';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { buildServer } from '../../src/server/app';
import { builtInSops } from '../../src/server/built-ins';
import { canonicalJson } from '../../src/server/canonical-json';
import { rebuildProjections } from '../../src/server/projections/rebuild';
import { openSqliteStore } from '../../src/server/store/open-store';
import type { SyncStore } from '../../src/server/store/store';
import { chestCt } from '../../src/sops/chest-ct.sop';
import { chestCtV1 } from '../../src/sops/published';
import { eventFactory } from './fixtures';
import { openHarness, type Harness } from './harness';
import { STORES } from './stores';

const ALL_TIME = { from: 0, to: 8.64e15 };
const commands = (f: ReturnType<typeof eventFactory>, runId: string, list: RunCommand[]) =>
  list.map((payload) => ({ ...f.next(runId), payload }) as SyncEvent);
const IDENTITY: RunCommand[] = [
  { type: 'answer', itemId: 'twoIdentifiers', value: true },
  { type: 'answer', itemId: 'requestMatches', value: true },
  { type: 'next' },
];
const projections = async (store: SyncStore) =>
  new Map((await store.projectedRuns({ ...ALL_TIME, limit: 1000 })).map((r) => [r.runId, r]));

/** Stores events as a push would, but without its checks or its projection: a log the server must cope with. */
const storeRaw = (store: SyncStore, events: SyncEvent[], sop?: { id: string; version: number; body: string }) =>
  store.transaction(async (tx) => {
    if (sop) await tx.insertSop({ ...sop, source: 'test', now: 0 });
    await tx.insertEvents(
      events.map((e) => ({ ...e, body: canonicalJson(e) })),
      0,
    );
  });

describe.each(STORES)('the run read model on $name', (factory) => {
  let h: Harness;
  let tablet: Awaited<ReturnType<Harness['enrol']>>;
  let f: ReturnType<typeof eventFactory>;
  beforeEach(async () => {
    h = await openHarness(factory);
    tablet = await h.enrol();
    f = eventFactory(tablet.deviceId);
  });
  afterEach(() => h.close());
  const push = (events: SyncEvent[], sops?: unknown[]) =>
    h.call(
      'POST',
      '/api/sync/push',
      { device: tablet.token },
      { batchId: randomUUID(), events, ...(sops && { sops }) },
    );

  it('after every push holds exactly what projectRun reads from the stored log, with its columns', async () => {
    const run = randomUUID();
    const log: SyncEvent[] = [f.created(run)];
    const batches = [
      IDENTITY,
      [{ type: 'answer', itemId: 'pregnancy', value: 'notApplicable' }, { type: 'next' }, { type: 'back' }],
      [
        { type: 'skip', reason: 'not on this step' },
        { type: 'next' },
        { type: 'skip', reason: 'prepared on the ward' },
      ],
      [{ type: 'cancel', reason: 'patient unwell' }],
    ] satisfies RunCommand[][];
    for (const [i, batch] of batches.entries()) {
      const events = [...(i === 0 ? log : []), ...commands(f, run, batch)];
      if (i > 0) log.push(...events);
      else log.push(...events.slice(1));
      expect((await push(events)).status).toBe(200);
      const row = (await projections(h.store)).get(run)!;
      const expected = projectRun(log as RunEvent[], chestCtV1);
      expect(row.body).toBe(JSON.stringify(expected));
      expect(row).toMatchObject({
        status: expected.status,
        kind: 'exam',
        sopId: 'chest-ct',
        sopVersion: 1,
        modality: 'CT',
        priority: 'routine',
        scanner: 'CT 1',
        arrivedAt: expected.arrivedAt,
        completedAt: null,
        cancelledAt: expected.cancelledAt ?? null,
        needsReview: expected.needsReview.length > 0,
        skipCount: expected.skips.length,
        eventCount: log.length,
        engineVersion: ENGINE_VERSION,
        projectedAt: h.now(),
        problem: null,
      });
    }
    const row = (await projections(h.store)).get(run)!;
    expect(row).toMatchObject({ status: 'cancelled', needsReview: true, skipCount: 1, cancelledAt: log.at(-1)!.at });
  });

  // A current (v2) card run starts with the tablet's "known" command: the read model must read it through
  // the same engine, so answers filled in from the facts count as answered, and a v1 run beside it keeps v1.
  it('projects a version-2 run with its "known" facts through the engine, beside a run pinned to version 1', async () => {
    const [v2, v1] = [randomUUID(), randomUUID()];
    const log: SyncEvent[] = [
      f.created(v2, 'P-2', { id: 'chest-ct', version: 2 }),
      ...commands(f, v2, [
        { type: 'known', facts: { ageYears: 50, sex: 'male', staffName: 'Wang Li' } },
        ...IDENTITY,
        { type: 'answer', itemId: 'priorImaging', value: false },
        { type: 'next' }, // pregnancy was filled in ("not applicable" for a man): screening is complete
      ]),
    ];
    const older = [f.created(v1), ...commands(f, v1, IDENTITY)];
    expect((await push([...log, ...older])).status).toBe(200);
    const rows = await projections(h.store);
    const expected = projectRun(log as RunEvent[], chestCt);
    expect(rows.get(v2)!.body).toBe(JSON.stringify(expected));
    expect(rows.get(v2)).toMatchObject({ status: 'active', sopVersion: 2, needsReview: false, problem: null });
    expect(expected).toMatchObject({ currentStep: 'preparation', needsReview: [] });
    expect(expected.record?.answers).toContainEqual(
      expect.objectContaining({ itemId: 'pregnancy', value: 'notApplicable', prefilled: true }),
    );
    expect(rows.get(v1)!.body).toBe(JSON.stringify(projectRun(older as RunEvent[], chestCtV1)));
    expect(rows.get(v1)).toMatchObject({ status: 'active', sopVersion: 1, problem: null });
  });

  it('records a run it cannot project and still stores the push, projecting the batch’s other runs', async () => {
    const broken = randomUUID();
    const created = f.created(broken, 'P-1', { id: 'broken-card', version: 1 });
    await storeRaw(h.store, [created], { id: 'broken-card', version: 1, body: '{"id":"broken-card","version":1}' });
    const good = randomUUID();
    const res = await push([...commands(f, broken, IDENTITY), f.created(good)]);
    expect(res.status).toBe(200);
    expect(res.json.accepted).toHaveLength(4);
    const rows = await projections(h.store);
    expect(rows.get(broken)).toMatchObject({
      status: 'projectionFailed',
      problem: expect.stringMatching(/^the stored card is not valid here: /),
      sopId: 'broken-card',
      arrivedAt: created.at - 1000,
      eventCount: 4,
      engineVersion: ENGINE_VERSION,
      body: null,
    });
    expect(rows.get(good)).toMatchObject({ status: 'active', problem: null });
    const figures = await h.call('GET', '/api/figures', {
      device: tablet.token,
      user: await h.tokenFor(await h.addUser('qaLead'), tablet.deviceId),
    });
    expect(figures.json.runs).toMatchObject({ total: 2, byStatus: { active: 1, projectionFailed: 1 } });
  });

  it('a log without run.created is recorded as a problem by a rebuild, and projected once the run.created arrives', async () => {
    const run = randomUUID();
    const created = f.created(run);
    const early = commands(f, run, IDENTITY);
    await storeRaw(h.store, early);
    const out = await rebuildProjections(h.store, builtInSops(), { all: true, now: h.now });
    expect(out).toEqual({
      runs: 1,
      problems: [{ runId: run, problem: 'run log (3 events) has no run.created event' }],
    });
    expect(await h.store.projectionsOf([run])).toMatchObject([{ status: 'projectionFailed', arrivedAt: null }]);

    expect((await push([created])).status).toBe(200);
    expect((await projections(h.store)).get(run)).toMatchObject({
      status: 'active',
      body: JSON.stringify(projectRun([created, ...early] as RunEvent[], chestCtV1)),
    });
  });

  it('projects a run as sopUnknown without its card, and again when a push brings the card', async () => {
    const siteCard = { ...structuredClone(chestCtV1), id: 'site-chest-ct' };
    const run = randomUUID();
    const created = f.created(run, 'P-1', { id: 'site-chest-ct', version: 1 });
    await storeRaw(h.store, [created, ...commands(f, run, IDENTITY)]);
    await rebuildProjections(h.store, builtInSops(), { all: false, now: h.now });
    expect((await projections(h.store)).get(run)).toMatchObject({ status: 'sopUnknown', modality: null });

    const res = await push([created], [siteCard]); // the tablet sends the run again with its card
    expect(res.json).toMatchObject({ accepted: [], duplicates: [created.id] });
    expect((await projections(h.store)).get(run)).toMatchObject({
      status: 'active',
      modality: 'CT',
      eventCount: 4,
      needsReview: false,
    });
  });

  it('at start-up projects runs with no projection and re-projects those of an older engine, leaving the rest', async () => {
    const [fresh, stale, current] = [randomUUID(), randomUUID(), randomUUID()];
    expect((await push([f.created(stale), f.created(current), ...commands(f, stale, IDENTITY)])).status).toBe(200);
    await storeRaw(h.store, [f.created(fresh)]);
    const before = await projections(h.store);
    const old = { ...before.get(stale)!, engineVersion: ENGINE_VERSION - 1, body: '{"outdated":true}' };
    await h.store.transaction((tx) => tx.saveProjections([old]));

    h.advance(60_000);
    const restarted = await buildServer({ store: h.store, now: h.now });
    await restarted.close();
    const after = await projections(h.store);
    expect(after.get(fresh)).toMatchObject({ status: 'active', projectedAt: h.now() });
    expect(after.get(stale)).toEqual({ ...before.get(stale), projectedAt: h.now() });
    expect(after.get(current)).toEqual(before.get(current)); // untouched
  });
});

describe('npm run server -- rebuild-projections', () => {
  it('re-projects every run of the store it is pointed at', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scancard-rebuild-'));
    const file = join(dir, 'site.sqlite');
    try {
      const f = eventFactory();
      const runs = [randomUUID(), randomUUID()];
      let store = await openSqliteStore(file);
      await storeRaw(store, [f.created(runs[0]), ...commands(f, runs[0]!, IDENTITY), f.created(runs[1])]);
      await store.close();
      const run = promisify(execFile);
      const { stderr } = await run('npx', ['tsx', 'src/server/cli.ts', 'rebuild-projections'], {
        env: { ...process.env, SQLITE_FILE: file, DATABASE_URL: '' },
      });
      expect(stderr).toMatch(/Projected 2 runs in [\d.]+ s \(0 could not be projected\)/);
      store = await openSqliteStore(file);
      const rows = await projections(store);
      await store.close();
      expect([...rows.keys()].sort()).toEqual([...runs].sort());
      expect(rows.get(runs[0]!)).toMatchObject({ status: 'active', eventCount: 4, engineVersion: ENGINE_VERSION });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
