// The registry decides, alone, how each event type is kept and carried. Walking it: a sample of
// every type is written through the tablet's real codec into (fake) IndexedDB and the raw record is
// read back without Dexie or a key — a sensitive type shows none of its payload, a clear one all
// of it. Then a type nobody has written code for is registered (one entry, no other file) and
// goes tablet → department server → another tablet, sealed at rest on both, on each store.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { importDek } from '../../src/db/crypto/keys';
import { createVault, fromBase64, SealedDataError } from '../../src/db/crypto/vault';
import { ScanCardDb, type EventRecord, type StoredEvent } from '../../src/db/db';
import { openEvent, sealEvent } from '../../src/db/run-codec';
import { createRunStore } from '../../src/db/run-store';
import { eventsByIds } from '../../src/db/runs.queries';
import { defineEventType } from '../../src/domain/events/event-type';
import { eventTypes, registerEventType } from '../../src/domain/events/registry';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { BUILT_IN_SOPS } from '../../src/sops/library';
import { syncOnce } from '../../src/sync/sync-engine';
import { httpTransport } from '../../src/sync/transport';
import { sampleEvent } from '../setup/sample-event';
import { enrolledTablet } from '../setup/tablet-identity';
import { openHarness, type Harness } from '../server/harness';
import { STORES } from '../server/stores';
import { pendingCount } from '../../src/db/sync-meta.repo';

const freshVault = () => createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
const dbs: ScanCardDb[] = [];
const freshDb = () => {
  const db = new ScanCardDb(`registry-${randomUUID()}`);
  dbs.push(db);
  return db;
};
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.delete()));
});

