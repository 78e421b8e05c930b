// Screenshots of the admin console (issue 15 item 6) at 1366×1024 and 768×1024 against the real
// server: users (one locked out), tablets with an enrolment code and its QR code, site settings, the
// hospital link. Run: npm run build && npx tsx test/e2e/admin-screenshots.ts [outDir]
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildServer } from '../../src/server/app';
import { issueEnrollmentCode } from '../../src/server/auth';
import { openSqliteStore } from '../../src/server/store/open-store';
import { newProfile } from './harness';

const OUT = process.argv[2] ?? '/tmp/scancard-shots/admin';
const SIZES = { landscape: { width: 1366, height: 1024 }, portrait: { width: 768, height: 1024 } } as const;
const ADMIN_SECRET = 'ct console pass 24';

async function both(page: Page, name: string) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => window.scrollTo(0, 0)); // a sticky header drawn mid-page otherwise
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(OUT, `${name}-${size}.png`), fullPage: true });
    console.warn(`  ${name}-${size}.png`);
  }
  await page.setViewportSize(SIZES.landscape);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const store = await openSqliteStore(join(mkdtempSync(join(tmpdir(), 'admin-shots-')), 'scancard.sqlite'));
  const srv = await buildServer({ store, distDir: 'dist', rateLimitPerMinute: 100_000 });
  await srv.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(srv.server.address() as { port: number }).port}`;
  const profile = newProfile();
  const context = await profile.launch(SIZES.landscape);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  try {
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

    await page.goto(`${url}/admin`);
    const locked = page.locator('[data-locked]');
    await locked
      .or(page.getByRole('heading', { name: 'Admin console' }))
      .first()
      .waitFor();
    if (await locked.isVisible()) {
      await page.locator('.pinpad input').fill(ADMIN_SECRET);
      await page.locator('.pinpad input').press('Enter');
    }
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    for (const [username, name, role] of [
      ['li.wei', 'Li Wei', 'Technologist'],
      ['amina', 'Amina Haddad', 'Trainer'],
      ['okafor', 'Dr Okafor', 'QA lead'],
    ] as const) {
      await page.getByLabel('User name (to sign in)').fill(username);
      await page.getByLabel('Name shown').fill(name);
      await page.getByLabel('Role').last().selectOption({ label: role });
      await page.getByLabel('First PIN or password').fill('hospital-pass-4');
      await page.getByRole('button', { name: 'Add user' }).click();
      await page.getByText(`${name} was added.`).waitFor();
    }
    await both(page, 'admin-users');

    await page.getByRole('tab', { name: 'Tablets' }).click();
    await page.getByLabel('Where the tablet will be used').fill('MRI 2 console');
    await page.getByRole('button', { name: 'Make an enrolment code' }).click();
    await page.locator('img[alt^="QR code"], canvas, svg').first().waitFor();
    await both(page, 'admin-tablets');

    await page.getByRole('tab', { name: 'Site settings' }).click();
    await page.getByRole('button', { name: 'Save settings' }).waitFor();
    await both(page, 'admin-settings');

    await page.getByRole('tab', { name: 'Hospital link' }).click();
    await page.waitForTimeout(800);
    await both(page, 'admin-integration');
  } catch (e) {
    await page.screenshot({ path: join(OUT, 'failed.png'), fullPage: true });
    throw e;
  } finally {
    await context.close();
    profile.remove();
    await srv.close();
  }
}

await main();
