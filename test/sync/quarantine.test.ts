// Issue 9, finding 3: one refused event used to wedge a tablet (batches all or nothing, the round
// given up, pull included, on any 4xx). Now each refused event is quarantined on the tablet with the
// server's reason — kept, shown under "needs attention", never blocking the others or the pull — and
// one that may be accepted later as it is (its run has not reached the server yet) is sent again by
// itself. Real tablet storage, a real server on each store.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/db/db';
import { deviceMeta } from '../../src/db/device.repo';
import { quarantined, readPending, retryQuarantined } from '../../src/db/outbox.repo';
import { openEvents, sealEvent } from '../../src/db/run-codec';
import { mergePulled } from '../../src/db/sync.repo';
import { outboxCounts, pendingCount } from '../../src/db/sync-meta.repo';
import { encodeHlc } from '../../src/domain/clock/hlc';
import { auditStreamId } from '../../src/domain/events/audit-entry.event';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { MAX_PUSH_BYTES } from '../../src/domain/sync/limits';
import type { PushRequest } from '../../src/domain/sync/protocol.schema';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import type { SyncTransport } from '../../src/sync/transport';
import { openHarness, type Harness } from '../server/harness';
import { STORES } from '../server/stores';
import { injectTransport } from './inject-transport';
import { lookup, siteCard, simTablet, simWorld, type Creds, type SimTablet } from './sim-tablet';
import { storeEnroller } from './store-enroller';

/** Stores an event the way an older app version did, straight into the log: no check, next number. */
async function storeAsOldAppDid(t: SimTablet, at: number, event: (meta: ReturnType<typeof stamp>) => StoredEvent) {
  const device = await deviceMeta(t.db);
  const e = event(stamp(device.deviceId, device.seq + 1, at));
  const record = await sealEvent(t.vault, e);
  await t.db.transaction('rw', [t.db.events, t.db.meta], async () => {
    await t.db.events.add(record);
    await t.db.meta.put({ ...device, seq: e.deviceSeq, hlc: e.hlc });
  });
  return e;
}
const stamp = (device: string, deviceSeq: number, at: number) => ({
  id: randomUUID(),
  at,
  hlc: encodeHlc({ wall: at, counter: 0 }),
  user: 'sim',
  device,
  deviceSeq,
});

/** Counts push requests and the statuses the server answered them with. */
function counting(inner: (who: Creds) => SyncTransport) {
  const pushes: { events: number; status: number }[] = [];
  const transport = (who: Creds): SyncTransport => {
    const through = inner(who);
    return {
      async push(request: PushRequest) {
        try {
          const res = await through.push(request);
          pushes.push({ events: request.events.length, status: 200 });
          return res;
        } catch (e) {
          pushes.push({ events: request.events.length, status: (e as { status?: number }).status ?? 0 });
          throw e;
        }
      },
      pull: (q) => through.pull(q),
    };
  };
  return { transport, pushes };
}

