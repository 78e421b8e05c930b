// Screenshots of the card editor (issue 15) against the real server: the card list, a step added to
// chest CT with its texts, a range error beside its field, the submit panel, and the review screen
// with the step-level diff (seen by the author, so Approve is refused), a preview demo run and the coverage.
// Run: npm run build && npx tsx test/e2e/editor-screenshots.ts [outDir]
import { enrolWithFirstAdmin, goUnlocked, openShotSession } from './shot-session';

const { store, url, page, both, run } = await openShotSession(process.argv[2] ?? '/tmp/scancard-shots/editor');
await run(async () => {
  await enrolWithFirstAdmin(page, store, url);
  await goUnlocked(page, `${url}/editor`, page.getByRole('heading', { name: 'Card editor' }));
  await page.locator('[data-card="chest-ct"]').waitFor();
  await both('editor-list');

  await page.locator('[data-card="chest-ct"]').getByRole('link', { name: 'Edit' }).click();
  await page.getByRole('heading', { name: 'Edit card chest-ct' }).waitFor();
  await page.getByRole('button', { name: 'Add a step after preparation' }).click();
  const added = page.locator('[data-step^="step"]').first();
  const id = await added.getAttribute('data-step');
  await added.locator('[data-at$=".title"]').fill(`chest-ct.${id}.title`);
  await added.getByRole('button', { name: 'Add item' }).click();
  await added.getByRole('checkbox', { name: 'Required' }).check();
  await added.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -140));
  await both('editor-step');

  // A range error beside its field: the DLP item's lowest value above its highest.
  const scan = page.locator('[data-step="scan"]');
  await scan.locator('[data-at$=".min"]').first().fill('6000');
  await scan.locator('[data-field-error$=".max"]').waitFor();
  await scan.locator('[data-item="dlp"]').scrollIntoViewIfNeeded();
  await both('editor-range-error');
  await scan.locator('[data-at$=".min"]').first().fill('0');

  await page.locator('.editor-texts').scrollIntoViewIfNeeded();
  // The new step's title and item in English; Chinese stays flagged as missing.
  const english = page.locator(`[data-text-key^="chest-ct.${id}."] td[lang="en"] input`);
  await english.nth(0).fill('IV line check');
  await english.nth(1).fill('IV line flushes freely');
  await both('editor-texts');

  await page.getByLabel('Change note (what changed and why)').fill('Adds an IV line check before positioning');
  await page.locator('.editor-preview').scrollIntoViewIfNeeded();
  await both('editor-submit');
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await page.getByRole('link', { name: 'Open the review' }).click();
  await page.locator('[data-diff-step]').first().waitFor();
  await both('editor-approve');

  // Preview: the saved draft as a demo run (demo database only), then the coverage back in the editor.
  await page.getByRole('link', { name: 'All cards' }).click();
  await page.locator('[data-card="chest-ct"]').getByRole('link', { name: 'Edit draft' }).click();
  await page.getByRole('button', { name: 'Preview as a demo run' }).click();
  await page.waitForURL(/\/demo\/run\//);
  await page.locator('.step-title').first().waitFor();
  await both('editor-preview-run');
  await page.goto(`${url}/editor/chest-ct`);
  await goUnlocked(page, `${url}/editor/chest-ct`, page.getByRole('heading', { name: 'Edit card chest-ct' }));
  await page.locator('.editor-preview').scrollIntoViewIfNeeded();
  await both('editor-coverage');
});
