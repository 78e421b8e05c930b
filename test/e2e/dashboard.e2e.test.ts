// The QA dashboard in real Chromium against the real server: a seeded month pushed by another tablet
// is pulled onto a QA lead's tablet, the dashboard shows the figures the KPI functions give over the
// same logs, a missed emergency is tapped in the drill-down and its run opens. Charts load as their
// own chunk on this route only. With SCANCARD_SHOTS=<dir> it saves the screens at both sizes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { dashboard } from '../../src/domain/kpi/kpi';
import { projectQuality } from '../../src/domain/quality/quality.projection';
import { projectRun } from '../../src/domain/run/run.projection';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { builtInLookup } from '../setup/seed-kpi';
import { addUser, newProfile, openApp, startAppServer, FIRST_ADMIN, type TestUser } from './harness';
import { seedMonthOnServer } from './seed-month';

const QA: TestUser = { username: 'qa', displayName: 'Quinn QA', role: 'qaLead', secret: 'quality first 2026' };
const DAY = 24 * 3600_000;
let server: Awaited<ReturnType<typeof startAppServer>>;
let profile: ReturnType<typeof newProfile>;
let context: BrowserContext;
let month: Awaited<ReturnType<typeof seedMonthOnServer>>;

beforeAll(async () => {
  server = await startAppServer();
  for (const u of [FIRST_ADMIN, QA]) await addUser(server.store, u);
  month = await seedMonthOnServer(server.store, server.url, Date.now());
  profile = newProfile();
  context = await profile.launch({ width: 1366, height: 1024 });
}, 120_000);
afterAll(async () => {
  await context?.close().catch(() => undefined);
  profile?.remove();
  await server?.close();
});

async function shots(page: Page, name: string) {
  const dir = process.env.SCANCARD_SHOTS;
  if (!dir) return;
  for (const width of [1366, 768]) {
    await page.setViewportSize({ width, height: 1024 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 1024 });
}

it('seeded month → the dashboard shows the known figures → a missed emergency opens its run', async () => {
  const page = await openApp(context, server.url, server.store, QA);
  const step = (s: string) => console.warn(`[dashboard e2e] ${s} ${new Date().toISOString()}`);
  step('signed in');
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
  // The month arrives by the ordinary pull.
  await page.locator('[data-sync-state="idle"][data-pending="0"]').waitFor({ timeout: 60_000 });
  step('synced');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { level: 1, name: 'QA dashboard' }).waitFor();

  // The default period: the last 30 days up to today, in the tablet's time zone (the test's own).
  const today = new Date();
  const to = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1).getTime();
  const period = { from: to - 30 * DAY, to };
  const runs = month.logs.map((log) => {
    const { id, version } = (log[0]!.payload as { sop: { id: string; version: number } }).sop;
    return projectRun(log, builtInLookup(id, version));
  });
  const quality = projectQuality([], { mayReview: () => true, mayManage: () => true }, DEFAULT_SCANNERS);
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const k = dashboard({ runs, quality, timeZone: tz }, period, {}, Date.now()).current;
  step('dashboard open');
  const value = (id: string) =>
    page.locator(`.dash-tiles [data-figure="${id}"]`).evaluate((el) => el.firstChild?.textContent ?? '');
  await expect.poll(() => value('runs'), { timeout: 30_000 }).toBe(k.runs.total.toLocaleString('en'));
  const pctOf = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
  expect(await value('emergencyResponse')).toBe(pctOf(k.emergencyResponse.withinTarget));
  expect(await value('reportHandoff')).toBe(pctOf(k.reportHandoff.withinTarget));
  expect(await value('waiting')).toBe(`${(k.waiting.medianMs! / 60_000).toFixed(1)} min`);
  expect(k.emergencyResponse.counts.missed).toBeGreaterThan(0);
  step('figures checked');

  // Charts: their own chunk, fetched for this route (not at start-up: see the build check in the report).
  await page.locator('.dash-chart canvas').first().waitFor({ timeout: 30_000 });
  expect(scripts.some((u) => /\/assets\/Charts-[\w-]+\.js$/.test(u))).toBe(true);
  await shots(page, 'dashboard');

  const tile = page.getByRole('article', { name: 'Emergency response ≤ 5 min' });
  await tile.getByRole('button', { name: /^Runs and records behind this figure/ }).click();
  const list = page.getByRole('region', { name: /Emergency response ≤ 5 min$/ });
  const first = k.emergencyResponse.misses[0]!;
  await expect.poll(() => list.locator('tbody tr').count()).toBe(k.emergencyResponse.misses.length);
  await shots(page, 'dashboard-missed-emergencies');
  await list.locator('tbody tr').first().click();
  await page.waitForURL(`**/run/${first.runId}`);
  await page.getByText('Emergency', { exact: false }).first().waitFor();

  await page.goBack();
  await page.getByRole('button', { name: 'Printable report' }).click();
  await page.getByRole('button', { name: 'Print' }).waitFor();
  await shots(page, 'dashboard-report');
}, 300_000); // a month pulled, decrypted and projected on a shared 2-core machine
