// What the server's run read model costs (run with `npm run bench:read-model`; prints, asserts nothing):
//  a. Push 10,000 events straight into pushBatch (no HTTP), with and without the projection, on SQLite
//     (a file, synchronous=FULL) and PostgreSQL: as a backlog (pushes of 1,000 events) and live (one
//     push per event, as a tablet syncing after every tap: each push re-projects its run's whole log;
//     2,000 events by default, since each push is a transaction of its own).
//  b. Rebuild the projections of 10,000 runs from the log (rebuild-projections), on both stores.
// Runs: every built-in card's scenarios (2 to 60 events, ~29 on average) on one tablet, started a
// minute apart, so a backlog push holds the interleaved events of a few runs in time order.
// PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL, in a schema of its own dropped afterwards.
// READ_MODEL_EVENTS / READ_MODEL_LIVE_EVENTS / READ_MODEL_RUNS change the counts.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { scenarioLog, tablet } from '../../src/domain/run/golden/log-builder';
import { compareEvents, type RunEvent } from '../../src/domain/run/run.event';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { builtInSops } from '../../src/server/built-ins';
import { canonicalJson } from '../../src/server/canonical-json';
import { ephemeralKeyring } from '../../src/server/keys/keyring';
import { rebuildProjections } from '../../src/server/projections/rebuild';
import { pushBatch } from '../../src/server/push.service';
import { openPostgresStore, openSqliteStore } from '../../src/server/store/open-store';
import type { SyncStore } from '../../src/server/store/store';
import { BUILT_IN_SOPS } from '../../src/sops/library';
import { SCENARIOS } from '../../src/sops/library.scenarios';
import { tempDir, timed, type Timing } from './bench-util';

const EVENTS = Number(process.env.READ_MODEL_EVENTS ?? 10_000);
const LIVE_EVENTS = Number(process.env.READ_MODEL_LIVE_EVENTS ?? 2_000);
const RUNS = Number(process.env.READ_MODEL_RUNS ?? 10_000);
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const T0 = Date.UTC(2026, 10, 23, 8, 0);
const builtIns = builtInSops();
const scenarios = BUILT_IN_SOPS.flatMap((sop) => (SCENARIOS[sop.id] ?? []).map((s) => ({ sop, s })));

/** `runs` scenario runs on one tablet, a minute apart: their events, and the device that recorded them. */
function runLogs(runs: number, firstRun = 1) {
  const t = tablet(1, 'chen');
  const events: RunEvent[] = [];
  for (let i = 0; i < runs; i++) {
    const { sop, s } = scenarios[i % scenarios.length]!;
    events.push(...scenarioLog(sop, s, firstRun + i, T0 + i * 60_000, t).events);
  }
  return { device: t.device, events };
}

/** The first `n` events (whole runs' worth, then cut) in the order the tablet recorded them. */
function pushLog(n: number) {
  const { device, events } = runLogs(Math.ceil(n / 20));
  return { device, events: events.sort(compareEvents).slice(0, n) as SyncEvent[] };
}

type Store = { name: string; open(): Promise<SyncStore>; dispose(): Promise<void> };
const sqlite = (): Store => {
  const dir = tempDir('scancard-readmodel-');
  let n = 0;
  return {
    name: 'SQLite',
    open: () => openSqliteStore(join(dir, `bench-${n++}.sqlite`)),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
};
const postgres = (url: string): Store => {
  const schemas: string[] = [];
  const admin = new pg.Client({ connectionString: url });
  let connected = false;
  return {
    name: 'PostgreSQL',
    async open() {
      if (!connected) await admin.connect();
      connected = true;
      const schema = `bench_${randomUUID().replace(/-/g, '')}`;
      schemas.push(schema);
      await admin.query(`CREATE SCHEMA ${schema}`);
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      return openPostgresStore(u.toString(), ephemeralKeyring());
    },
    async dispose() {
      for (const s of schemas) await admin.query(`DROP SCHEMA ${s} CASCADE`);
      if (connected) await admin.end();
    },
  };
};

const noReadModel = async () => ({ runs: 0, problems: [] });

async function pushAll(store: Store, count: number, perPush: number, project: boolean): Promise<Timing> {
  const s = await store.open();
  try {
    const { device, events } = pushLog(count);
    const t = await timed(async () => {
      for (let i = 0; i < events.length; i += perPush) {
        const input = {
          batchId: randomUUID(),
          deviceId: device,
          events: events.slice(i, i + perPush),
          sops: [],
          now: T0,
        };
        const r = await pushBatch(s, builtIns, input, project ? undefined : noReadModel);
        if (r.status !== 200) throw new Error(`push refused: ${JSON.stringify(r.body)}`);
      }
    });
    const projected = (await s.projectionCounts({ from: 0, to: 8.64e15 })).reduce((n, c) => n + c.runs, 0);
    if (project && projected !== new Set(events.map((e) => e.streamId)).size) throw new Error('runs left unprojected');
    return t;
  } finally {
    await s.close();
  }
}

async function rebuild(store: Store) {
  const s = await store.open();
  try {
    const { events } = runLogs(RUNS);
    for (let i = 0; i < events.length; i += 5000)
      await s.transaction((tx) =>
        tx.insertEvents(
          events.slice(i, i + 5000).map((e) => ({ ...e, body: canonicalJson(e) })),
          T0,
        ),
      );
    const t = await timed(() => rebuildProjections(s, builtIns, { all: true, now: () => T0 }));
    if (t.value.runs !== RUNS || t.value.problems.length) throw new Error('rebuild did not project every run');
    return { ...t, events: events.length };
  } finally {
    await s.close();
  }
}

const f = (x: number, d = 1) => x.toFixed(d);
const line = (label: string, n: number, w: Timing, wo: Timing) =>
  `    ${label}, ${n} events: ${f(wo.ms / 1000, 2)} s without, ${f(w.ms / 1000, 2)} s with the projection (CPU ` +
  `${f(wo.cpuMs / 1000, 2)} → ${f(w.cpuMs / 1000, 2)} s) → +${f(((w.ms - wo.ms) / n) * 1000, 0)} µs per event wall, ` +
  `+${f(((w.cpuMs - wo.cpuMs) / n) * 1000, 0)} µs CPU`;

await pushAll(sqlite(), 2000, 1000, true); // warm-up: module loading, JIT, compiled machines
const stores = [sqlite(), ...(PG_URL ? [postgres(PG_URL)] : [])];
if (!PG_URL) console.log('(PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
for (const store of stores) {
  try {
    console.log(`${store.name}: push events of scenario runs from one tablet, without and with the read model`);
    for (const [label, count, perPush] of [
      ['backlog, pushes of 1,000', EVENTS, 1000],
      ['live, one push per event', LIVE_EVENTS, 1],
    ] as const) {
      const without = await pushAll(store, count, perPush, false);
      const withIt = await pushAll(store, count, perPush, true);
      console.log(line(label, count, withIt, without));
    }
    const r = await rebuild(store);
    console.log(
      `  rebuild ${RUNS} runs (${r.events} events): ${f(r.ms / 1000, 2)} s wall, ${f(r.cpuMs / 1000, 2)} s CPU → ` +
        `${f(r.ms / RUNS, 2)} ms per run; 50,000 runs ≈ ${f((r.ms / RUNS) * 50, 0)} s`,
    );
  } finally {
    await store.dispose();
  }
}
