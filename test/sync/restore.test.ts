// Issue 9, finding 6: IT restores the department server from a backup taken earlier. Events
// acknowledged after the backup are gone from the server, and the sequence numbers tablets saw
// now name other events. Tablets keep every event and notice (the pull cursor's event is not the
// one they saw, the server's epoch changed, or the server holds fewer of their events than it
// acknowledged): they re-send what the server lacks and pull again. Nothing is lost, on SQLite
// (a copy of the file) and PostgreSQL (pg_dump and psql), with real tablet storage.
import 'fake-indexeddb/auto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuns } from '../../src/db/run-codec';
import { pendingCount } from '../../src/db/sync-meta.repo';
import { buildServer } from '../../src/server/app';
import type { SyncStore } from '../../src/server/store/store';
import { ENGINES, openTestStore, type TestDb } from '../server/engines';
import { injectTransport } from './inject-transport';
import { simTablet, simWorld, type SimTablet } from './sim-tablet';
import { storeEnroller } from './store-enroller';

describe.each(ENGINES)('a server restored from a backup, on $name', (engine) => {
  const world = simWorld();
  let db: TestDb;
  let store: SyncStore;
  let app: FastifyInstance;
  const start = async () => {
    store = await openTestStore(db);
    app = await buildServer({ store, now: world.now });
  };
  const stop = async () => {
    await app.close();
    await store.close();
  };
  beforeEach(async () => {
    db = await engine.create();
    await start();
  });
  afterEach(async () => {
    await stop();
    await db.dispose();
  });

  const enroller = storeEnroller(
    () => store,
    () => world.now(),
  );

  const transport = injectTransport(() => app);
  const ownIds = async (t: SimTablet) =>
    (await t.db.events.toArray()).filter((e) => e.device === t.deviceId).map((e) => e.id);
  const view = async (t: SimTablet) =>
    (await openRuns(t.vault, await t.db.runs.toArray()))
      .map((r) => ({ id: r.id, state: r.state, events: r.eventCount }))
      .sort((a, b) => a.id.localeCompare(b.id));

  it('loses nothing: tablets re-send what the server lacks and pull what they missed', async () => {
    const [a, b, c] = await Promise.all([
      simTablet(enroller, 0, world),
      simTablet(enroller, 0, world),
      simTablet(enroller, 0, world),
    ]);
    await a.createRun();
    await a.work(0, 'answer');
    await c.createRun();
    for (const t of [a, b, c, a, b, c]) await t.sync(transport);
    const before = await store.eventCount();

    await db.backup(); // last night's backup

    // After the backup: A and B record and sync (acknowledged; B's cursor passes A's new events)…
    await a.work(0, 'answer');
    await a.work(0, 'next');
    await a.createRun();
    await b.work(0, 'answer');
    for (const t of [a, b, a, b]) await t.sync(transport);
    // …and C's push is acknowledged, but its pull fails: its cursor stays before the backup point.
    let pullsFail = true;
    await c.work(0, 'answer');
    await c.work(0, 'next');
    await expect(c.sync(injectTransport(() => app, { failPulls: () => pullsFail }))).rejects.toThrow(/connection lost/);
    pullsFail = false;
    expect(await pendingCount(c.db)).toBe(0); // acknowledged: C would never send these again by itself
    const acknowledged = await store.eventCount();
    expect(acknowledged).toBeGreaterThan(before);

    await stop();
    await db.restore();
    await start();
    expect(await store.eventCount()).toBe(before); // what was acknowledged after the backup is gone

    // A new tablet records first: its events take the sequence numbers A and B saw other events under.
    const d = await simTablet(enroller, 0, world);
    await d.createRun();
    await d.work(0, 'answer');
    await d.sync(transport);

    const restarts: string[] = [];
    for (let pass = 0; pass < 2; pass++)
      for (const t of [a, b, c, d]) restarts.push(...(await t.sync(transport)).restarts);
    expect(restarts.length).toBeGreaterThan(0);

    const all = new Set([...(await ownIds(a)), ...(await ownIds(b)), ...(await ownIds(c)), ...(await ownIds(d))]);
    const onServer = (await store.eventsAfter(0, 1_000_000)).rows.map((r) => r.id);
    expect(onServer.length).toBe(new Set(onServer).size); // exactly once
    expect(new Set(onServer)).toEqual(all); // nothing lost
    for (const t of [a, b, c, d]) {
      expect(new Set((await t.db.events.toArray()).map((e) => e.id))).toEqual(all);
      expect(await pendingCount(t.db)).toBe(0);
    }
    for (const t of [b, c, d]) expect(await view(t)).toEqual(await view(a));
  });

  it('an administrator marking the restore starts a new epoch: tablets start their cursors again', async () => {
    const a = await simTablet(enroller, 0, world);
    await a.createRun();
    await a.sync(transport);
    const { epoch } = await store.serverIdentity(world.now());
    const next = await store.newEpoch(world.now()); // npm run server -- restored
    expect(next.epoch).not.toBe(epoch);
    await a.createRun();
    const r = await a.sync(transport);
    expect(r.restarts).toEqual(['another server or epoch answered the push']);
    expect(await store.eventCount()).toBe(2);
    expect(await pendingCount(a.db)).toBe(0);
  });
});
