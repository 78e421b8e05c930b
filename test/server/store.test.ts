// What the store guarantees on both engines, each guard with the test that fails without it: pushes
// take turns, compare-and-set sign-in tries, one-time codes and "first user only" hold under
// parallel calls, IN lists are chunked, the audit table refuses changes, SQLite is WAL with
// synchronous=FULL, and a run's commands come back in the domain's order (compareEvents).
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareEvents } from '../../src/domain/run/run.event';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { hashCode } from '../../src/server/auth';
import type { NewEventRow, SyncStore } from '../../src/server/store/store';
import { enrolInStore } from '../setup/enrol-device';
import { ENGINES, openTestStore, type TestDb } from './engines';
import { eventFactory } from './fixtures';
import { openHarness, START, type Harness } from './harness';
import { STORES } from './stores';

const row = (i: number): NewEventRow => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  streamId: 'scanner:ct1',
  type: 'scanner.ready',
  device: 'd',
  deviceSeq: i,
  hlc: `h${i}`,
  at: i,
  body: `{"n":${i}}`,
});

describe.each(STORES)('store guarantees on $name', (factory) => {
  let h: Harness;
  let store: SyncStore;
  beforeEach(async () => {
    h = await openHarness(factory);
    store = h.store;
  });
  afterEach(async () => {
    await h.close();
  });

  it('runs one push transaction at a time', async () => {
    const log: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = store.transaction(async (tx) => {
      log.push('first in');
      await held;
      await tx.insertEvents([row(1)], 1);
      log.push('first out');
    });
    const second = store.transaction(async (tx) => {
      log.push('second in');
      await tx.insertEvents([row(2)], 2);
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(log).toEqual(['first in']);
    release();
    await Promise.all([first, second]);
    expect(log).toEqual(['first in', 'first out', 'second in']);
    expect((await store.eventsAfter(0, 10)).rows.map((r) => r.seq)).toEqual([1, 2]);
  });

  it('refuses, rather than hangs on, a store call made inside a transaction', async () => {
    const nested = store.transaction(async (tx) => {
      await tx.insertEvents([row(1)], 1);
      return store.userCount(); // SQLite: would wait forever for its one connection
    });
    await expect(nested).rejects.toThrow(/did not use the transaction/);
    expect(await store.eventCount()).toBe(0); // rolled back
  });

  it('answers ids in lists longer than one statement carries', async () => {
    const rows = Array.from({ length: 1201 }, (_, i) => row(i + 1));
    await store.transaction((tx) => tx.insertEvents(rows, START));
    const ids = [...rows.map((r) => r.id), randomUUID()];
    const bodies = await store.transaction((tx) => tx.eventBodies(ids));
    expect(bodies.size).toBe(1201);
    expect(bodies.get(rows[1200]!.id)).toBe('{"n":1201}');
    expect((await store.eventsAfter(0, 2000)).rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
  });

  it('lets one of many parallel sign-in tries take a free slot', async () => {
    const user = await h.addUser('technologist');
    const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimLoginAttempt(user.id, 0, START)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await store.userById(user.id))!.failures).toBe(1);
  });

  it('uses an enrolment code once, even for parallel tablets, and creates only one first user', async () => {
    await store.addEnrollmentCode({
      codeHash: hashCode('ONCE-ONLY'),
      label: 't',
      createdAt: START,
      expiresAt: START + 1e6,
    });
    const enrolled = await Promise.all(
      Array.from({ length: 4 }, () =>
        store.enrollWithKey({
          codeHash: hashCode('ONCE-ONLY'),
          keyId: randomUUID(), // four different tablets' keys
          publicKey: '{}',
          label: 't',
          newDeviceId: randomUUID(),
          now: START,
        }),
      ),
    );
    expect(enrolled.filter((r) => r.ok)).toHaveLength(1);
    const firsts = await Promise.all(
      ['a1', 'a2', 'a3'].map((username) =>
        store.createUser(
          { id: randomUUID(), username, displayName: username, role: 'admin', secretHash: 'x', now: START },
          { onlyIfFirst: true },
        ),
      ),
    );
    expect(firsts.filter((u) => typeof u === 'object')).toHaveLength(1);
    expect(firsts.filter((u) => u === 'notFirst')).toHaveLength(2);
    expect(await store.userCount()).toBe(1);
  });

  it("projects a run's events in the tablet's order, clock stamp then device then id (never device sequence)", async () => {
    // The server picks device ids (random): name the lower one a, so device order is a then b.
    const [a, b] = [await h.enrol('tablet 1'), await h.enrol('tablet 2')].sort((x, y) =>
      x.deviceId < y.deviceId ? -1 : 1,
    ) as [Awaited<ReturnType<Harness['enrol']>>, Awaited<ReturnType<Harness['enrol']>>];
    const fa = eventFactory(a.deviceId);
    const fb = eventFactory(b.deviceId);
    const run = randomUUID();
    const created = fa.created(run);
    const stamp = fa.next(run).hlc; // one clock stamp shared by every command below
    const at = (e: SyncEvent, id: string) => ({ ...e, id, hlc: stamp }) as SyncEvent;
    // Ids and device sequence numbers run opposite ways; the answer ordered last is the one that stands.
    const fromA = [
      at(fa.answer(run, 'twoIdentifiers', true), 'ffffffff-0000-4000-8000-000000000001'),
      at(fa.answer(run, 'twoIdentifiers', false), '11111111-0000-4000-8000-000000000001'),
    ];
    const fromB = [at(fb.answer(run, 'requestMatches', true), '00000000-0000-4000-8000-000000000001')];
    const push = (device: string, events: SyncEvent[]) =>
      h.call('POST', '/api/sync/push', { device }, { batchId: randomUUID(), events });
    expect((await push(a.token, [created, ...fromA])).status).toBe(200);
    expect((await push(b.token, fromB)).status).toBe(200);

    expect([...fromA, ...fromB].sort(compareEvents).map((e) => e.id)).toEqual([
      '11111111-0000-4000-8000-000000000001',
      'ffffffff-0000-4000-8000-000000000001',
      '00000000-0000-4000-8000-000000000001',
    ]);
    const qa = { device: a.token, user: await h.tokenFor(await h.addUser('qaLead'), a.deviceId) };
    const exported = await h.call('GET', '/api/exports/exam-records?from=2026-11-23&to=2026-11-24', qa);
    expect(exported.json.records).toMatchObject([
      {
        runId: run,
        eventCount: 4,
        answers: [
          { itemId: 'twoIdentifiers', value: true },
          { itemId: 'requestMatches', value: true },
        ],
      },
    ]);
  });
});

describe.each(ENGINES)('the database under the store on $name', (engine) => {
  let db: TestDb;
  beforeEach(async () => {
    db = await engine.create();
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('refuses UPDATE and DELETE on the audit table of a fresh database', async () => {
    const store = await openTestStore(db);
    await store.appendAudit({ id: randomUUID(), at: START, action: 'login' });
    await store.close();
    const raw = await db.raw();
    try {
      await expect(raw.exec(`UPDATE audit SET action = 'logout'`)).rejects.toThrow(/append-only/);
      await expect(raw.exec('DELETE FROM audit')).rejects.toThrow(/append-only/);
      expect(await raw.rows('audit')).toMatchObject([{ action: 'login' }]);
    } finally {
      await raw.close();
    }
  });

  it("erases a revoked tablet's data key, and never hands one out for it again", async () => {
    let store = await openTestStore(db);
    const [gone, kept] = [await enrolInStore(store, START), await enrolInStore(store, START)];
    expect(await store.deviceDek(gone.deviceId)).toBeInstanceOf(Buffer);
    expect(await store.revokeDevice(gone.deviceId, START + 1)).toBe(true);
    expect(await store.deviceDek(gone.deviceId)).toBeUndefined();
    await store.close();
    const raw = await db.raw();
    try {
      expect((await raw.rows('devices')).find((r) => r.id === gone.deviceId)).toMatchObject({ dek: null });
      // A key put back behind the server's back (say, from an old backup) is still not handed out.
      await raw.exec(
        `UPDATE devices SET dek = (SELECT dek FROM devices WHERE id = '${kept.deviceId}') WHERE id = '${gone.deviceId}'`,
      );
    } finally {
      await raw.close();
    }
    store = await openTestStore(db);
    try {
      expect(await store.deviceDek(gone.deviceId)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it.runIf(engine.name === 'sqlite')('keeps SQLite in WAL mode with synchronous=FULL', async () => {
    const d = db.dialect();
    try {
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`PRAGMA ${name}`).execute(d.db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(2); // FULL
    } finally {
      await d.close();
    }
  });
});
