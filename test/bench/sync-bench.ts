// Sync benchmark (run with `npm run bench:sync`; prints numbers, asserts nothing):
//  a. ScanCard: tablet A pushes 10,000 events (500 chest-CT runs × 20) to a real server (Fastify +
//     SQLite file, loopback HTTP) with syncOnce; fresh tablet B pulls them all with syncOnce, which
//     includes merging into B's IndexedDB (fake-indexeddb) and rebuilding all 500 runs. Each tablet
//     has its own data key: A's push opens its sealed outbox, B's pull seals every event and run row.
//  b. PouchDB baseline: the same documents replicated A → express-pouchdb server → B (memory adapter).
//  c. Ratio PouchDB total / ScanCard total — target ≥ 5×; ScanCard total target ≤ 2 s.
// Data: one run is recorded through createRun/runCommand, then cloned, sealed with A's key and
// bulk-loaded into A's events (unsent: after its push cursor) in one transaction (see bench-events.ts): recording 10,000 events one tap at a
// time would take far longer than the sync being measured, and is not what is measured.
// Both systems first do an untimed warm-up round of 200 events (module loading, JIT).
// BENCH_RUNS=<n> changes the number of runs (default 500).
import 'fake-indexeddb/auto'; // before anything loads Dexie
import { pouchSync } from './pouch-sync';
import { scancardSync } from './scancard-sync';
import { sum, wallCpu } from './bench-util';

const runs = Number(process.env.BENCH_RUNS ?? 500);

await pouchSync((await scancardSync(10)).dataset); // warm-up

const sc = await scancardSync(runs);
const scTotal = sum(sc.push, sc.pull);
console.log(
  `ScanCard sync of ${sc.events} events (SQLite server, fake-indexeddb tablets, HTTP loopback; CPU = this process: server + tablets):`,
);
console.log(`  push (A syncOnce, ${sc.pushRequests}): ${wallCpu(sc.push)}`);
console.log(`  pull (B syncOnce: HTTP + merge + rebuild ${runs} runs): ${wallCpu(sc.pull)}`);
console.log(
  `    of which raw HTTP pages (fetch + JSON.parse, ${(sc.rawPullBytes / 1e6).toFixed(2)} MB in pages of 1000): ${wallCpu(sc.rawPull)}`,
);
console.log(`  total: ${wallCpu(scTotal)}  (target ≤ 2 s: ${scTotal.ms <= 2000 ? 'met' : 'MISSED'})`);
if (sc.problems.length) console.log(`  PROBLEMS: ${sc.problems.join('; ')}`);

const pd = await pouchSync(sc.dataset);
const pdTotal = sum(pd.push, pd.pull);
console.log(
  `PouchDB 9 replication of the same ${sc.dataset.length} documents (memory adapter, express-pouchdb, default batches):`,
);
console.log(`  push (A → server): ${wallCpu(pd.push)}`);
console.log(`  pull (server → B): ${wallCpu(pd.pull)}`);
console.log(`  total: ${wallCpu(pdTotal)}`);
if (pd.problems.length) console.log(`  PROBLEMS: ${pd.problems.join('; ')}`);

const ratio = pdTotal.ms / scTotal.ms;
console.log(
  `Ratio PouchDB total / ScanCard total: ${ratio.toFixed(2)}× wall, ${(pdTotal.cpuMs / scTotal.cpuMs).toFixed(2)}× CPU  (target ≥ 5×: ${ratio >= 5 ? 'met' : 'MISSED'})`,
);
