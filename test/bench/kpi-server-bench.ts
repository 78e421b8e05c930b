// The QA dashboard on the server over a busy department's year (issue 13): 50,005 projected runs (the
// seeded month's mix, 135 exams a day plus two warm-ups, 365 days) stored in the run read model of a
// real SQLite file and a real PostgreSQL database (sealed at rest, as the server keeps them), then
// what /api/kpi does for a period: read the projections of the period and the one before it, fold
// the quality records, and compute every figure (serverDashboard, the route's own function).
// Prints, asserts nothing. Target: ≤ 1 s for each figure set.
//   npx tsx test/bench/kpi-server-bench.ts [perDay] [projections.json]
// The 50,005 projections take about a minute to make: a second argument keeps them in a file for
// the next run. PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a schema of its own, dropped).
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { seededMonth } from '../../src/domain/kpi/kpi.month';
import { projectRun, type ProjectedRun } from '../../src/domain/run/run.projection';
import { ephemeralKeyring } from '../../src/server/keys/keyring';
import { rowOf } from '../../src/server/projections/project-runs';
import { serverDashboard } from '../../src/server/routes/kpi.routes';
import { openPostgresStore, openSqliteStore } from '../../src/server/store/open-store';
import type { SyncStore } from '../../src/server/store/store';
import { builtInLookup } from '../setup/seed-kpi';
import { tempDir, timed, wallCpu } from './bench-util';

const PER_DAY = Number(process.argv[2] ?? 135);
const CACHE = process.argv[3];
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const DAY = 24 * 3600_000;
const FROM = Date.UTC(2025, 10, 1);

function yearOfRuns(): { from: number; to: number; runs: ProjectedRun[] } {
  if (CACHE && existsSync(CACHE)) return JSON.parse(readFileSync(CACHE, 'utf8')) as ReturnType<typeof yearOfRuns>;
  const year = seededMonth(FROM, 365, PER_DAY);
  const runs = year.logs.map((log) => {
    const { id, version } = (log[0]!.payload as { sop: { id: string; version: number } }).sop;
    return projectRun(log, builtInLookup(id, version));
  });
  const out = { from: year.from, to: year.to, runs };
  if (CACHE) writeFileSync(CACHE, JSON.stringify(out));
  return out;
}

const made = await timed(async () => yearOfRuns());
const year = made.value;
console.log(`${year.runs.length} projected runs ready in ${wallCpu(made)}`);

async function bench(name: string, store: SyncStore) {
  const stored = await timed(async () => {
    for (let i = 0; i < year.runs.length; i += 2000)
      await store.transaction((tx) => tx.saveProjections(year.runs.slice(i, i + 2000).map((r) => rowOf(r, year.to))));
  });
  console.log(`${name}: ${year.runs.length} projections stored (sealed) in ${wallCpu(stored)}`);
  const now = year.to + DAY;
  for (const [label, period, filter] of [
    ['the whole year, with the year before', { from: year.from, to: year.to }, {}],
    ['the last month, with the month before', { from: year.to - 30 * DAY, to: year.to }, {}],
    ['a quarter, with the quarter before', { from: year.to - 91 * DAY, to: year.to }, {}],
    [
      'the year, one technologist on one scanner',
      { from: year.from, to: year.to },
      { technologist: 'wang', scanner: 'ct-2' },
    ],
  ] as const)
    for (let i = 0; i < 2; i++) {
      const t = await timed(() => serverDashboard(store, period, filter, now, 'Europe/Berlin'));
      console.log(`${name}: all figures, ${label}: ${wallCpu(t)} (${t.value.current.runs.total} runs)`);
    }
}

const dir = tempDir('scancard-kpi-bench-');
const sqlite = await openSqliteStore(join(dir, 'kpi.sqlite'));
try {
  await bench('SQLite', sqlite);
} finally {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}

if (PG_URL) {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const schema = `bench_${randomUUID().replace(/-/g, '')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const u = new URL(PG_URL);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const store = await openPostgresStore(u.toString(), ephemeralKeyring());
  try {
    await bench('PostgreSQL', store);
  } finally {
    await store.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
} else console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
