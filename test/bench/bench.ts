// Benchmarks for the tablet (run with `npm run bench`; prints numbers, asserts nothing), in headless
// Chromium against the real server, signed in and enrolled (background sync runs during the taps):
//  1. tap → screen (the box drawn) and tap → committed (its event stored), over 200 taps — p95 ≤ 16 / ≤ 30 ms
//  2. resume a run of 500 events (worklist tap → step card) — p95 ≤ 30 ms
//  3. the JS the browser fetched before the first usable screen, from its own resource timing (every
//     file it asked for until the screen showed and the network went quiet), gzip — ≤ 150 KB
//  4. navigation → lock screen with the network cut, p50 — ≤ 300 ms
// BENCH_BASELINE_DIST=<dir of another build> measures that build too, in the same run, alternating.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { newProfile, openApp, startAppServer } from '../e2e/harness';
import { scancard } from '../e2e/scancard.page';
import { pct } from './bench-util';

const ms = (x: number) => `${x.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Every JS file the page fetched so far (resource timing), gzip-sized from the build it came from. */
async function fetchedJs(page: Page, dist: string) {
  const names = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .filter((p) => p.endsWith('.js') && !p.endsWith('/sw.js')),
  );
  const files = [...new Set(names)];
  const bytes = files.reduce((n, f) => {
    const path = join(dist, f);
    return n + (existsSync(path) ? gzipSync(readFileSync(path), { level: 9 }).length : 0);
  }, 0);
  return { files: files.length, bytes };
}

/** The first usable screen after a navigation: the lock screen (an enrolled tablet) or the connect form. */
async function firstScreen(page: Page) {
  await page
    .getByRole('heading', { name: 'Locked' })
    .or(page.getByLabel('One-time code'))
    .or(page.getByRole('heading', { name: 'Create the first administrator' }))
    .first()
    .waitFor();
  await page.waitForTimeout(2000); // whatever start-up still fetches without anyone signing in
}

async function browserBench(dist: string) {
  const server = await startAppServer({ distDir: dist });
  const profile = newProfile();
  const context = await profile.launch();
  await context.addInitScript('window.__name = (f) => f'); // tsx keeps function names with a helper the page lacks
  try {
    const first = context.pages()[0] ?? (await context.newPage());
    await first.goto(server.url);
    await firstScreen(first);
    const firstVisitJs = await fetchedJs(first, dist);
    const isolated = await first.evaluate(() => crossOriginIsolated);
    const app = scancard(await openApp(context, server.url, server.store));
    await app.newExam({
      patientId: 'BENCH-1',
      card: 'Chest CT (non-contrast) (v2)',
      priority: 'Routine',
      scanner: 'CT 1',
      age: '50',
    });
    // Each tap toggles a checklist item: drawn (the box), then committed (its "saving" mark gone; a
    // build without the mark draws only after the commit). The next tap comes once it is committed.
    const taps = await app.page.evaluate(async (count) => {
      const box = document.querySelector<HTMLInputElement>('section[data-step] input[type=checkbox]')!;
      const item = box.closest('[data-item]')!;
      const section = document.querySelector('section[data-step]')!;
      const screen: number[] = [];
      const committed: number[] = [];
      for (let i = 0; i < count; i++) {
        const want = !box.checked;
        await new Promise<void>((resolve) => {
          let drawn = false;
          const check = () => {
            if (box.checked !== want) return;
            if (!drawn) screen.push(performance.now() - t0);
            drawn = true;
            if (item.hasAttribute('data-saving')) return;
            committed.push(performance.now() - t0);
            obs.disconnect();
            resolve();
          };
          const obs = new MutationObserver(check);
          obs.observe(section, { subtree: true, childList: true, characterData: true, attributes: true });
          const t0 = performance.now();
          box.click();
          check();
        });
      }
      return { screen, committed };
    }, 499);
    const events = 1 + taps.screen.length;

    const runId = app.page.url().split('/run/')[1]!;
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

    // A reload of the enrolled, signed-in tablet: the lock screen (the key is only in memory).
    await app.page.reload();
    await firstScreen(app.page);
    const lockJs = await fetchedJs(app.page, dist);
    // With the network cut: navigation start → the lock screen's heading in the DOM.
    await context.setOffline(true);
    const offline: number[] = [];
    for (let i = 0; i < 11; i++) {
      await app.page.reload();
      offline.push(
        await app.page.evaluate(async () => {
          const shown = () => Array.from(document.querySelectorAll('h1, h2')).some((h) => h.textContent === 'Locked');
          while (!shown()) await new Promise((r) => requestAnimationFrame(r));
          return performance.now();
        }),
      );
    }
    offline.shift(); // the first one after going offline
    await context.setOffline(false);
    return { isolated, events, taps, resumes, firstVisitJs, lockJs, offline };
  } finally {
    await context.close();
    profile.remove();
    await server.close();
  }
}

function report(label: string, b: Awaited<ReturnType<typeof browserBench>>) {
  const s = b.taps.screen.slice(0, 200);
  const c = b.taps.committed.slice(0, 200);
  console.log(`[${label}] timer precision: ${b.isolated ? 'µs (cross-origin isolated)' : '100 µs'}`);
  console.log(
    `  tap → screen:    p50 ${ms(pct(s, 50))}, p95 ${ms(pct(s, 95))}, max ${ms(Math.max(...s))} (target p95 ≤ 16 ms)`,
  );
  console.log(
    `  tap → committed: p50 ${ms(pct(c, 50))}, p95 ${ms(pct(c, 95))}, max ${ms(Math.max(...c))} (target p95 ≤ 30 ms)`,
  );
  console.log(
    `  resume a run of ${b.events} events: p50 ${ms(pct(b.resumes, 50))}, p95 ${ms(pct(b.resumes, 95))} over ${b.resumes.length} opens (target ≤ 30 ms)`,
  );
  console.log(
    `  JS fetched before the lock screen is usable: ${kb(b.lockJs.bytes)} gzip in ${b.lockJs.files} files (target ≤ 150 KB)`,
  );
  console.log(
    `  JS fetched before the first visit's connect screen: ${kb(b.firstVisitJs.bytes)} gzip in ${b.firstVisitJs.files} files`,
  );
  console.log(
    `  navigation → lock screen, offline: p50 ${ms(pct(b.offline, 50))}, p95 ${ms(pct(b.offline, 95))} over ${b.offline.length} (target p50 ≤ 300 ms)`,
  );
}

const baseline = process.env.BENCH_BASELINE_DIST;
const builds: [string, string][] = baseline
  ? [
      ['baseline', baseline],
      ['this build', 'dist'],
    ]
  : [['this build', 'dist']];
for (const [label, dist] of builds) report(label, await browserBench(dist));