/** One record as IndexedDB holds it: the plain API, no Dexie, no key. */
async function rawRecord(dbName: string, id: string): Promise<Record<string, unknown>> {
  const done = <T>(req: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  const idb = await done(indexedDB.open(dbName));
  try {
    return (await done(idb.transaction('events', 'readonly').objectStore('events').get(id))) as Record<string, unknown>;
  } finally {
    idb.close();
  }
}

/** Every string and number in a payload, as text: what must not be readable from a sealed record. */
const leaves = (v: unknown): string[] =>
  typeof v === 'string' || typeof v === 'number'
    ? [String(v)]
    : v && typeof v === 'object'
      ? Object.values(v).flatMap(leaves)
      : [];
const contains = (hay: Uint8Array, needle: Uint8Array) => {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
};

/** Asserts that nothing of the payload can be read from the stored record without the key. */
function expectSealed(raw: Record<string, unknown>, event: { payload: unknown; streamId: string; id: string }) {
  const { sealed, ...clear } = raw as { sealed: { iv: string; ct: string } };
  expect(clear).not.toHaveProperty('payload');
  expect(Object.keys(sealed).sort()).toEqual(['ct', 'iv']);
  const clearText = JSON.stringify(clear);
  const cipher = fromBase64(sealed.ct);
  // The stream id is in clear by design (ordering, lookup): a run's id, or a case number, never patient data.
  const secrets = leaves(event.payload).filter((s) => !event.streamId.includes(s) && s.length >= 3);
  expect(secrets.length).toBeGreaterThan(0);
  for (const s of secrets) {
    expect(clearText, `"${s}" readable in the record`).not.toContain(s);
    if (s.length >= 4) expect(contains(cipher, new TextEncoder().encode(s)), `"${s}" in clear in the blob`).toBe(false);
  }
}

describe('every registered type is kept at rest as its entry says', () => {
  it.each(eventTypes().map((e) => [e.type, e] as const))('%s', async (_type, entry) => {
    const db = freshDb();
    const vault = freshVault();
    const event = sampleEvent(entry, randomUUID()) as StoredEvent;
    await db.events.add(await sealEvent(vault, event));
    const raw = await rawRecord(db.name, event.id);
    if (entry.sensitive) expectSealed(raw, event);
    else expect(raw).toEqual(event); // holds no patient data: in clear, readable while locked
    expect(await openEvent(vault, raw as EventRecord)).toEqual(event);
  });

  it('a sealed payload moved onto another event id does not open (the event id is bound in)', async () => {
    const db = freshDb();
    const vault = freshVault();
    const created = eventTypes().find((e) => e.type === 'run.created')!;
    const [a, b] = [sampleEvent(created, randomUUID()), sampleEvent(created, randomUUID())] as StoredEvent[];
    const [ra, rb] = await Promise.all([sealEvent(vault, a!), sealEvent(vault, b!)]);
    await db.events.bulkAdd([ra, { ...rb, sealed: ra.sealed }]);
    await expect(eventsByIds(db, vault, [b!.id])).rejects.toBeInstanceOf(SealedDataError);
    expect(await eventsByIds(db, vault, [a!.id])).toEqual([a]);
  });
});

// A new kind of record, written here and nowhere else: the case id picks its stream, the note is free text.
const SECRET_NOTE = 'extravasation left arm, 20 ml, patient Zhao-9931';
const adverseNote = defineEventType<'test.adverseNote', { caseId: string; note: string }>({
  type: 'test.adverseNote',
  payload: z.strictObject({ caseId: z.string().check(z.regex(/^[a-z0-9-]{8,40}$/)), note: z.string() }),
  stream: { kind: 'derived', streamId: (p) => `adverse:${p.caseId}` },
  sensitive: true,
  tablet: 'none',
  server: 'none',
  example: { caseId: 'case-0001', note: 'example' },
});

describe.each(STORES)('a type added as one registry entry, on $name', (factory) => {
  let server: Harness;
  let base: string;
  let unregister: () => void;
  beforeAll(async () => {
    unregister = registerEventType(adverseNote);
    server = await openHarness(factory);
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.server!.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    unregister();
    await server.close();
  });

  async function tablet() {
    const db = freshDb();
    const vault = freshVault();
    const tab = await enrolledTablet(server, db, base);
    const runs = createRunStore({
      db,
      vault,
      user: 'user-1',
      now: () => server.now(),
      builtInSops: BUILT_IN_SOPS,
      timerRules: DEFAULT_TIMER_RULES,
    });
    const sync = () =>
      syncOnce(db, httpTransport(base, tab.fetch()), {
        vault,
        sops: runs.sops,
        isBuiltIn: (id, v) => BUILT_IN_SOPS.some((s) => s.id === id && s.version === v),
        scanners: DEFAULT_SCANNERS,
        timerRules: DEFAULT_TIMER_RULES,
        now: () => server.now(),
      });
    return { db, vault, runs, sync };
  }

  it('is sealed at rest, accepted over the wire, and sealed again on the tablet that pulls it', async () => {
    const a = await tablet();
    const b = await tablet();
    const caseId = `case-${randomUUID().slice(0, 8)}`;
    const recorded = await a.runs.recordEvent('test.adverseNote', { caseId, note: SECRET_NOTE });
    expect(recorded.streamId).toBe(`adverse:${caseId}`);
    expectSealed(await rawRecord(a.db.name, recorded.id), recorded);

    expect((await a.sync()).pushed).toBe(1);
    expect(await pendingCount(a.db)).toBe(0);
    const onServer = (await server.store.eventsAfter(0, 100)).rows;
    expect(onServer.map((r) => JSON.parse(r.body) as unknown)).toEqual([recorded]); // stored as sent

    expect((await b.sync()).pulled).toBe(1);
    expectSealed(await rawRecord(b.db.name, recorded.id), recorded);
    expect(await eventsByIds(b.db, b.vault, [recorded.id])).toEqual([recorded]);
  });

  it('is checked like every other type before it is stored: a wrong payload stores nothing', async () => {
    const a = await tablet();
    await expect(a.runs.recordEvent('test.adverseNote', { caseId: 'BAD ID', note: 'x' })).rejects.toThrow(
      /payload\.caseId/,
    );
    await expect(a.runs.recordEvent('test.adverseNote', { caseId: 'case-0002', note: 'x', extra: 1 })).rejects.toThrow(
      /unknown field\(s\): extra/,
    );
    expect(await a.db.events.count()).toBe(0);
    expect(await pendingCount(a.db)).toBe(0);
  });
});
