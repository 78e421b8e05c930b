// The page side of kpi-tablet-bench.ts, bundled and run in Chromium: a year of runs made and
// projected in the page, every figure over them (what the dashboard computes), then a month of
// sealed logs pulled into the page's real IndexedDB and read by the dashboard's loader, cold and
// again (its projection cache). Times with performance.now(); returns them to the driver.
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb } from '../../src/db/db';
import { loadKpiInput } from '../../src/db/kpi.repo';
import { dashboard } from '../../src/domain/kpi/kpi';
import { dailySeries } from '../../src/domain/kpi/kpi.daily';
import { seededMonth } from '../../src/domain/kpi/kpi.month';
import { projectQuality } from '../../src/domain/quality/quality.projection';
import { projectRun } from '../../src/domain/run/run.projection';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { builtInLookup, seedLogs } from '../setup/seed-kpi';

const DAY = 24 * 3600_000;
const FROM = Date.UTC(2025, 10, 1);

const timed = <T>(work: () => T): [T, number] => {
  const t0 = performance.now();
  const v = work();
  return [v, performance.now() - t0];
};

async function run(perDay: number, tabletDays: number) {
  const out: string[] = [];
  const year = seededMonth(FROM, 365, perDay);
  const [runs, projectMs] = timed(() =>
    year.logs.map((log) => {
      const { id, version } = (log[0]!.payload as { sop: { id: string; version: number } }).sop;
      return projectRun(log, builtInLookup(id, version));
    }),
  );
  out.push(`projected ${runs.length} runs in the page: ${projectMs.toFixed(0)} ms`);
  const quality = projectQuality([], { mayReview: () => true, mayManage: () => true }, DEFAULT_SCANNERS);
  const input = { runs, quality, timeZone: 'Europe/Berlin' };
  const now = year.to + DAY;
  for (const [label, period, filter] of [
    ['the whole year, with the year before', { from: year.from, to: year.to }, {}],
    ['the last month, with the month before', { from: year.to - 30 * DAY, to: year.to }, {}],
    [
      'the year, one technologist on one scanner',
      { from: year.from, to: year.to },
      { technologist: 'wang', scanner: 'ct-2' },
    ],
  ] as const)
    for (let i = 0; i < 3; i++) {
      const [d, ms] = timed(() => dashboard(input, period, filter, now));
      const [days, dayMs] = timed(() => dailySeries(runs, period, filter, now, input.timeZone));
      out.push(
        `all figures, ${label}: ${ms.toFixed(0)} ms (${d.current.runs.total} runs); daily series ${days.length} days: ${dayMs.toFixed(0)} ms`,
      );
    }

  const db = new ScanCardDb(`kpi-bench-${Date.now()}`);
  const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
  const held = year.logs.filter(
    (l) => (l[0]!.payload as { arrivedAt: number }).arrivedAt >= year.to - tabletDays * DAY,
  );
  let t0 = performance.now();
  await seedLogs(db, vault, held, now);
  out.push(`IndexedDB: ${held.length} runs pulled (sealed) in ${(performance.now() - t0).toFixed(0)} ms`);
  const half = { from: year.to - (tabletDays / 2) * DAY, to: year.to };
  for (const pass of ['cold', 'again (cached)', 'again (cached)']) {
    t0 = performance.now();
    const tin = await loadKpiInput(db, vault, half, {
      sops: builtInLookup,
      scanners: DEFAULT_SCANNERS,
      timeZone: 'UTC',
    });
    const loadMs = performance.now() - t0;
    const [, ms] = timed(() => dashboard(tin, half, {}, now));
    out.push(
      `loader ${pass}: ${tabletDays / 2} days + the ${tabletDays / 2} before (${tin.runs.length} runs) read in ${loadMs.toFixed(0)} ms, figures in ${ms.toFixed(0)} ms`,
    );
  }
  db.close();
  return out;
}

(globalThis as { kpiBench?: typeof run }).kpiBench = run;
