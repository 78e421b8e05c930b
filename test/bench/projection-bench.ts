// Cost of projecting runs (src/domain/run/run.projection.ts), as the server will on every push and
// in a rebuild: 10,000 runs played from every built-in card's scenarios (realistic sizes, 2 to 60
// events), on one tablet each; a few percent merged from two tablets with moves that do not fit.
// Prints the cost per run and per event. Asserts nothing.
//   npm run bench:projection [runs]
import { performance } from 'node:perf_hooks';
import { play, scenarioLog, tablet, type RunLog } from '../../src/domain/run/golden/log-builder';
import { projectRun } from '../../src/domain/run/run.projection';
import { BUILT_IN_SOPS, CURRENT_SOPS } from '../../src/sops/library';
import { SCENARIOS } from '../../src/sops/library.scenarios';
import { step } from '../../src/sops/scenario';
import { pct } from './bench-util';

const RUNS = Number(process.argv[2] ?? 10_000);
const T0 = Date.UTC(2026, 10, 23, 8, 0);
const lookup = (id: string, v: number) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);
// Scenarios are written for the current version of each card (earlier versions have none left).
const scenarios = CURRENT_SOPS.flatMap((sop) => (SCENARIOS[sop.id] ?? []).map((s) => ({ sop, s })));

/** Every 25th run: a second tablet answers screening offline and its moves do not fit after the merge. */
function merged(base: RunLog, at: number) {
  const wang = tablet(2, 'wang');
  base.sync(wang, at);
  play(base, wang, [...step({ pregnancy: 'unsure' }), { type: 'answer', itemId: 'notes', value: 'x' }], at);
}

const logs = Array.from({ length: RUNS }, (_, i) => {
  const { sop, s } = scenarios[i % scenarios.length]!;
  const log = scenarioLog(sop, s, i + 1, T0 + i * 60_000, tablet(1, 'chen'));
  if (i % 25 === 0) merged(log, log.events.at(-1)!.at);
  return { sop: lookup(sop.id, sop.version), events: log.events };
});
const events = logs.reduce((n, l) => n + l.events.length, 0);

// First projection per card compiles its machine (cached per definition afterwards, as on a server).
const c0 = performance.now();
for (const { sop, s } of scenarios) projectRun(scenarioLog(sop, s, 0, T0, tablet(1, 'chen')).events, sop);
const compileMs = performance.now() - c0;

const perRun: number[] = [];
let bytes = 0;
let review = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (const { sop, events: log } of logs) {
  const r0 = performance.now();
  const p = projectRun(log, sop);
  perRun.push(performance.now() - r0);
  if (p.needsReview.length) review += 1;
  bytes += JSON.stringify(p).length;
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;

const f = (x: number, d = 3) => x.toFixed(d);
console.log(`projectRun over ${RUNS} runs, ${events} events (${f(events / RUNS, 1)} per run), ${review} need review`);
console.log(`  first run per card (${scenarios.length} scenarios, compiles 7 machines): ${f(compileMs, 1)} ms`);
console.log(`  total: ${f(ms / 1000)} s wall, ${f(cpuMs / 1000)} s CPU (incl. JSON.stringify of each projection)`);
console.log(
  `  per run: mean ${f(ms / RUNS)} ms (CPU ${f(cpuMs / RUNS)} ms), p50 ${f(pct(perRun, 50))} ms, p95 ${f(pct(perRun, 95))} ms`,
);
console.log(`  per event: ${f((ms / events) * 1000, 1)} µs (CPU ${f((cpuMs / events) * 1000, 1)} µs)`);
console.log(`  projection size: mean ${Math.round(bytes / RUNS)} bytes of JSON`);
console.log(`  50,000-run rebuild at this rate: ~${f((ms / RUNS) * 50, 1)} s (CPU ~${f((cpuMs / RUNS) * 50, 1)} s)`);
