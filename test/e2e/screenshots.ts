// Screenshots of the screens issues 11 and 17 changed, at 1366×1024 and 768×1024, in English and
// Chinese (staff) and Arabic (patient view), driven only through the screen against the real server.
// Run: npm run build && npx tsx test/e2e/screenshots.ts [outDir]   (default /tmp/scancard-shots)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { buildServer } from '../../src/server/app';
import { openSqliteStore } from '../../src/server/store/open-store';
import { newProfile } from './harness';
import { scancard, turnToPatient } from './scancard.page';
import { issueEnrollmentCode } from '../../src/server/auth';

const OUT = process.argv[2] ?? '/tmp/scancard-shots';
const SIZES = { landscape: { width: 1366, height: 1024 }, portrait: { width: 768, height: 1024 } } as const;
type Size = keyof typeof SIZES;

/** The first administrator's password: administrators need a password, a PIN is refused. */
const ADMIN_SECRET = 'ct console pass 24';

/** The PIN pad in any staff language (its OK button is translated). */
async function unlock(page: Page) {
  await page.locator('.pinpad input').fill(ADMIN_SECRET);
  await page.locator('.pinpad input').press('Enter');
}

async function shot(page: Page, name: string, size: Size) {
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, `${name}-${size}.png`) });
  console.warn(`  ${name}-${size}.png`);
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  // The server's clock moves with the page's fake clock, so sync's clock correction does not undo a fast-forward.
  let ahead = 0;
  const store = await openSqliteStore(join(mkdtempSync(join(tmpdir(), 'shots-')), 'scancard.sqlite'));
  const srv = await buildServer({ store, distDir: 'dist', rateLimitPerMinute: 100_000, now: () => Date.now() + ahead });
  await srv.listen({ port: 0, host: '127.0.0.1' });
  const server = {
    url: `http://127.0.0.1:${(srv.server.address() as { port: number }).port}`,
    store,
    close: () => srv.close(),
  };
  const forward = async (mmss: string) => {
    const [m, sec] = mmss.split(':').map(Number) as [number, number];
    ahead += (m * 60 + sec) * 1000;
    await context.clock.fastForward(mmss);
    // Idle time passed too: the tablet locked itself; the technologist unlocks.
    const locked = page.locator('[data-locked]');
    await locked.waitFor({ timeout: 3000 }).catch(() => undefined);
    if (await locked.isVisible()) await unlock(page);
    await page.waitForTimeout(300);
  };
  /** A full navigation is a reload: it lands on the lock screen (issue 11 item 4); unlock. */
  const go = async (path: string) => {
    await page.goto(`${server.url}${path}`);
    const locked = page.locator('[data-locked]');
    await locked.or(page.locator('main h1, main h2').first()).first().waitFor();
    if (await locked.isVisible()) await unlock(page);
    await page.waitForTimeout(500);
  };
  const profile = newProfile();
  const context = await profile.launch(SIZES.landscape);
  await context.clock.install({ time: Date.now() });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  const app = scancard(page);
  const both = async (name: string, before?: () => Promise<void>) => {
    for (const size of ['landscape', 'portrait'] as const) {
      await page.setViewportSize(SIZES[size]);
      await before?.();
      await shot(page, name, size);
    }
    await page.setViewportSize(SIZES.landscape);
  };
  try {
    // Connect, then the first administrator form refusing a short password.
    await page.goto(server.url);
    await page.getByLabel('One-time code').waitFor();
    await both('connect');
    await page.getByLabel('One-time code').fill(await issueEnrollmentCode(server.store, 'shots', Date.now()));
    await page.getByLabel('Name of this tablet').fill('CT 1 console');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('heading', { name: 'Create the first administrator' }).waitFor();
    await page.getByLabel(/^Password \(at least/).fill('1234');
    await page.getByLabel('Repeat it').fill('1243');
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await both('first-admin-refused');
    await page.getByLabel('User name').fill('chen');
    await page.getByLabel('Name shown to colleagues').fill('Chen Jing');
    await page.getByLabel(/^Password \(at least/).fill(ADMIN_SECRET);
    await page.getByLabel('Repeat it').fill(ADMIN_SECRET);
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await page.getByRole('heading', { name: /worklist/i }).waitFor();

    // Warm-up: CT 1 powered on.
    await page
      .locator('[data-scanner="ct-1"]')
      .getByRole('button', { name: /Power on/ })
      .click();
    await both('worklist-warming');

    // Emergency head CT: the 5-minute countdown escalates, then an alarm with Acknowledge.
    await page.getByRole('link', { name: /New exam/ }).click();
    await page.getByRole('radio', { name: /Emergency head CT/ }).check();
    await page.getByLabel('Patient ID *').fill('EM-0007');
    await page.getByLabel('Age (years)').fill('67');
    await page.getByRole('radio', { name: 'Emergency', exact: true }).check();
    await page.getByRole('radio', { name: 'CT 1', exact: true }).check();
    await both('new-exam');
    await page.getByRole('button', { name: /^Start/ }).click();
    await page.locator('#step-title').waitFor();
    await forward('04:10');
    await both('run-emergency-imminent');
    await forward('01:05');
    await page.locator('[data-alarm-key]').first().waitFor();
    await both('alarm-overdue');
    await page.getByRole('button', { name: 'Acknowledge' }).first().click();
    await page.locator('[data-acknowledged]').first().waitFor();
    await both('alarm-acknowledged');

    // Contrast abdomen CT for a man of 72: "older than 60" and pregnancy filled in.
    await go('/new');
    await page.getByRole('radio', { name: /Abdomen CT with contrast/ }).check();
    await page.getByLabel('Patient ID *').fill('AB-0072');
    await page.getByLabel('Age (years)').fill('72');
    await page.getByRole('radio', { name: 'Male', exact: true }).check();
    await page.getByRole('radio', { name: 'Routine', exact: true }).check();
    await page.getByRole('radio', { name: 'CT 2', exact: true }).check();
    await page.getByRole('button', { name: /^Start/ }).click();
    await app.waitForStep('identity');
    const contrastUrl = page.url();
    await app.tick(/Two identifiers/);
    await app.tick(/Exam request matches/);
    await app.next();
    await app.waitForStep('screening');
    for (const q of [
      /Previous reaction/,
      /Asthma/,
      /Allergy that needed/,
      /Kidney disease/,
      /High blood pressure/,
      /Diabetes/,
      /metformin/,
    ])
      await app.choose(q, 'No');
    await both(
      'run-prefilled',
      async () => void (await page.getByRole('group', { name: /Older than 60/ }).scrollIntoViewIfNeeded()),
    );
    await app.next();
    await app.waitForStep('egfr');
    await app.type(/^eGFR/, '64');
    await app.next();
    await app.choose(/Cannula/, '20 G');
    await app.tick(/Patency checked/);
    await app.next();
    await app.tick(/Supine/);
    await app.tick(/Centred/);
    await app.next();
    await app.tick(/Breath-hold practised/);
    await app.next();
    await app.waitForStep('injection');
    await app.choose(/Contrast agent/, 'Iohexol');
    await app.type(/Contrast volume/, '90');
    await app.type(/batch \(lot\)/, 'L2409-17');
    await app.tick(/Air purged/);
    await app.tick(/Injection complete/);
    await app.next();
    await app.choose(/Phases/, 'Portal venous');
    await app.tick(/Scan acquired/);
    await app.next();
    await app.tick(/Full coverage/);
    await app.tick(/Enhancement phase/);
    await app.choose(/Motion artefact/, 'No');
    await app.tick(/reconstructions/);
    await app.imageQc('Accepted', '412');
    await app.next();
    await app.waitForStep('send');
    await app.type(/Body part examined/, 'Abdomen and pelvis');
    await app.tick(/Images sent/);
    await app.next();
    await app.choose(/Any reaction/, 'No');
    await app.next();
    await app.waitForStep('cannulaRemoval');
    await both('run-cannula-waits');
    await forward('30:00');
    await app.tick(/Cannula removed/);
    await app.next();
    await app.choose(/Patient leaves to/, 'Home');
    await app.tick(/Aftercare explained/);
    await app.next();
    await page.getByRole('region', { name: 'Exam record' }).waitFor();
    await both('run-record-route');

    // Library, settings, reports.
    await page.getByRole('link', { name: 'SOP library' }).click();
    await page.locator('[data-sop="contrast-abdomen-ct@2"] [data-sop-steps] summary').click();
    await both('sop-library-steps');
    await go('/settings');
    await page.getByRole('heading', { name: 'This tablet' }).waitFor();
    await both('settings');
    await go('/reports');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('table.record').waitFor();
    await both('reports-audit');

    // Chinese staff UI.
    await go(new URL(contrastUrl).pathname);
    await page.locator('header button[lang="zh-CN"]').click();
    await page
      .getByRole('region', { name: '检查记录' })
      .waitFor()
      .catch(() => undefined);
    await both('zh-run-record');
    await go('/');
    await both('zh-worklist');
    await page.locator('header button[lang="en"]').click();

    // The patient view in Arabic and Tibetan: a run on its identity step.
    await page.getByRole('link', { name: /New exam/ }).click();
    await page.getByRole('radio', { name: /Chest CT/ }).check();
    await page.getByLabel('Patient ID *').fill('PV-0001');
    await page.getByLabel('Age (years)').fill('48');
    await page.getByRole('radio', { name: 'CT 2', exact: true }).check();
    await page.getByRole('button', { name: /^Start/ }).click();
    await app.waitForStep('identity');
    await both('run-header-actions');
    await turnToPatient(page);
    await page.locator('.patient h1').waitFor();
    for (const [code, name] of [
      ['ar', 'العربية'],
      ['bo', 'བོད་ཡིག'],
    ] as const) {
      await page.locator('.patient-languages button', { hasText: name }).click();
      await page.locator(`.patient[data-lang="${code}"] h1`).waitFor();
      await page.waitForTimeout(800); // the font
      await both(`patient-${code}`);
    }

    // Lock screen with running timers.
    await go('/');
    await page.getByRole('button', { name: /Lock/ }).click();
    await page.getByRole('heading', { name: 'Locked' }).waitFor();
    await both('lock-screen');
    await unlock(page);
  } catch (e) {
    await page.screenshot({ path: join(OUT, 'failed.png') });
    throw e;
  } finally {
    await context.close();
    profile.remove();
    await server.close();
  }
}

await main();
