// Screenshots of every quality screen (issue 12) against the real server, with realistic records made
// through the screens themselves: QC at action and tolerance level, the worklist flags, the review
// queue, the service log, an extravasation and a contrast reaction (amended), the records table, the
// QC test-set editor (its messages, then a saved version 2) and the equipment register.
// Run: npm run build && npx tsx test/e2e/quality-shots.ts [outDir]
import type { Page } from 'playwright-core';
import { addUser, FIRST_ADMIN, openApp, signIn, type TestUser } from './harness';
import { openShotSession } from './shot-session';

const QA: TestUser = { username: 'okafor', displayName: 'Dr Okafor', role: 'qaLead', secret: 'quality first 2026' };
const { store, url, context, both, run } = await openShotSession(process.argv[2] ?? '/tmp/scancard-shots/quality', {
  fullPage: true,
});

const tab = (p: Page, name: string | RegExp) => p.getByRole('button', { name }).first().click();

async function recordQc(p: Page, scanner: string, values: Record<string, string>, passes = true) {
  await tab(p, 'Record QC');
  await p.getByLabel('Scanner').selectOption({ label: scanner });
  for (const [label, v] of Object.entries(values)) await p.getByLabel(label).fill(v);
  for (const group of await p.getByRole('radiogroup').all()) await group.getByLabel(passes ? 'Pass' : 'Fail').check();
  await p.getByRole('button', { name: 'Save QC result' }).click();
  await p.getByText(/^QC result saved/).waitFor();
}

async function service(p: Page, scanner: string, kind: string, f: Record<string, string>) {
  await tab(p, 'Service log');
  await p.getByLabel('Scanner').selectOption({ label: scanner });
  await p.getByRole('radio', { name: kind }).check();
  for (const [label, v] of Object.entries(f)) await p.getByLabel(new RegExp(`^${label}`)).fill(v);
  await p.getByRole('button', { name: 'Save service entry' }).click();
  await p.getByText('Service entry saved.').waitFor();
}

async function adverse(p: Page, choices: RegExp[], texts: Record<string, string>) {
  await tab(p, 'Adverse events');
  const form = p.getByRole('form', { name: 'Report an adverse event' });
  for (const c of choices) await form.getByRole('radio', { name: c }).first().check();
  for (const [label, v] of Object.entries(texts)) await form.getByLabel(label, { exact: true }).fill(v);
  await form.getByRole('button', { name: 'Save report' }).click();
  await p.getByText(/^Report saved/).waitFor();
}

