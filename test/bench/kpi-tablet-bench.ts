// The QA dashboard on the tablet, in real Chromium (issue 13): a busy department's year of runs
// (50,005: the seeded month's mix, 135 exams a day plus two warm-ups) made and projected in the page,
// every figure over them, and the dashboard's loader over a month held in the page's IndexedDB
// (sealed logs, opened and projected, then read again through its projection cache). The page code
// (kpi-tablet-page.ts) is bundled with esbuild and served on http://localhost (a secure context, for
// Web Crypto) by request interception. Prints, asserts nothing. Target: ≤ 1 s for each figure set.
//   npx tsx test/bench/kpi-tablet-bench.ts [perDay] [tabletDays]
// KPI_BENCH_CPU_THROTTLE=4 slows the page's CPU 4× (DevTools' stand-in for a tablet).
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const PER_DAY = Number(process.argv[2] ?? 135);
const TABLET_DAYS = Number(process.argv[3] ?? 30);
const THROTTLE = Number(process.env.KPI_BENCH_CPU_THROTTLE ?? 1);
const ORIGIN = 'http://localhost:4917';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const bundle = await build({
  entryPoints: [join(import.meta.dirname, 'kpi-tablet-page.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  write: false,
});
const js = bundle.outputFiles[0]!.text;
const dir = mkdtempSync(join(tmpdir(), 'scancard-kpi-tablet-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ARGS,
});
try {
  await context.route(`${ORIGIN}/**`, (route) =>
    route.request().url().endsWith('/bench.js')
      ? route.fulfill({ contentType: 'text/javascript', body: js })
      : route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><script type="module" src="/bench.js"></script>',
        }),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  if (THROTTLE > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  }
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => 'kpiBench' in globalThis);
  console.log(
    `Chromium ${context.browser()?.version() ?? ''}, CPU throttle ${THROTTLE}×, page bundle ${(js.length / 1024).toFixed(0)} KB`,
  );
  const lines = await page.evaluate(
    ([perDay, days]) =>
      (globalThis as unknown as { kpiBench: (a: number, b: number) => Promise<string[]> }).kpiBench(perDay!, days!),
    [PER_DAY, TABLET_DAYS],
  );
  for (const l of lines) console.log(`tablet (Chromium): ${l}`);
} finally {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
}
