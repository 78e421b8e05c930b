// The tablet's dashboard inputs from its own database (fake-indexeddb, sealed at rest): a seeded month
// pulled onto the tablet gives exactly the figures the pure functions give over the same logs (the
// server's test/server/kpi.test.ts proves the same for /api/kpi), runs outside the period and the one
// before it are not read, a run pinned to a card version not at hand asks for every version, and a
// re-read projects only the runs whose log grew (the others come from the session's cache).
import { describe, expect, it } from 'vitest';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb } from '../../src/db/db';
import { loadKpiInput, projectedRunsIn } from '../../src/db/kpi.repo';
import { dashboard } from '../../src/domain/kpi/kpi';
import { kpiRun, MIN } from '../../src/domain/kpi/kpi.fixtures';
import { seededMonth } from '../../src/domain/kpi/kpi.month';
import { projectQuality } from '../../src/domain/quality/quality.projection';
import { tablet } from '../../src/domain/run/golden/log-builder';
import { projectRun } from '../../src/domain/run/run.projection';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { builtInLookup, seedLogs } from '../setup/seed-kpi';

const DAY = 24 * 3600_000;
const FROM = Date.UTC(2026, 9, 22);
const NOW = FROM + 40 * DAY;
const month = seededMonth(FROM, 12, 5);

async function seeded() {
  const db = new ScanCardDb(`kpi-${crypto.randomUUID()}`);
  const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
  await seedLogs(db, vault, month.logs, NOW);
  return { db, vault };
}

describe('the tablet dashboard loader', { timeout: 60_000 }, () => {
  it('gives the same figures as the pure functions over the same logs', async () => {
    const { db, vault } = await seeded();
    const period = { from: FROM + 6 * DAY, to: FROM + 12 * DAY };
    const input = await loadKpiInput(db, vault, period, {
      sops: builtInLookup,
      scanners: DEFAULT_SCANNERS,
      timeZone: 'UTC',
    });
    expect(input.runs).toHaveLength(12 * 7); // the period and the one before it: 7 runs a day
    const runs = month.logs.map((log) => {
      const { id, version } = (log[0]!.payload as { sop: { id: string; version: number } }).sop;
      return projectRun(log, builtInLookup(id, version));
    });
    const quality = projectQuality([], { mayReview: () => true, mayManage: () => true }, DEFAULT_SCANNERS);
    for (const filter of [{}, { technologist: 'wang' }, { priority: 'emergency' as const, scanner: 'ct-1' }]) {
      const here = dashboard(input, period, filter, NOW);
      expect(here).toEqual(dashboard({ runs, quality, timeZone: 'UTC' }, period, filter, NOW));
    }
    const { current } = dashboard(input, period, {}, NOW);
    expect(current.runs.total).toBe(6 * 7);
    expect(current.waiting.counts.met + current.waiting.counts.missed).toBeGreaterThan(20);
  });

  it('reads only the runs that arrived in the period', async () => {
    const { db, vault } = await seeded();
    const runs = await projectedRunsIn(db, vault, { from: FROM + DAY, to: FROM + 2 * DAY }, { sops: builtInLookup });
    expect(runs).toHaveLength(7);
    expect(runs.every((r) => r.arrivedAt >= FROM + DAY && r.arrivedAt < FROM + 2 * DAY)).toBe(true);
  });

  it('asks for every card version only when one is missing, else counts the run as not interpreted', async () => {
    const { db, vault } = await seeded();
    const day = { from: FROM, to: FROM + DAY };
    let asked = 0;
    const none = () => undefined;
    const unknown = await projectedRunsIn(db, vault, day, { sops: none });
    expect(unknown.every((r) => r.status === 'sopUnknown')).toBe(true);
    const found = await projectedRunsIn(db, vault, day, { sops: none, allSops: async () => (asked++, builtInLookup) });
    expect(asked).toBe(1);
    expect(found.filter((r) => r.status === 'sopUnknown')).toEqual([]);
    await projectedRunsIn(db, vault, day, { sops: builtInLookup, allSops: async () => (asked++, builtInLookup) });
    expect(asked).toBe(1);
  });

  it('keeps projected runs between reads and projects a run again when an event arrives for it', async () => {
    const { db, vault } = await seeded();
    const day = { from: FROM + 2 * DAY, to: FROM + 3 * DAY };
    const late = kpiRun(9001, { arrive: day.from + 9 * 3600_000, by: tablet(7, 'zhou') }).walk(
      ['identity', 'screening'],
      2 * MIN,
    );
    const [created, ...commands] = late.log.events;
    await seedLogs(db, vault, [[created!, ...commands.slice(0, -1)]], NOW);
    const first = await projectedRunsIn(db, vault, day, { sops: builtInLookup });
    const again = await projectedRunsIn(db, vault, day, { sops: builtInLookup });
    expect(again).toHaveLength(8);
    again.forEach((r, i) => expect(r).toBe(first[i])); // the same objects: nothing opened or projected again
    const before = first.find((r) => r.runId === late.log.runId)!;
    expect(before.currentStep).toBe('screening');

    await seedLogs(db, vault, [[commands.at(-1)!]], NOW); // a pull brings the run's next move
    const after = await projectedRunsIn(db, vault, day, { sops: builtInLookup });
    const moved = after.find((r) => r.runId === late.log.runId)!;
    expect(moved).not.toBe(before);
    expect(moved).toEqual(projectRun(late.log.events, builtInLookup('chest-ct', 1)));
    expect(moved.currentStep).toBe('preparation');
    expect(after.filter((r) => r !== moved).every((r) => first.includes(r))).toBe(true);

    // Another session (a new vault for the same key after a lock) starts with nothing kept.
    const other = await projectedRunsIn(db, { ...vault }, day, { sops: builtInLookup });
    expect(other.some((r) => first.includes(r))).toBe(false);
    expect(other).toEqual(after);
  });
});