describe.each(STORES)('refused events on $name', (factory) => {
  let h: Harness;
  const world = simWorld(Date.UTC(2026, 10, 23, 9));
  beforeEach(async () => {
    h = await openHarness(factory, { now: world.now });
  });
  afterEach(() => h.close());
  const enroller = storeEnroller(
    () => h.store,
    () => h.now(),
  );
  const tablet = () => simTablet(enroller, 0, world);
  const serverIds = async () => new Set((await h.store.eventsAfter(0, 100_000)).rows.map((r) => r.id));

  it('an event from an older app that breaks the stricter rules is quarantined; the rest and the pull go on', async () => {
    const [a, b] = await Promise.all([tablet(), tablet()]);
    await b.createRun();
    await b.sync(injectTransport(() => h.app));
    await a.createRun();
    const old = await storeAsOldAppDid(a, world.now(), (m) => ({
      ...m,
      type: 'audit.entry',
      streamId: auditStreamId(m.device),
      payload: { action: 'run.view', detail: 'scanned label \u0007 with a bell' }, // a control character
    }));
    await a.work(0, 'answer');
    const { transport, pushes } = counting(injectTransport(() => h.app));

    const first = await a.sync(transport);
    expect(first).toMatchObject({ pushed: 2, refused: 1, pulled: 1 }); // B's run arrived all the same
    const ids = await serverIds();
    expect(ids.has(old.id)).toBe(false);
    expect(ids.size).toBe(3);
    expect(await quarantined(a.db)).toMatchObject([
      {
        id: old.id,
        type: 'audit.entry',
        code: 'invalid',
        retry: false,
        tries: 1,
        details: [expect.stringMatching(/detail/)],
      },
    ]);
    expect(await outboxCounts(a.db)).toEqual({ pending: 0, attention: 1 });
    expect((await a.db.events.get(old.id))?.id).toBe(old.id); // kept

    await a.work(0, 'answer');
    await a.sync(transport);
    expect(pushes.slice(1)).toEqual([{ events: 1, status: 200 }]); // the refused one is not sent again by itself

    await retryQuarantined(a.db, old.id); // someone looked at it: try once more
    expect(await pendingCount(a.db)).toBe(1);
    await a.sync(transport);
    expect(await quarantined(a.db)).toMatchObject([{ id: old.id, retry: false, tries: 2 }]);
  });

  it('sends 1,000 events of long text in batches that fit the body limit, never a 413', async () => {
    const a = await tablet();
    await a.createRun();
    const runId = (await a.db.runs.toArray())[0]!.id;
    const long = 'Long typed answer. '.repeat(106).slice(0, 2000);
    for (let i = 0; i < 999; i++)
      await storeAsOldAppDid(a, world.now() + i, (m) => ({
        ...m,
        type: 'run.command',
        streamId: runId,
        payload: { type: 'answer', itemId: 'notes', value: long },
      }));
    const bytes = (await readPending(a.db, a.vault)).reduce((n, e) => n + JSON.stringify(e).length, 0);
    expect(bytes).toBeGreaterThan(MAX_PUSH_BYTES); // one batch of them would be refused with 413
    const { transport, pushes } = counting(injectTransport(() => h.app));
    const r = await a.sync(transport, { batchSize: undefined }); // as many per batch as fit
    expect(r).toMatchObject({ pushed: 1000, refused: 0 });
    expect(pushes.every((p) => p.status === 200)).toBe(true);
    expect(pushes.length).toBeGreaterThan(1);
    expect(pushes.reduce((n, p) => n + p.events, 0)).toBe(1000);
    expect(await pendingCount(a.db)).toBe(0);
  });

  it('a card imported on two tablets with different content: the second one’s run needs attention, nothing else waits', async () => {
    const [a, b] = await Promise.all([tablet(), tablet()]);
    const ours = siteCard('shared');
    await a.importCard('shared');
    await a.createRun({ onImported: true });
    await a.sync(injectTransport(() => h.app));
    // B imported a card of the same id and version, edited (a different title).
    await b.db.sops.add({
      id: ours.id,
      version: 1,
      definition: { ...ours, title: 'abdomenCt.title' },
      source: 'import',
      addedAt: 0,
    });
    await b.createRun({ onImported: true });
    await b.work(0, 'answer');
    await b.createRun();
    const r = await b.sync(injectTransport(() => h.app));
    expect(r).toMatchObject({ pushed: 1, refused: 2 });
    expect((await quarantined(b.db)).map((q) => [q.type, q.code, q.retry])).toEqual([
      ['run.command', 'runRefused', false],
      ['run.created', 'sopConflict', false],
    ]);
    expect(await outboxCounts(b.db)).toEqual({ pending: 0, attention: 2 });
  });

  it('commands on a run the server does not have yet wait on the tablet and go once the run does', async () => {
    const [a, b] = await Promise.all([tablet(), tablet()]);
    await a.createRun();
    // B has A's run without the server having it (as after a restore that lost it): A's log merged directly.
    const fromA = await openEvents(a.vault, await a.db.events.toArray());
    await mergePulled(b.db, b.vault, fromA, {
      sops: lookup,
      scanners: DEFAULT_SCANNERS,
      timerRules: DEFAULT_TIMER_RULES,
      now: world.now(),
    });
    await b.work(0, 'answer');
    await b.createRun();
    const first = await b.sync(injectTransport(() => h.app));
    expect(first).toMatchObject({ pushed: 1, refused: 1 });
    expect(await quarantined(b.db)).toMatchObject([{ type: 'run.command', code: 'runUnknown', retry: true }]);
    expect(await outboxCounts(b.db)).toEqual({ pending: 1, attention: 0 }); // waiting, not needing a person
    await b.sync(injectTransport(() => h.app)); // sent again by itself: still waiting
    expect(await quarantined(b.db)).toMatchObject([{ code: 'runUnknown', tries: 2 }]);

    await a.sync(injectTransport(() => h.app)); // the run reaches the server
    const last = await b.sync(injectTransport(() => h.app));
    expect(last.pushed).toBe(1);
    expect(await quarantined(b.db)).toEqual([]);
    expect(await outboxCounts(b.db)).toEqual({ pending: 0, attention: 0 });
    expect((await serverIds()).size).toBe(3);
  });
});
