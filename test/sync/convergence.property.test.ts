// Property: whatever the network does (drop, delay, duplicate, reorder, truncate, restart the
// server mid-batch) and however wrong the tablets' clocks are, after the network heals every event
// is on the server exactly once and on every tablet, and all tablets show the same runs.
import { openRuns } from '../../src/db/run-codec';
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FAULTS, faultyNetwork, type Fault } from './faulty-network';
import { startSimServer, type SimServer } from './sim-server';
import { simTablet, type SimTablet } from './sim-tablet';

const ROUNDS = Number(process.env.SYNC_PROPERTY_ROUNDS ?? 1000);

type Op =
  | { kind: 'create'; tablet: number }
  | { kind: 'work'; tablet: number; pick: number; move: 'answer' | 'next' | 'back' }
  | { kind: 'sync'; tablet: number }
  | { kind: 'deliverHeld' }
  | { kind: 'jump'; tablet: number; ms: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('create' as const), tablet: fc.nat(3) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('work' as const),
      tablet: fc.nat(3),
      pick: fc.nat(5),
      move: fc.constantFrom('answer' as const, 'answer' as const, 'next' as const, 'back' as const),
    }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('sync' as const), tablet: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deliverHeld' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('jump' as const),
      tablet: fc.nat(3),
      ms: fc.integer({ min: -3_600_000, max: 3_600_000 }),
    }),
  },
);

const scenario = fc.record({
  tablets: fc.integer({ min: 2, max: 4 }),
  clockOffsets: fc.array(fc.integer({ min: -86_400_000, max: 86_400_000 }), { minLength: 4, maxLength: 4 }),
  ops: fc.array(op, { minLength: 4, maxLength: 40, size: 'max' }),
  // Mostly a working network with faults sprinkled in, so runs do get shared and merged.
  faults: fc.array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<Fault>('ok') },
      { weight: 2, arbitrary: fc.constantFrom<Fault>(...FAULTS) },
    ),
    { minLength: 1, maxLength: 12 },
  ),
});

let server: SimServer;
beforeAll(async () => {
  server = await startSimServer();
});
afterAll(() => server.close());

const ids = async (t: SimTablet) => new Set((await t.db.events.toArray()).map((e) => e.id));

it(`converges without loss or duplicates over ${ROUNDS} random rounds`, async () => {
  const faultCounts: Record<string, number> = {};
  let sharedRuns = 0;
  let flaggedRuns = 0;
  await fc.assert(
    fc.asyncProperty(scenario, async (s) => {
      const startSeq = (await server.store.eventsAfter(0, 1_000_000)).lastSeq;
      const net = faultyNetwork(server, s.faults);
      const tablets = await Promise.all(
        Array.from({ length: s.tablets }, (_, i) => simTablet(server, s.clockOffsets[i]!, startSeq)),
      );
      const tab = (n: number) => tablets[n % tablets.length]!;
      for (const o of s.ops) {
        if (o.kind === 'create') await tab(o.tablet).createRun();
        else if (o.kind === 'work') await tab(o.tablet).work(o.pick, o.move);
        else if (o.kind === 'jump') tab(o.tablet).jumpClock(o.ms);
        else if (o.kind === 'deliverHeld') await net.deliverHeld(1);
        else
          await tab(o.tablet)
            .sync(net.transportFor(tab(o.tablet)))
            .catch((e: Error) => {
              if (e.name !== 'TransientSyncError') throw e; // a 4xx here would be a bug: fail the property
            });
      }
      // The network heals: late requests arrive, then everyone syncs until nothing moves.
      await net.deliverHeld();
      net.heal();
      for (let pass = 0; pass < 2; pass++) for (const t of tablets) await t.sync(net.transportFor(t));
      for (const [f, n] of Object.entries(net.stats)) faultCounts[f] = (faultCounts[f] ?? 0) + n;

      const created = new Set<string>();
      for (const t of tablets)
        for (const e of await t.db.events.toArray()) if (e.device === t.deviceId) created.add(e.id);
      const onServer = (await server.store.eventsAfter(startSeq, 1_000_000)).rows.map((r) => r.id);
      expect(onServer.length).toBe(new Set(onServer).size); // exactly once
      if (process.env.SIM_DEBUG && onServer.length !== created.size)
        console.log(
          'DEBUG',
          startSeq,
          (await server.store.eventsAfter(Math.max(0, startSeq - 3), 100)).rows.map(
            (r) => r.seq + ' ' + r.body.slice(0, 200),
          ),
          [...created],
          tablets.map((t) => t.deviceId),
        );
      expect(new Set(onServer)).toEqual(created); // nothing lost, nothing invented
      expect(new Set(onServer)).toEqual(created); // nothing lost, nothing invented
      for (const t of tablets) {
        expect(await ids(t)).toEqual(created);
        expect(await t.db.outbox.count()).toBe(0);
      }
      const view = async (t: SimTablet) =>
        (await openRuns(t.vault, await t.db.runs.toArray()))
          .sort((a, b) => a.id.localeCompare(b.id))
          .map((r) => ({
            id: r.id,
            status: r.status,
            state: r.state,
            events: r.eventCount,
            rejected: r.rejectedEventIds ?? [],
          }));
      const first = await view(tablets[0]!);
      const all = await tablets[0]!.db.events.toArray();
      for (const run of first) {
        if (new Set(all.filter((e) => e.streamId === run.id).map((e) => e.device)).size > 1) sharedRuns += 1;
        if (run.rejected.length) flaggedRuns += 1;
      }
      for (const t of tablets.slice(1)) expect(await view(t)).toEqual(first);
      await Promise.all(tablets.map((t) => t.db.delete()));
    }),
    {
      numRuns: ROUNDS,
      endOnFailure: true,
      ...(process.env.SIM_SEED && { seed: Number(process.env.SIM_SEED), path: process.env.SIM_PATH }),
    },
  );
  console.log(
    `sync property: ${ROUNDS} rounds; runs edited on several tablets: ${sharedRuns}; runs flagged for review after a conflicting merge: ${flaggedRuns}; faults injected: ${JSON.stringify(faultCounts)}`,
  );
  expect(sharedRuns).toBeGreaterThan(ROUNDS / 20);
  expect(flaggedRuns).toBeGreaterThan(0);
  expect(faultCounts.restartAfter).toBeGreaterThan(0);
  expect(faultCounts.delay).toBeGreaterThan(0);
}, 600_000);
