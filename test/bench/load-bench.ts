// Load benchmark (run with `npm run bench:load`, or `npx tsx test/bench/load-bench.ts [sqlite|postgres|both]`;
// prints numbers, asserts nothing). 50 simulated tablets, each a plain HTTP client with its own
// enrolled token, hammer a real ScanCard server on 127.0.0.1 for 15 s per store, looping
// push (10 new valid events: chest-CT runs, the first batch of a run starts with run.created)
// then pull (after the tablet's own cursor, limit 500). Reported per endpoint: requests/s,
// p50/p95/p99 latency, errors (any non-2xx or network failure), and the server process's CPU.
// The server runs in a child process (`node --import tsx test/bench/load-server.ts`), so the load
// generator (this process) and the server each have a core and an event loop of their own.
// The first 2 s are warm-up (connections, JIT) and not counted.
// PostgreSQL: LOAD_DATABASE_URL (default the local test database), in a schema of its own that is
// dropped afterwards. LOAD_SECONDS / LOAD_TABLETS change duration and tablet count.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pad, pct, tempDir } from './bench-util';
import { newStats, runTablet, type Endpoint, type LoadStats } from './load-client';
import type { ServerReady, ServerStopped } from './load-server';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 15);
const WARMUP_S = 2;
const TABLETS = Number(process.env.LOAD_TABLETS ?? 50);
const PG_URL = process.env.LOAD_DATABASE_URL ?? 'postgres://scancard:scancard@127.0.0.1:5432/scancard_test';

type StoreSetup = { env: Record<string, string>; dispose: () => Promise<void> };

function sqliteSetup(): StoreSetup {
  const dir = tempDir('scancard-load-');
  return {
    env: { LOAD_STORE: 'sqlite', LOAD_SQLITE_FILE: join(dir, 'load.sqlite') },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresSetup(): Promise<StoreSetup> {
  const schema = `load_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    env: { LOAD_STORE: 'postgres', LOAD_PG_URL: url.toString() },
    dispose: async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

async function runLoad(name: 'sqlite' | 'postgres') {
  const setup = name === 'sqlite' ? sqliteSetup() : await postgresSetup();
  const child = fork(new URL('./load-server.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...setup.env, LOAD_TABLETS: String(TABLETS) },
  });
  try {
    const [ready] = (await Promise.race([
      once(child, 'message'),
      once(child, 'exit').then(() => {
        throw new Error('load server exited');
      }),
    ])) as [ServerReady];
    const baseUrl = `http://127.0.0.1:${ready.port}`;
    const stats = newStats();
    const cpuAtStart = process.cpuUsage();
    const start = performance.now();
    const measureFrom = start + WARMUP_S * 1000;
    const until = measureFrom + SECONDS * 1000;
    await Promise.all(
      ready.devices.map((d) => runTablet({ baseUrl, ...d, measureFrom, until, batch: 10, pullLimit: 500 }, stats)),
    );
    const measuredS = (performance.now() - measureFrom) / 1000; // the last requests may end a little after `until`
    const stoppedP = once(child, 'message') as Promise<[ServerStopped]>;
    child.send('stop');
    const [stopped] = await stoppedP;
    const cpu = process.cpuUsage(cpuAtStart);
    report(name, stats, measuredS, stopped, (cpu.user + cpu.system) / 1000);
  } finally {
    if (child.exitCode === null) {
      child.kill();
      await once(child, 'exit');
    }
    await setup.dispose();
  }
}

function report(name: string, stats: LoadStats, seconds: number, server: ServerStopped, clientCpuMs: number) {
  const widths = [6, 9, 10, 10, 10, 10, 8, 10];
  console.log(
    `\n${name === 'sqlite' ? 'SQLite (file, WAL, synchronous=FULL)' : 'PostgreSQL'}: ${TABLETS} tablets, ${seconds.toFixed(1)} s measured (after ${WARMUP_S} s warm-up)`,
  );
  console.log(pad(['', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'events/s'], widths));
  for (const ep of ['push', 'pull'] as Endpoint[]) {
    const s = stats[ep];
    const f = (x: number) => x.toFixed(1);
    console.log(
      pad(
        [
          ep,
          f(s.latencies.length / seconds),
          f(pct(s.latencies, 50)),
          f(pct(s.latencies, 95)),
          f(pct(s.latencies, 99)),
          f(Math.max(...s.latencies)),
          s.errors,
          f(s.events / seconds),
        ],
        widths,
      ),
    );
    const odd = [...s.statuses].filter(([k]) => !k.startsWith('2'));
    if (odd.length) console.log(`    ${ep} non-2xx: ${odd.map(([k, n]) => `${k} × ${n}`).join(', ')}`);
  }
  const share = (ms: number) =>
    `${(ms / 1000).toFixed(1)} s CPU = ${((ms / 1000 / (seconds + WARMUP_S)) * 100).toFixed(0)}% of one core`;
  console.log(
    `  server process: ${share(server.cpuUserMs + server.cpuSystemMs)}; load generator: ${share(clientCpuMs)}; events stored: ${server.events}`,
  );
  console.log('  (events/s: push = events accepted per second; pull = events received from other tablets per second)');
}

const which = process.argv[2] ?? 'both';
if (!['sqlite', 'postgres', 'both'].includes(which)) {
  console.error('usage: load-bench.ts [sqlite|postgres|both]');
  process.exit(2);
}
console.log(
  `Load: ${TABLETS} tablets × (push 10 events → pull after own cursor, limit 500), ${SECONDS} s per store, server in a child process`,
);
if (which !== 'postgres') await runLoad('sqlite');
if (which !== 'sqlite') await runLoad('postgres');
