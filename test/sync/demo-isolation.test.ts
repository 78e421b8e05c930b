// Issue 14: demo runs live in their own database and never reach the clinical tables or the server.
// A tablet with a real run and a demo run open side by side syncs with a real server (each store):
// only the real run's events are pushed and stored; the demo database itself is refused by the sync
// engine before any request; wiping the demo leaves the clinical log as it was.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDemoDb, openDb, wipeDemoDb, type ScanCardDb } from '../../src/db/db';
import { createRunStore } from '../../src/db/run-store';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import type { PushRequest } from '../../src/domain/sync/protocol.schema';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { SAMPLE_PATIENTS } from '../../src/domain/training/sample-patients';
import { BUILT_IN_SOPS } from '../../src/sops/library';
import { syncOnce } from '../../src/sync/sync-engine';
import type { SyncTransport } from '../../src/sync/transport';
import { openHarness, type Harness } from '../server/harness';
import { STORES } from '../server/stores';
import { injectTransport } from './inject-transport';
import { lookup, simTablet, simWorld, type Creds } from './sim-tablet';
import { storeEnroller } from './store-enroller';

function recording(inner: (who: Creds) => SyncTransport) {
  const pushed: PushRequest['events'][number][] = [];
  let requests = 0;
  const transport = (who: Creds): SyncTransport => {
    const through = inner(who);
    return {
      push: (request) => (requests++, pushed.push(...request.events), through.push(request)),
      pull: (q) => (requests++, through.pull(q)),
    };
  };
  return { transport, pushed, requests: () => requests };
}

describe.each(STORES)('demo mode on $name', (factory) => {
  let h: Harness;
  let demo: ScanCardDb;
  const world = simWorld(Date.UTC(2026, 11, 2, 9));
  beforeEach(async () => {
    h = await openHarness(factory, { now: world.now });
    demo = openDb('demo');
  });
  afterEach(async () => {
    await demo.delete();
    await h.close();
  });

  it('no demo event reaches the clinical tables or the server; the demo database is never synced; wipe is total', async () => {
    const tablet = await simTablet(
      storeEnroller(
        () => h.store,
        () => h.now(),
      ),
      0,
      world,
    );
    const demoRuns = createRunStore({
      db: demo,
      vault: tablet.vault,
      user: 'sim',
      now: () => world.now(),
      builtInSops: BUILT_IN_SOPS,
      timerRules: DEFAULT_TIMER_RULES,
    });
    // A demo for each sample patient on its suggested card, walked a little, with a warm-up and an audit entry.
    const demoIds: string[] = [];
    for (const s of SAMPLE_PATIENTS) {
      const sop = BUILT_IN_SOPS.find((c) => c.id === s.suggestedSop)!;
      const id = await demoRuns.createRun({
        kind: 'exam',
        sop: { id: sop.id, version: sop.version },
        priority: s.priority,
        scanner: 'CT 1',
        timerRules: DEFAULT_TIMER_RULES,
        patient: s.patient,
      });
      await demoRuns.runCommand(id, { type: 'answer', itemId: sop.steps[0]!.items[0]!.id, value: true });
      demoIds.push(id);
    }
    await demoRuns.scannerCommand(DEFAULT_SCANNERS[0]!, { type: 'powerOn' });
    await demoRuns.recordAudit('run.view', demoIds[0]);
    const demoEventIds = new Set((await demo.events.toArray()).map((e) => e.id));
    expect(demoEventIds.size).toBe(SAMPLE_PATIENTS.length * 2 + 2);

    await tablet.createRun();
    await tablet.work(0, 'answer');
    const net = recording(injectTransport(() => h.app));
    const result = await tablet.sync(net.transport);
    expect(result.pushed).toBeGreaterThanOrEqual(2);

    const clinical = new Set((await tablet.db.events.toArray()).map((e) => e.id));
    const onServer = (await h.store.eventsAfter(0, 100_000)).rows;
    expect(net.pushed.length).toBe(clinical.size);
    expect(net.pushed.every((e) => clinical.has(e.id))).toBe(true);
    expect(net.pushed.filter((e) => demoEventIds.has(e.id))).toEqual([]);
    expect(onServer.filter((e) => demoEventIds.has(e.id))).toEqual([]);
    expect(JSON.stringify(net.pushed)).not.toContain('DEMO-'); // no sample patient on the wire
    expect([...clinical].filter((id) => demoEventIds.has(id))).toEqual([]);
    expect((await tablet.db.runs.bulkGet(demoIds)).filter(Boolean)).toEqual([]);

    // Whoever wires sync to the demo database gets a refusal, and no request leaves the tablet.
    expect(isDemoDb(demo)).toBe(true);
    const before = net.requests();
    const ctx = {
      vault: tablet.vault,
      sops: lookup,
      isBuiltIn: () => true,
      scanners: DEFAULT_SCANNERS,
      timerRules: DEFAULT_TIMER_RULES,
      now: () => world.now(),
    };
    await expect(syncOnce(demo, net.transport({ headers: tablet.headers }), ctx)).rejects.toThrow(/never synced/);
    expect(net.requests()).toBe(before);

    // One wipe: every demo run gone, the clinical log untouched, the demo database usable again.
    const clinicalCount = await tablet.db.events.count();
    await wipeDemoDb(demo);
    expect(await demo.events.count()).toBe(0);
    expect(await demo.runs.count()).toBe(0);
    expect(await tablet.db.events.count()).toBe(clinicalCount);
    await expect(wipeDemoDb(tablet.db)).rejects.toThrow(/only the demo/);
  });
});
