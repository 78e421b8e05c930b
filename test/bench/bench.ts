// Benchmarks for the core (run with `npm run bench`; prints numbers, asserts nothing):
//  1. initial JS (gzip) the browser loads for the first screen — target ≤ 150 KB
//  2. tap → event persisted in IndexedDB → screen updated, p50/p95 over 200 taps — target p95 ≤ 16 ms
//  3. resume a run of 500 events (open it from the worklist until its step card shows) — target ≤ 30 ms
// plus, for reference, a full replay of the same 500-event log through the compiled machine in Node.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { newProfile, openApp, startAppServer } from '../e2e/harness';
import { scancard } from '../e2e/scancard.page';
import { machineFor, replay } from '../../src/domain/run/run.engine';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { chestCt } from '../../src/sops/chest-ct.sop';

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;

function initialJsGzip(dist = 'dist'): { files: number; bytes: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    // Static imports only: dynamic import() chunks are loaded later, on demand.
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w{},*\s$]+from\s*)?"\.\/([^"]+\.js)"/g))
      queue.push(`assets/${m[1]}`);
  }
  let bytes = 0;
  for (const f of seen) bytes += gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  return { files: seen.size, bytes };
}

async function browserBench() {
  const server = await startAppServer();
  const profile = newProfile();
  const context = await profile.launch();
  try {
    const app = scancard(await openApp(context, server.url, server.store));
    const isolated = await app.page.evaluate(() => crossOriginIsolated);
    await app.newExam({
      patientId: 'BENCH-1',
      card: 'Chest CT (non-contrast) (v1)',
      priority: 'Routine',
      scanner: 'CT 1',
      age: '50',
    });
    // Each tap toggles a checklist item: one event written, the blocker line re-rendered from the DB.
    const taps = await app.page.evaluate(async (count) => {
      const box = document.querySelector<HTMLInputElement>('section[data-step] input[type=checkbox]')!;
      const section = document.querySelector('section[data-step]')!;
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const want = !box.checked;
        const t = await new Promise<number>((resolve) => {
          const obs = new MutationObserver(() => {
            if (box.checked === want) {
              obs.disconnect();
              resolve(performance.now() - t0);
            }
          });
          obs.observe(section, { subtree: true, childList: true, characterData: true, attributes: true });
          const t0 = performance.now();
          box.click();
        });
        times.push(t);
      }
      return times;
    }, 499);
    const events = 1 + taps.length;
    const first200 = taps.slice(0, 200);

    const runUrl = app.page.url();
    const runId = runUrl.split('/run/')[1]!;
    const resumes: number[] = [];
    for (let i = 0; i < 21; i++) {
      await app.page.getByRole('link', { name: 'Worklist' }).first().click();
      await app.page.locator(`[data-run="${runId}"]`).waitFor();
      resumes.push(
        await app.page.evaluate(async (id) => {
          const t0 = performance.now();
          document.querySelector<HTMLAnchorElement>(`[data-run="${id}"]`)!.click();
          while (!document.querySelector('section[data-step] input[type=checkbox]'))
            await new Promise((r) => setTimeout(r, 0));
          return performance.now() - t0;
        }, runId),
      );
    }
    resumes.shift(); // the first visit also loads the page chunk
    return { isolated, events, first200, resumes };
  } finally {
    await context.close();
    profile.remove();
    await server.close();
  }
}

function nodeReplay(events: number) {
  const machine = machineFor(chestCt);
  const log = Array.from({ length: events - 1 }, (_, i) => ({
    type: 'answer' as const,
    itemId: 'twoIdentifiers',
    value: i % 2 === 0 ? true : null,
    at: 1 + i,
  }));
  const input = {
    kind: 'exam' as const,
    priority: 'routine' as const,
    arrivedAt: 0,
    hasPatientId: true,
    timerRules: DEFAULT_TIMER_RULES,
  };
  replay(machine, input, log);
  const runs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    replay(machine, input, log);
    runs.push(performance.now() - t0);
  }
  return pct(runs, 50);
}

const size = initialJsGzip();
console.log(`initial JS: ${(size.bytes / 1024).toFixed(1)} KB gzip in ${size.files} files (target ≤ 150 KB)`);
const b = await browserBench();
console.log(`timer precision: ${b.isolated ? 'cross-origin isolated (µs)' : 'coarse (100 µs)'}`);
console.log(
  `tap → persisted → screen: p50 ${ms(pct(b.first200, 50))}, p95 ${ms(pct(b.first200, 95))}, max ${ms(Math.max(...b.first200))} over 200 taps (target p95 ≤ 16 ms)`,
);
console.log(
  `resume a run of ${b.events} events (worklist tap → step card): p50 ${ms(pct(b.resumes, 50))}, p95 ${ms(pct(b.resumes, 95))} over ${b.resumes.length} opens (target ≤ 30 ms)`,
);
console.log(`reference: full replay of ${b.events} events in Node: p50 ${ms(nodeReplay(b.events))}`);
