// Cost of the QA dashboard's figures (issue 13): a busy department's year of runs (about 50,000: the
// seeded month's mix, 135 exams a day plus two warm-ups, 365 days), projected once as the server's
// projection holds them, then every figure of the year, of a month with its previous month, and the
// day-by-day series. Then the tablet's loader on fake-indexeddb (sealed logs, opened and projected).
// Prints, asserts nothing. Target: ≤ 1 s for each figure set.
//   npx tsx test/bench/kpi-bench.ts [perDay] [tabletRuns]
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
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

const PER_DAY = Number(process.argv[2] ?? 135);
const TABLET_RUNS_DAYS = Number(process.argv[3] ?? 30);
const DAY = 24 * 3600_000;
const FROM = Date.UTC(2025, 10, 1);
const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;

let t0 = performance.now();
const year = seededMonth(FROM, 365, PER_DAY);
const events = year.logs.reduce((n, l) => n + l.length, 0);
console.log(`written: ${year.logs.length} runs, ${events} events in ${ms(t0)}`);

t0 = performance.now();
const runs = year.logs.map((log) => {
  const { id, version } = (log[0]!.payload as { sop: { id: string; version: number } }).sop;
  return projectRun(log, builtInLookup(id, version));
});
console.log(`projected (once, as the server's projection keeps them): ${ms(t0)}`);

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
] as const) {
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    const d = dashboard(input, period, filter, now);
    const a = ms(t0);
    t0 = performance.now();
    const days = dailySeries(runs, period, filter, now, input.timeZone);
    console.log(
      `all figures, ${label}: ${a} (${d.current.runs.total} runs); daily series ${days.length} days: ${ms(t0)}`,
    );
  }
}

// The tablet holds weeks, not a year: its loader over what it would hold (sealed at rest).
const db = new ScanCardDb(`kpi-bench-${Date.now()}`);
const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
const held = year.logs.filter(
  (l) => (l[0]!.payload as { arrivedAt: number }).arrivedAt >= year.to - TABLET_RUNS_DAYS * DAY,
);
t0 = performance.now();
await seedLogs(db, vault, held, now);
console.log(`tablet (fake-indexeddb, Node): ${held.length} runs pulled in ${ms(t0)}`);
const month = { from: year.to - 15 * DAY, to: year.to };
for (let i = 0; i < 2; i++) {
  t0 = performance.now();
  const tin = await loadKpiInput(db, vault, month, {
    sops: builtInLookup,
    scanners: DEFAULT_SCANNERS,
    timeZone: 'UTC',
  });
  const load = ms(t0);
  t0 = performance.now();
  dashboard(tin, month, {}, now);
  console.log(`tablet: 15 days + the 15 before (${tin.runs.length} runs) loaded in ${load}, figures in ${ms(t0)}`);
}
