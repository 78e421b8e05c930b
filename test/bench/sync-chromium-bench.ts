// Sync benchmark with tablet-class clients (run with `npm run bench:sync:chromium`; prints numbers,
// asserts nothing). Both tablets run in real headless Chromium with the CPU slowed down
// (DevTools `Emulation.setCPUThrottlingRate`, 4× by default: a mid-range tablet), each in its own
// page with its own IndexedDB and data key; the servers run in processes of their own.
//  a. ScanCard: tablet A pushes 10,000 events (500 chest-CT runs × 20, sealed in its outbox) with one
//     sync round; fresh tablet B pulls them all with one round (merge into its IndexedDB, sealing,
//     rebuilding all 500 runs). Server: the real one (Fastify + SQLite file), test/bench/load-server.ts.
//  b. PouchDB 9 (browser build, IndexedDB adapter) in the same browser with the same slowdown,
//     replicating the same documents A → express-pouchdb (memory adapter, own process) → B.
//  c. Ratio PouchDB total / ScanCard total (target ≥ 5×).
// Loading A's outbox is not timed (done at full speed). The pages come from the servers' own
// origins (Playwright answers the page and script requests, the API requests go to the servers),
// so no cross-origin rules are involved.
// BENCH_BASELINE_SRC=<a source tree, e.g. an export of main with node_modules linked> measures that
// tree's tablet code and server too, in the same run and the same browser, before this one. BENCH_RUNS (default 500),
// BENCH_CPU_SLOWDOWN (default 4), BENCH_POUCH_ADAPTER=indexeddb for PouchDB's newer adapter
// (default: its standard "idb" adapter, also IndexedDB).
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import type { StoredEvent } from '../../src/db/db';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/harness';
import { EVENTS_PER_RUN, eventWriter } from './bench-events';
import { secs, tempDir } from './bench-util';
import type { ScanCardBench } from './chromium/tablet-entry';
import type { ServerReady, ServerStopped } from './load-server';
import type { PouchServerMessage } from './pouch-server';

const RUNS = Number(process.env.BENCH_RUNS ?? 500);
const SLOWDOWN = Number(process.env.BENCH_CPU_SLOWDOWN ?? 4);
const POUCH_ADAPTER = process.env.BENCH_POUCH_ADAPTER === 'indexeddb' ? 'indexeddb' : 'idb';
const BASELINE = process.env.BENCH_BASELINE_SRC && resolve(process.env.BENCH_BASELINE_SRC);
const here = new URL('.', import.meta.url).pathname;
const root = resolve(here, '../..');
const work = tempDir('scancard-chromium-bench-');

/** The tablet entry bundled with the tablet code of `srcRoot` (this tree, or the baseline's). */
async function bundle(srcRoot: string, name: string): Promise<string> {
  const entryDir = join(srcRoot, 'test/bench/chromium');
  mkdirSync(entryDir, { recursive: true });
  if (srcRoot !== root) copyFileSync(join(here, 'chromium/tablet-entry.ts'), join(entryDir, 'tablet-entry.ts'));
  const outDir = join(work, name);
  await build({
    configFile: false,
    root: srcRoot,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      target: 'es2022',
      lib: { entry: join(entryDir, 'tablet-entry.ts'), formats: ['es'], fileName: () => 'tablet.js' },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
  return readFileSync(join(outDir, 'tablet.js'), 'utf8');
}

function child<T>(script: string, env: Record<string, string>): Promise<{ proc: ChildProcess; ready: T }> {
  const proc = fork(script, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env } });
  return Promise.race([
    once(proc, 'message').then(([m]) => ({ proc, ready: m as T })),
    once(proc, 'exit').then(() => {
      throw new Error(`${script} exited`);
    }),
  ]);
}

async function stop<T>(proc: ChildProcess): Promise<T> {
  const stopped = once(proc, 'message') as Promise<[T]>;
  proc.send('stop');
  return (await stopped)[0];
}

