// Screenshots of trainer demo mode (issue 14) at 1366×1024 and 768×1024, driven through the screen
// against the real server: the demo start screen, a demo step with its trainer note (English and
// Chinese), the patient view in the demo frame, and the worklist beside it holding only the real run.
// Run: npm run build && npx tsx test/e2e/demo-screenshots.ts [outDir]   (default /tmp/scancard-demo-shots)
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../../src/server/app';
import { issueEnrollmentCode } from '../../src/server/auth';
import { openSqliteStore } from '../../src/server/store/open-store';
import { newProfile } from './harness';
import { navTo, scancard, turnToPatient } from './scancard.page';

const OUT = process.argv[2] ?? '/tmp/scancard-demo-shots';
const SIZES = { landscape: { width: 1366, height: 1024 }, portrait: { width: 768, height: 1024 } } as const;

async function main() {
  mkdirSync(OUT, { recursive: true });
  const store = await openSqliteStore(join(mkdtempSync(join(tmpdir(), 'demo-shots-')), 'scancard.sqlite'));
  const srv = await buildServer({ store, distDir: 'dist', rateLimitPerMinute: 100_000 });
  await srv.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(srv.server.address() as { port: number }).port}`;
  const profile = newProfile();
  const context = await profile.launch(SIZES.landscape);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  const app = scancard(page);
  const both = async (name: string) => {
    for (const size of ['landscape', 'portrait'] as const) {
      await page.setViewportSize(SIZES[size]);
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(OUT, `${name}-${size}.png`) });
      console.warn(`  ${name}-${size}.png`);
    }
    await page.setViewportSize(SIZES.landscape);
  };
  const nav = (name: RegExp) => navTo(page, name);
  try {
    await page.goto(url);
    await page.getByLabel('One-time code').fill(await issueEnrollmentCode(store, 'shots', Date.now()));
    await page.getByLabel('Name of this tablet').fill('CT 1 console');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByLabel('User name').fill('chen');
    await page.getByLabel('Name shown to colleagues').fill('Chen Jing');
    await page.getByLabel(/^PIN \(at least/).fill('246810');
    await page.getByLabel('Repeat it').fill('246810');
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await page.getByRole('heading', { name: /worklist/i }).waitFor();
    // A real exam waiting, so the worklist can be seen to hold it and nothing of the demo.
    await app.newExam({
      patientId: 'P-2044',
      card: 'Chest CT (non-contrast)',
      priority: 'Routine',
      scanner: 'CT 1',
      age: '52',
    });

    await nav(/^Demo$/);
    await page.getByRole('heading', { name: 'Trainer demo' }).waitFor();
    await page.getByRole('button', { name: 'MRI with a pacemaker, 66' }).click();
    await both('demo-home');
    await page.getByRole('button', { name: 'Start demo run' }).click();
    await app.waitForStep('identity');
    await app.tick(/Two identifiers/);
    await app.tick(/Exam request matches/);
    await app.next();
    await app.waitForStep('screening');
    await both('demo-run-screening');
    const runUrl = page.url();
    await turnToPatient(page);
    await page.locator('.demo-badge').waitFor();
    await both('demo-patient');
    // Back to staff needs a PIN (a reload lands on the lock screen).
    await page.goto(runUrl);
    await page.locator('.pinpad input').fill('246810');
    await page.locator('.pinpad input').press('Enter');
    await page.locator('.demo-badge').waitFor();

    await page.getByRole('button', { name: '中文' }).click();
    await page.locator('section[data-step="screening"]').waitFor();
    await page.waitForTimeout(600);
    await both('demo-run-screening-zh');
    await page.getByRole('button', { name: 'English' }).click();

    await nav(/^Worklist$/);
    await page.getByRole('heading', { name: /worklist/i }).waitFor();
    await both('worklist-beside-demo');
    await nav(/^Demo$/);
    await page.getByRole('button', { name: 'Wipe all demo runs' }).click();
    await page.getByText('No demo runs yet.').waitFor();
    await both('demo-wiped');
  } finally {
    await context.close();
    await srv.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
