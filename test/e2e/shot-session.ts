// What every screenshot script shares: a real server on a fresh SQLite file, a fresh Chromium
// profile, `both(name)` taking the page at 1366×1024 and 768×1024, and the way onto the tablet
// (enrol, create the first administrator). Scripts: admin-screenshots.ts, screenshots.ts, demo-screenshots.ts.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildServer } from '../../src/server/app';
import { issueEnrollmentCode } from '../../src/server/auth';
import { openSqliteStore } from '../../src/server/store/open-store';
import { newProfile } from './harness';

export const SHOT_SIZES = { landscape: { width: 1366, height: 1024 }, portrait: { width: 768, height: 1024 } } as const;
/** The first administrator's password: administrators need a password, a PIN is refused. */
export const ADMIN_SECRET = 'ct console pass 24';

export async function openShotSession(out: string, opts: { fullPage?: boolean } = {}) {
  mkdirSync(out, { recursive: true });
  const store = await openSqliteStore(join(mkdtempSync(join(tmpdir(), 'shots-')), 'scancard.sqlite'));
  const srv = await buildServer({ store, distDir: 'dist', rateLimitPerMinute: 100_000 });
  await srv.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(srv.server.address() as { port: number }).port}`;
  const profile = newProfile();
  const context = await profile.launch(SHOT_SIZES.landscape);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  const both = async (name: string) => {
    for (const [size, viewport] of Object.entries(SHOT_SIZES)) {
      await page.setViewportSize(viewport);
      if (opts.fullPage) await page.evaluate(() => window.scrollTo(0, 0)); // else the sticky header lands mid-page
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(out, `${name}-${size}.png`), fullPage: opts.fullPage ?? false });
      console.warn(`  ${name}-${size}.png`);
    }
    await page.setViewportSize(SHOT_SIZES.landscape);
  };
  /** Runs the script's steps; on failure keeps a picture of where it stopped. */
  const run = async (steps: () => Promise<void>) => {
    try {
      await steps();
    } catch (e) {
      await page.screenshot({ path: join(out, 'failed.png'), fullPage: true });
      throw e;
    } finally {
      await context.close();
      profile.remove();
      await srv.close();
    }
  };
  return { store, url, page, context, both, run };
}

/** Enrols the tablet as "CT 1 console" and creates the first administrator, Chen Jing. */
export async function enrolWithFirstAdmin(page: Page, store: Awaited<ReturnType<typeof openSqliteStore>>, url: string) {
  await page.goto(url);
  await page.getByLabel('One-time code').fill(await issueEnrollmentCode(store, 'shots', Date.now()));
  await page.getByLabel('Name of this tablet').fill('CT 1 console');
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByLabel('User name').fill('chen');
  await page.getByLabel('Name shown to colleagues').fill('Chen Jing');
  await page.getByLabel(/^Password \(at least/).fill(ADMIN_SECRET);
  await page.getByLabel('Repeat it').fill(ADMIN_SECRET);
  await page.getByRole('button', { name: 'Create and sign in' }).click();
  await page.getByRole('heading', { name: /worklist/i }).waitFor();
}

/** A full navigation lands on the lock screen; unlock with the administrator's password. */
export async function goUnlocked(page: Page, url: string, ready: ReturnType<Page['locator']>) {
  await page.goto(url);
  const locked = page.locator('[data-locked]');
  await locked.or(ready).first().waitFor();
  if (await locked.isVisible()) {
    await page.locator('.pinpad input').fill(ADMIN_SECRET);
    await page.locator('.pinpad input').press('Enter');
  }
  await ready.waitFor();
}