/** A page at `origin`/__bench/ that loads the given scripts (answered by Playwright, not the server). */
async function benchPage(context: BrowserContext, origin: string, scripts: Record<string, string>): Promise<Page> {
  const page = await context.newPage();
  const tags = Object.keys(scripts)
    .map((f) => `<script ${f.endsWith('.mjs') ? 'type="module" ' : ''}src="/__bench/${f}"></script>`)
    .join('');
  await page.route(`${origin}/__bench/**`, (route) => {
    const file = new URL(route.request().url()).pathname.slice('/__bench/'.length);
    if (file === 'page.html')
      return route.fulfill({ contentType: 'text/html', body: `<!doctype html><meta charset="utf-8">${tags}` });
    const body = scripts[file];
    return body === undefined
      ? route.fulfill({ status: 404 })
      : route.fulfill({ contentType: 'text/javascript', body });
  });
  await page.goto(`${origin}/__bench/page.html`);
  await page.unroute(`${origin}/__bench/**`); // nothing else goes through Playwright
  return page;
}

async function throttled<T>(context: BrowserContext, page: Page, work: () => Promise<T>): Promise<T> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
  try {
    return await work();
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
  }
}

type Round = { push: number; pull: number; serverCpuMs: number; problems: string[] };

/** A round with the tablet code and the server of one source tree (the server from its load-bench entry). */
async function scancardRound(context: BrowserContext, v: Variant): Promise<Round> {
  const dir = join(work, `store-${v.name}`);
  mkdirSync(dir, { recursive: true });
  const { proc, ready } = await child<ServerReady>(join(v.root, 'test/bench/load-server.ts'), {
    LOAD_STORE: 'sqlite',
    LOAD_SQLITE_FILE: join(dir, 'bench.sqlite'),
    LOAD_TABLETS: '2',
  });
  const problems: string[] = [];
  try {
    const origin = `http://127.0.0.1:${ready.port}`;
    const [credsA, credsB] = ready.devices;
    const events: StoredEvent[] = (await eventWriter(credsA!.deviceId)).take(RUNS * EVENTS_PER_RUN);
    const open = async (creds: typeof credsA) => {
      const page = await benchPage(context, origin, { 'tablet.mjs': v.js });
      await page.waitForFunction(() => 'scancardBench' in globalThis);
      await page.evaluate(
        (c) => (globalThis as unknown as { scancardBench: ScanCardBench }).scancardBench.open(c),
        creds!,
      );
      return page;
    };
    const a = await open(credsA);
    await a.evaluate((e) => (globalThis as unknown as { scancardBench: ScanCardBench }).scancardBench.load(e), events);
    const sync = (page: Page) =>
      throttled(context, page, () =>
        page.evaluate(
          (url) => (globalThis as unknown as { scancardBench: ScanCardBench }).scancardBench.sync(url),
          origin,
        ),
      );
    const push = await sync(a);
    const b = await open(credsB);
    const pull = await sync(b);
    const n = events.length;
    if (push.pushed !== n || push.refused) problems.push(`A pushed ${push.pushed} of ${n} (${push.refused} refused)`);
    if (pull.pulled !== n) problems.push(`B pulled ${pull.pulled} of ${n}`);
    const counts = await b.evaluate(() =>
      (globalThis as unknown as { scancardBench: ScanCardBench }).scancardBench.counts(),
    );
    if (counts.events !== n || counts.runs !== RUNS)
      problems.push(`B holds ${counts.events} events, ${counts.runs} runs`);
    if (counts.clear) problems.push(`B stored ${counts.clear} events in clear`);
    await Promise.all([a.close(), b.close()]);
    const stopped = await stop<ServerStopped>(proc);
    return { push: push.ms, pull: pull.ms, serverCpuMs: stopped.cpuUserMs + stopped.cpuSystemMs, problems };
  } finally {
    if (proc.exitCode === null) proc.kill();
  }
}

