// Screenshots of trainer mode (issue 14) at 1366×1024 and 768×1024, driven through the screens against
// the real server: the demo start screen, a demo step with its trainer note (English and Chinese) in
// the DEMO frame, the patient view in the demo frame, the presenter view (both panes, and the patient
// view in its own window), the worklist beside a demo holding only the real exam, scored practice and
// its score review, the sign-off form, the training records and the trainer figures, and the wipe.
// Run: npm run build && npx tsx test/e2e/demo-screenshots.ts [outDir]   (default /tmp/scancard-demo-shots)
import { join } from 'node:path';
import { addUser, type TestUser } from './harness';
import { navTo, scancard, turnToPatient } from './scancard.page';
import { enrolWithFirstAdmin, openShotSession } from './shot-session';
import { stepCard, switchUser, synced } from './trainer.page';

const OUT = process.argv[2] ?? '/tmp/scancard-demo-shots';
const TRAINER: TestUser = {
  username: 'tara',
  displayName: 'Tara Trainer',
  role: 'trainer',
  secret: 'teach every card 26',
};
const TECH: TestUser = {
  username: 'tom',
  displayName: 'Tom Newstart',
  role: 'technologist',
  secret: 'first week on ct 26',
};

async function main() {
  const { store, url, page, context, both, run } = await openShotSession(OUT);
  const app = scancard(page);
  const nav = (name: RegExp) => navTo(page, name);
  await run(async () => {
    await enrolWithFirstAdmin(page, store, url);
    for (const u of [TRAINER, TECH]) await addUser(store, u);
    // A real exam waiting, so the worklist can be seen to hold it and nothing of the demo.
    await app.newExam({
      patientId: 'P-2044',
      card: 'Chest CT (non-contrast)',
      priority: 'Routine',
      scanner: 'CT 1',
      age: '52',
    });
    await switchUser(page, TRAINER);

    await nav(/^Demo$/);
    await page.getByRole('heading', { name: 'Trainer demo' }).waitFor();
    await page.getByRole('button', { name: 'MRI with a pacemaker, 66' }).click();
    await both('demo-home');
    await page.getByRole('button', { name: 'Start demo run' }).click();
    const mri = stepCard(page.locator('main'));
    await mri.waitForStep('identity');
    await mri.tick('twoIdentifiers', 'requestMatches');
    await mri.next();
    await mri.waitForStep('screening');
    await both('demo-run-screening');
    const runUrl = page.url();
    await turnToPatient(page);
    await page.locator('.demo-badge').waitFor();
    await both('demo-patient');
    // Back to staff needs the staff secret (a reload lands on the lock screen).
    await page.goto(runUrl);
    await page.locator('.pinpad input').fill(TRAINER.secret);
    await page.locator('.pinpad input').press('Enter');
    await page.locator('.demo-badge').waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.locator('section[data-step="screening"]').waitFor();
    await page.waitForTimeout(600);
    await both('demo-run-screening-zh');
    await page.getByRole('button', { name: 'English' }).click();

    // The presenter view: contrast CT with the contrast-allergic patient at 10×.
    await nav(/^Demo$/);
    await page.getByRole('button', { name: 'Contrast-allergic, 58' }).click();
    await page.getByRole('button', { name: '10×' }).click();
    await page.getByRole('button', { name: 'Start demo run' }).click();
    await page.waitForURL(/\/demo\/run\/[^/]+$/);
    const id = /\/demo\/run\/([^/?#]+)/.exec(page.url())![1]!;
    await nav(/^Demo$/);
    await page.locator(`[data-present="${id}"]`).click();
    const staff = page.getByRole('region', { name: 'Step card' });
    const card = stepCard(staff);
    await card.waitForStep('identity');
    await card.tick('twoIdentifiers', 'requestMatches');
    await card.next();
    await card.waitForStep('screening');
    await card.choose('priorReaction', 'Yes');
    for (const item of ['asthma', 'allergy', 'kidneyDisease', 'hypertension', 'diabetes', 'metformin'])
      await card.choose(item, 'No');
    if (!(await card.item('ageOver60').getByRole('radio', { name: 'No', exact: true }).isChecked()))
      await card.choose('ageOver60', 'No');
    await card.choose('pregnancy', 'No');
    await page.getByRole('region', { name: 'Patient view' }).locator('.patient h1').waitFor();
    await both('presenter-screening-scrolled'); // where the last answer left it: the patient pane stays in view
    await page.evaluate(() => window.scrollTo(0, 0));
    await both('presenter-screening');
    await card.next();
    await card.waitForStep('reactionConsult');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(600);
    await both('presenter-allergy-branch');
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Patient view in a second window' }).click(),
    ]);
    await popup.locator('.patient-window .patient h1').first().waitFor();
    await popup.setViewportSize({ width: 1024, height: 768 });
    await popup.waitForTimeout(600);
    await popup.screenshot({ path: join(OUT, 'presenter-patient-window.png') });
    console.warn('  presenter-patient-window.png');
    await page.evaluate(() => window.scrollTo(0, 0));
    await both('presenter-patient-elsewhere');
    const closed = popup.waitForEvent('close');
    await page.getByRole('button', { name: 'Patient view back here' }).click();
    await closed;

    await nav(/^Worklist$/);
    await page.getByRole('heading', { name: /worklist/i }).waitFor();
    await both('worklist-beside-demo');

    // Scored practice, worked by the new technologist, with the "unsure" pregnancy trap missed.
    await switchUser(page, TECH);
    await nav(/^Demo$/);
    await page.getByRole('link', { name: 'Scored practice' }).click();
    await page.locator('[data-scenario]').first().waitFor();
    await both('practice-home');
    await page
      .locator('[data-scenario="chest-ct-unsure-pregnancy"]')
      .getByRole('button', { name: 'Start practice' })
      .click();
    const practice = stepCard(page.locator('main'));
    await practice.waitForStep('identity');
    await practice.tick('twoIdentifiers', 'requestMatches');
    await practice.next();
    await practice.waitForStep('screening');
    await practice.choose('pregnancy', 'No');
    await practice.next();
    await practice.waitForStep('preparation');
    await practice.tick('metalRemoved', 'procedureExplained');
    await practice.next();
    await practice.waitForStep('positioning');
    await both('practice-run');
    await page.getByRole('link', { name: 'Finish and see the score' }).click();
    await page.locator('[data-practice-result] [data-review-step]').first().waitFor();
    await both('practice-result');
    await synced(page);

    // The trainer signs off (after a second, passed attempt would be usual; here the form is shown).
    await switchUser(page, TRAINER);
    await nav(/^Training$/);
    const form = page.locator('form[aria-labelledby="signoff-title"]');
    await form.locator('select[name="trainee"] option', { hasText: 'Tom Newstart' }).waitFor({ state: 'attached' });
    await form.locator('select[name="trainee"]').selectOption({ label: 'Tom Newstart' });
    const chest = await form.locator('select[name="card"] option[value^="chest-ct@"]').getAttribute('value');
    await form.locator('select[name="card"]').selectOption(chest!);
    await form.getByLabel('Scanner or tablet used').fill('CT 1 console');
    await form.locator('select[name="practice"] option').nth(1).waitFor({ state: 'attached' });
    await form.locator('select[name="practice"]').selectOption({ index: 1 });
    await both('signoff-form');
    await form.getByRole('button', { name: 'Sign off' }).click();
    await form.getByText('Sign-off recorded').waitFor();
    await page.locator('[data-standing="valid"][data-sop="chest-ct"]').waitFor();
    await both('training-records');
    await synced(page);
    await page.getByRole('link', { name: 'Trainer figures' }).click();
    await page.getByRole('heading', { name: 'Trainer figures' }).waitFor();
    await page.locator('table').first().waitFor();
    await both('trainer-figures');

    await nav(/^Demo$/);
    await page.getByRole('button', { name: 'Wipe all demo runs' }).click();
    await page.getByText('No demo runs yet.').waitFor();
    await both('demo-wiped');
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