await run(async () => {
  for (const u of [FIRST_ADMIN, QA]) await addUser(store, u);
  const qa = await openApp(context, url, store, QA);
  await qa.getByRole('link', { name: 'Quality' }).click();
  await qa.getByRole('heading', { name: 'Scanners and QC schedule' }).waitFor();

  await recordQc(qa, 'CT 1', { 'Water CT number (HU)': '9', 'Noise (SD) (HU)': '5.2' });
  await recordQc(qa, 'CT 2', { 'Water CT number (HU)': '4.5', 'Noise (SD) (HU)': '5.1' });
  await recordQc(qa, 'MRI 1', {
    'Geometric accuracy (190 mm) (mm)': '190.4',
    'Percent ghosting (%)': '0.8',
    'Low-contrast spokes (spokes)': '39',
  });
  await tab(qa, 'Record QC');
  await qa.getByLabel('Scanner').selectOption({ label: 'CT 1' });
  await qa.getByLabel('Water CT number (HU)').fill('7,5');
  await both('quality-record-qc');
  await tab(qa, 'Scanners & QC due');
  await qa.locator('tr[data-scanner="ct-1"][data-flagged="true"]').waitFor();
  await both('quality-status');

  await service(qa, 'MRI 1', 'Repair', {
    'What was wrong': 'Gradient coil cooling alarm, scan aborted twice',
    'Work done': 'Chiller flow sensor replaced, coolant topped up, vendor QC run',
    'Done by': 'Vendor field engineer (M. Novak)',
    'Parts replaced': 'Flow sensor 7734-220',
    'Downtime start': '2026-11-30T07:30',
  });
  await service(qa, 'CT 2', 'Calibration', {
    'Work done': 'Air calibration and detector gain calibration after tube warm-up',
    'Done by': 'Li Wei (CT technologist)',
  });
  await both('quality-service-log');

  await tab(qa, /^Review queue/);
  await qa.locator('[data-result]').first().waitFor();
  await both('quality-review-queue');

  await adverse(qa, [/^Extravasation/, /^Incident with harm/, /^Mild harm/], {
    'Injection site': 'Left antecubital fossa, 20 G cannula',
    'What happened': 'Swelling at the injection site after 40 ml of iohexol 350 at 4 ml/s; injection stopped',
    'Actions taken':
      'Cannula removed, limb elevated, cold compress, radiologist informed; patient told to return if worse',
  });
  await adverse(qa, [/^Contrast reaction/, /^Allergic-like/, /^Mild(?! harm)/, /^Incident without harm/, /^No harm/], {
    'What happened': 'Three urticarial wheals on the forearm 5 minutes after iohexol 80 ml',
    'Actions taken': 'Observed 30 minutes, no treatment needed; allergy noted in the EMR',
  });
  const reaction = qa.locator('li[data-report]').filter({ hasText: 'Contrast reaction' });
  await reaction.getByText('Amend: add the outcome').click();
  await reaction.getByLabel(/^Outcome/).fill('Wheals resolved within 20 minutes, discharged home');
  await reaction.getByLabel(/^Why \(note\)/).fill('Outcome known after observation');
  await reaction.getByRole('button', { name: 'Save amendment' }).click();
  await reaction.locator('[data-outcome]').waitFor();
  await reaction.getByRole('button', { name: 'Start review' }).click();
  await qa.locator('#adverse-list-title').scrollIntoViewIfNeeded();
  await both('quality-adverse');

  await tab(qa, 'Records & exports');
  await qa.locator('table').first().waitFor();
  await both('quality-records');

  await tab(qa, 'QC test sets');
  await qa.getByText('Version 1 in force').waitFor();
  await qa.getByRole('button', { name: 'Add a test' }).click();
  const added = qa.locator('[data-test-row]').last();
  await added.getByLabel(/^Name/).fill('Slice thickness (5 mm)');
  await added.getByLabel(/^Reference/).fill('5');
  await added.getByLabel(/^Tolerance/).fill('O.5');
  await qa.getByRole('button', { name: 'Save as version 2' }).click();
  await qa.getByRole('alert').first().waitFor();
  await both('quality-qc-sets-problems');
  await added.getByLabel(/^Unit/).fill('mm');
  await added.getByLabel(/^Tolerance/).fill('0.5');
  await added.getByLabel(/^Action level/).fill('1');
  await qa.getByRole('button', { name: 'Save as version 2' }).click();
  await qa.getByText('Version 2 in force').waitFor();
  await both('quality-qc-sets');

  await qa.getByRole('link', { name: 'Worklist' }).click();
  await qa.locator('[data-qc="ct-1"] [data-flag="lastQcAction"]').waitFor();
  await both('quality-worklist-flags');

  // The register is the administrators'.
  await qa.getByRole('link', { name: /Sync:/ }).click();
  await qa.getByRole('button', { name: 'Sign out' }).click();
  await signIn(qa, FIRST_ADMIN);
  await qa.getByRole('link', { name: 'Admin', includeHidden: true }).waitFor({ state: 'attached' });
  await qa.getByRole('link', { name: 'Quality' }).click();
  await tab(qa, 'Equipment register');
  await qa.getByRole('button', { name: 'Register scanner' }).waitFor();
  await both('quality-equipment');
});