async function pouchRound(context: BrowserContext, pouchJs: Record<string, string>, docs: unknown[]): Promise<Round> {
  const { proc, ready } = await child<PouchServerMessage & { type: 'ready' }>(join(here, 'pouch-server.ts'), {});
  const problems: string[] = [];
  try {
    const origin = `http://127.0.0.1:${ready.port}`;
    const remote = `${origin}/bench-${Date.now()}`;
    type PouchPage = { PouchDB: PouchStatic };
    type PouchStatic = {
      new (
        name: string,
        o?: object,
      ): { bulkDocs(d: unknown[]): Promise<unknown>; info(): Promise<{ doc_count: number }> };
      replicate(a: unknown, b: unknown): Promise<{ docs_written: number }>;
    };
    const a = await benchPage(context, origin, pouchJs);
    const b = await benchPage(context, origin, pouchJs);
    await a.evaluate(
      async ([d, adapter]) => {
        const w = globalThis as unknown as PouchPage & { db: unknown };
        const db = new w.PouchDB(`tablet-a-${Date.now()}`, { adapter });
        await db.bulkDocs(d as unknown[]);
        w.db = db;
      },
      [docs, POUCH_ADAPTER] as const,
    );
    const replicate = (page: Page, direction: 'push' | 'pull') =>
      throttled(context, page, () =>
        page.evaluate(
          async ([url, dir, adapter]) => {
            const w = globalThis as unknown as PouchPage & { db?: unknown };
            const local = (w.db ??= new w.PouchDB(`tablet-b-${Date.now()}`, { adapter }));
            const t0 = performance.now();
            const r = dir === 'push' ? await w.PouchDB.replicate(local, url) : await w.PouchDB.replicate(url, local);
            return { ms: performance.now() - t0, written: r.docs_written };
          },
          [remote, direction, POUCH_ADAPTER] as const,
        ),
      );
    const push = await replicate(a, 'push');
    const pull = await replicate(b, 'pull');
    if (push.written !== docs.length) problems.push(`push wrote ${push.written} of ${docs.length}`);
    if (pull.written !== docs.length) problems.push(`pull wrote ${pull.written} of ${docs.length}`);
    await Promise.all([a.close(), b.close()]);
    const stopped = await stop<PouchServerMessage & { type: 'stopped' }>(proc);
    return { push: push.ms, pull: pull.ms, serverCpuMs: stopped.cpuUserMs + stopped.cpuSystemMs, problems };
  } finally {
    if (proc.exitCode === null) proc.kill();
  }
}

const line = (label: string, r: Round) =>
  `  ${label.padEnd(34)} push ${secs(r.push)}, pull ${secs(r.pull)}, total ${secs(r.push + r.pull)} (server process CPU ${secs(r.serverCpuMs)})${r.problems.length ? `  PROBLEMS: ${r.problems.join('; ')}` : ''}`;

const pouchDir = join(root, 'node_modules/pouchdb/dist');
const pouchJs: Record<string, string> = { 'pouchdb.js': readFileSync(join(pouchDir, 'pouchdb.min.js'), 'utf8') };
if (POUCH_ADAPTER === 'indexeddb')
  pouchJs['pouchdb.indexeddb.js'] = readFileSync(join(pouchDir, 'pouchdb.indexeddb.min.js'), 'utf8');

type Variant = { name: string; root: string; js: string };
const variants: Variant[] = [{ name: 'this tree', root, js: await bundle(root, 'current') }];
if (BASELINE && existsSync(BASELINE))
  variants.unshift({ name: 'baseline', root: BASELINE, js: await bundle(BASELINE, 'baseline') });

const profileDir = tempDir('scancard-chromium-profile-');
const context = await chromium.launchPersistentContext(profileDir, {
  executablePath: chromiumPath(),
  headless: true,
  args: CHROMIUM_ARGS,
});
await context.addInitScript('window.__name = (f) => f'); // tsx keeps function names with a helper the page lacks
try {
  console.log(
    `Sync of ${RUNS * EVENTS_PER_RUN} events, both tablets in headless Chromium at ${SLOWDOWN}× CPU slowdown, servers in their own processes:`,
  );
  const docs = (await eventWriter('pouch-tablet')).take(RUNS * EVENTS_PER_RUN).map((e) => ({ _id: e.id, ...e }));
  const results: { name: string; sc: Round }[] = [];
  for (const v of variants) results.push({ name: v.name, sc: await scancardRound(context, v) });
  const pouch = await pouchRound(context, pouchJs, docs);
  for (const r of results) console.log(line(`ScanCard (${r.name})`, r.sc));
  console.log(line(`PouchDB 9 (${POUCH_ADAPTER} adapter)`, pouch));
  for (const r of results) {
    const ratio = (pouch.push + pouch.pull) / (r.sc.push + r.sc.pull);
    console.log(
      `  ratio PouchDB / ScanCard (${r.name}): ${ratio.toFixed(2)}×  (target ≥ 5×: ${ratio >= 5 ? 'met' : 'MISSED'})`,
    );
  }
} finally {
  await context.close();
  rmSync(profileDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
