// Trainer mode (issue 14) in real Chromium against the real server on 127.0.0.1 (real SQLite file,
// built app), on one shared tablet the way a department uses it:
// 1. a trainer presents a demo run of contrast CT at 10×: the allergy branch, Back, the other branch,
//    the patient view in a second window following the run, a contrast-observation countdown running
//    ten times the wall clock; nothing of the demo reaches the clinical database or the server (a
//    real exam on the same tablet does); one tap wipes it;
// 2. a technologist works a scored practice run: score and per-step review, the attempt reaches the
//    server as training.attempt; the new-exam form warns on the card they are not signed off on;
// 3. the trainer signs them off; the sign-off is in the technologist's record and silences the
//    warning for that card only.
// The steps share the tablet and the server, in order. Waits are on UI states, never sleeps, with
// generous timeouts: six builds share two cores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { addUser, newProfile, openApp, startAppServer, type TestUser } from './harness';
import { navTo, scancard } from './scancard.page';
import { stepCard, storedIds, switchUser, synced, timerSeconds } from './trainer.page';

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

let server: Awaited<ReturnType<typeof startAppServer>>;
let profile: ReturnType<typeof newProfile>;
let context: BrowserContext;
let page: Page;
const log = (s: string) => console.warn(`[trainer e2e] ${s} ${new Date().toISOString()}`);

/** Every event the server holds, parsed. */
async function serverEvents() {
  const { rows } = await server.store.eventsAfter(0, 100_000);
  return rows.map((r) => JSON.parse(r.body) as { id: string; streamId: string; type: string; payload?: unknown });
}
const userId = async (u: TestUser) => (await server.store.userByUsername(u.username))!.id;
const warnedOnServer = async () =>
  (
    await server.store.auditEntries({
      action: 'competency.warned',
      from: 0,
      to: Date.now() + 3600_000,
      limit: 100,
      offset: 0,
    })
  ).map((a) => a.subject);

/** The new-exam form with `card` chosen, once the sign-off check is known. */
async function chooseCard(card: string) {
  await page.getByRole('radio', { name: card }).check();
  await page.getByText('Checking your sign-off on this card…').waitFor({ state: 'hidden', timeout: 30_000 });
}

beforeAll(async () => {
  server = await startAppServer();
  for (const u of [TRAINER, TECH]) await addUser(server.store, u);
  profile = newProfile();
  context = await profile.launch({ width: 1366, height: 1024 });
  page = await openApp(context, server.url, server.store, TRAINER);
}, 120_000);
afterAll(async () => {
  await context?.close().catch(() => undefined);
  profile?.remove();
  await server?.close();
});

describe.sequential('trainer mode on one tablet', () => {
  let demoRun = '';
  let demoEvents: string[] = [];
  let realRun = '';

  it('presents a demo run through the allergy branch and back at 10×; nothing reaches the clinical store or the server', async () => {
    // A real exam waiting on the same tablet: the positive control for "it would have synced".
    await scancard(page).newExam({
      patientId: 'P-2044',
      card: 'Chest CT (non-contrast)',
      priority: 'Routine',
      scanner: 'CT 1',
      age: '52',
    });
    realRun = /\/run\/([^/?#]+)/.exec(page.url())![1]!;
    log('real exam started');

    await navTo(page, /^Demo$/);
    await page.getByRole('heading', { name: 'Trainer demo' }).waitFor();
    await page.getByRole('button', { name: 'Contrast-allergic, 58' }).click();
    expect(await page.locator('[aria-labelledby="demo-start"] select').inputValue()).toBe('contrast-abdomen-ct');
    await page.getByRole('button', { name: '10×' }).click();
    await page.locator('[data-demo-speed="10"]').first().waitFor();
    await page.getByRole('button', { name: 'Start demo run' }).click();
    await page.waitForURL(/\/demo\/run\/[^/]+$/, { timeout: 30_000 });
    demoRun = /\/demo\/run\/([^/?#]+)/.exec(page.url())![1]!;
    expect(demoRun).not.toBe(realRun);

    // The presenter view, from the demo runs list.
    await navTo(page, /^Demo$/);
    await page.locator(`[data-present="${demoRun}"]`).click();
    await page.getByRole('heading', { name: 'Presenter view' }).waitFor({ timeout: 30_000 });
    const staff = page.getByRole('region', { name: 'Step card' });
    const patient = page.getByRole('region', { name: 'Patient view' });
    const card = stepCard(staff);
    await page.locator('.demo-badge').first().waitFor();
    await card.waitForStep('identity');
    await card.tick('twoIdentifiers', 'requestMatches');
    await card.next();
    await card.waitForStep('screening');
    const patientTitle = () => patient.locator('h1').first().textContent();
    await patient.locator('h1').first().waitFor();
    const screeningForPatient = await patientTitle();
    log('presenter on screening');

    // Prior reaction: yes → the reaction consult (the allergy branch).
    await card.choose('priorReaction', 'Yes');
    for (const id of ['asthma', 'allergy', 'kidneyDisease', 'hypertension', 'diabetes', 'metformin'])
      await card.choose(id, 'No');
    if (!(await card.item('ageOver60').getByRole('radio', { name: 'No', exact: true }).isChecked()))
      await card.choose('ageOver60', 'No');
    await card.choose('pregnancy', 'No');
    await card.next();
    await card.waitForStep('reactionConsult');
    await expect.poll(patientTitle, { timeout: 30_000 }).not.toBe(screeningForPatient);
    log('allergy branch taken');

    // Back, the other answer, the other branch; the patient pane follows both ways.
    await card.back();
    await card.waitForStep('screening');
    await expect.poll(patientTitle, { timeout: 30_000 }).toBe(screeningForPatient);
    await card.choose('priorReaction', 'No');
    await card.next();
    await card.waitForStep('ivAccess');
    log('other branch taken');

    // The patient view moves to a second window (a projector) and follows the run there.
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Patient view in a second window' }).click(),
    ]);
    const inWindow = () => popup.locator('.patient-window .patient h1').first().textContent();
    await popup.locator('.patient-window .patient h1').first().waitFor({ timeout: 30_000 });
    await popup.locator('.patient-window .demo-badge').waitFor();
    await patient.locator('[data-patient-elsewhere]').waitFor();
    const ivAccessForPatient = await inWindow();
    expect(await popup.title()).toBe('ScanCard DEMO · patient view');

    // On to the injection: leaving it starts the 30-minute observation, shown at 10×.
    await card.choose('cannulaGauge', '20 G');
    await card.tick('patencyChecked');
    await card.next();
    await card.waitForStep('positioning');
    await expect.poll(inWindow, { timeout: 30_000 }).not.toBe(ivAccessForPatient);
    // Back in the pane; the window closes.
    const closed = popup.waitForEvent('close', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Patient view back here' }).click();
    await closed;
    await patient.locator('.patient h1').first().waitFor();
    log('patient view followed the run in a second window and came back');
    await card.tick('supineArmsUp', 'centred');
    await card.next();
    await card.waitForStep('breathHold');
    await card.tick('breathHoldPractised');
    await card.next();
    await card.waitForStep('injection');
    await card.choose('contrastAgent', 'Iohexol');
    await card.fill('contrastVolumeMl', '90');
    await card.fill('contrastLot', 'DEMO-LOT-1');
    await card.tick('airPurged', 'injectionDone');
    await card.next();
    await card.waitForStep('scan');
    const timer = staff.locator('[data-timer="contrastObservation"]');
    await timer.waitFor({ timeout: 30_000 });
    const t0 = Date.now();
    const shown0 = await timerSeconds(staff, 'contrastObservation');
    // Let at least 6 s of wall time pass, waiting on the screen (the countdown must have moved a minute).
    await expect
      .poll(() => timerSeconds(staff, 'contrastObservation'), { timeout: 60_000, interval: 500 })
      .toBeLessThan(shown0 - 60);
    const shown1 = await timerSeconds(staff, 'contrastObservation');
    const wall = (Date.now() - t0) / 1000;
    const ratio = (shown0 - shown1) / wall;
    log(
      `observation countdown: ${shown0 - shown1} s shown in ${wall.toFixed(1)} s of wall time (${ratio.toFixed(1)}×)`,
    );
    expect(ratio).toBeGreaterThan(7);
    expect(ratio).toBeLessThan(13);

    // What the demo wrote: its own database only.
    const demo = await storedIds(page, 'scancard-demo');
    expect(demo.runs).toEqual([demoRun]);
    demoEvents = demo.events.map((e) => e.id);
    expect(demoEvents.length).toBeGreaterThan(20);
    const clinical = await storedIds(page, 'scancard');
    expect(clinical.runs).toEqual([realRun]);
    expect(clinical.events.some((e) => demoEvents.includes(e.id) || e.streamId === demoRun)).toBe(false);

    // The worklist holds the real exam and nothing of the demo.
    await navTo(page, /^Worklist$/);
    await page.getByRole('heading', { name: /worklist/i }).waitFor();
    await page.getByText('P-2044').first().waitFor();
    expect(await page.getByText('Demo Allergy').count()).toBe(0);
    expect(await page.getByText('DEMO-0004').count()).toBe(0);

    // The server: the real exam arrived, nothing of the demo did.
    await synced(page);
    await expect
      .poll(async () => (await serverEvents()).some((e) => e.streamId === realRun), { timeout: 60_000 })
      .toBe(true);
    const onServer = await serverEvents();
    expect(onServer.filter((e) => demoEvents.includes(e.id))).toEqual([]);
    expect(onServer.filter((e) => e.streamId === demoRun)).toEqual([]);
    log(`server holds ${onServer.length} events, none of the ${demoEvents.length} demo events`);
  }, 300_000);

  it('wipes the demo in one tap; the real exam stays', async () => {
    await navTo(page, /^Demo$/);
    await page.locator(`[data-present="${demoRun}"]`).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Wipe all demo runs' }).click();
    await page.getByText('No demo runs yet.').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await storedIds(page, 'scancard-demo')).runs, { timeout: 30_000 }).toEqual([]);
    expect((await storedIds(page, 'scancard-demo')).events).toEqual([]);
    const clinical = await storedIds(page, 'scancard');
    expect(clinical.runs).toEqual([realRun]);
    expect(clinical.events.some((e) => demoEvents.includes(e.id))).toBe(false);
    expect((await serverEvents()).some((e) => demoEvents.includes(e.id) || e.streamId === demoRun)).toBe(false);
  }, 120_000);
  let attemptId = '';

  it('a technologist works a scored practice run: score and per-step review; the attempt reaches the server', async () => {
    await switchUser(page, TECH);
    const tech = await userId(TECH);
    await navTo(page, /^Demo$/);
    await page.getByRole('link', { name: 'Scored practice' }).click();
    const scenario = page.locator('[data-scenario="chest-ct-unsure-pregnancy"]');
    await scenario.getByRole('button', { name: 'Start practice' }).click();
    await page.waitForURL(/\/demo\/run\/[^/]+$/, { timeout: 30_000 });
    const practiceRun = /\/demo\/run\/([^/?#]+)/.exec(page.url())![1]!;
    await page.locator('[data-practice-bar]').waitFor();
    const card = stepCard(page.locator('main'));
    await card.waitForStep('identity');
    await card.tick('twoIdentifiers', 'requestMatches');
    await card.next();
    await card.waitForStep('screening');
    // The trap: she is not sure, the trainee answers "No" and walks past the radiologist.
    await card.choose('pregnancy', 'No');
    await card.next();
    await card.waitForStep('preparation');
    await card.tick('metalRemoved', 'procedureExplained');
    await card.next();
    await card.waitForStep('positioning');
    log('practice worked up to positioning');

    await page.getByRole('link', { name: 'Finish and see the score' }).click();
    const result = page.locator('[data-practice-result]');
    await result.waitFor({ timeout: 30_000 });
    const score = Number(await result.locator('[data-score]').getAttribute('data-score'));
    expect(score).toBeLessThan(80);
    await result.getByText(`Not passed: ${score} of 100 (pass mark 80)`).waitFor();
    const review = await result
      .locator('[data-review-step]')
      .evaluateAll((rows) =>
        rows.map((r) => `${(r as HTMLElement).dataset.reviewStep}:${(r as HTMLElement).dataset.verdict}`),
      );
    expect(review.slice(0, 2)).toEqual(['identity:ok', 'screening:error']);
    await result.getByText('Could the patient be pregnant? — expected “Unsure”, answered “No”').waitFor();
    log(`practice scored ${score}; review ${review.join(' ')}`);

    // The attempt is a real training record: clinical database, synced, in the trainee's stream.
    await synced(page);
    await expect
      .poll(async () => (await serverEvents()).filter((e) => e.type === 'training.attempt'), { timeout: 60_000 })
      .toHaveLength(1);
    const attempt = (await serverEvents()).find((e) => e.type === 'training.attempt')!;
    expect(attempt.streamId).toBe(`training:${tech}`);
    // Training records carry no patient data and travel in clear: the score is the one shown.
    const payload = attempt.payload as { score: number; passed: boolean; attemptId: string; scenarioId: string };
    expect(payload).toMatchObject({ score, passed: false, scenarioId: 'chest-ct-unsure-pregnancy' });
    attemptId = payload.attemptId;
    // The practice run itself stayed in the demo database.
    expect((await storedIds(page, 'scancard-demo')).runs).toEqual([practiceRun]);
    expect((await storedIds(page, 'scancard')).runs).toEqual([realRun]);
    expect((await serverEvents()).some((e) => e.streamId === practiceRun)).toBe(false);
  }, 300_000);

  it('warns the technologist who is not signed off on a card, and records the warning', async () => {
    await navTo(page, /^Worklist$/);
    await page.getByRole('link', { name: /New exam/ }).click();
    await chooseCard('Chest CT (non-contrast)');
    await page.locator('[data-competency-warning]').getByText('You are not signed off on this card.').waitFor();
    // Warned, not blocked (the default): the start goes ahead and the warning is audited.
    await page.getByLabel('Patient ID *').fill('P-3001');
    await page.getByLabel('Age (years)').fill('61');
    await page.getByRole('radio', { name: 'Routine', exact: true }).check();
    await page.getByRole('radio', { name: 'CT 1', exact: true }).check();
    await page.getByRole('button', { name: /^Start/ }).click();
    await page.locator('#step-title').waitFor({ timeout: 30_000 });
    await synced(page);
    await expect.poll(warnedOnServer, { timeout: 60_000 }).toEqual([expect.stringMatching(/^chest-ct@\d+$/)]);
  }, 180_000);

  it("a trainer's sign-off appears in the trainee's record and silences the warning for that card only", async () => {
    const tech = await userId(TECH);
    await switchUser(page, TRAINER);
    await navTo(page, /^Training$/);
    const form = page.locator('form[aria-labelledby="signoff-title"]');
    await form.waitFor({ timeout: 30_000 });
    await form
      .locator(`select[name="trainee"] option[value="${tech}"]`)
      .waitFor({ state: 'attached', timeout: 30_000 });
    await form.locator('select[name="trainee"]').selectOption(tech);
    const chest = await form.locator('select[name="card"] option[value^="chest-ct@"]').getAttribute('value');
    await form.locator('select[name="card"]').selectOption(chest!);
    await form.locator('select[name="method"]').selectOption('simulated');
    await form.getByLabel('Scanner or tablet used').fill('CT 1 console');
    await form.locator(`select[name="practice"] option[value="${attemptId}"]`).waitFor({ state: 'attached' });
    await form.locator('select[name="practice"]').selectOption(attemptId);
    await form.getByRole('button', { name: 'Sign off' }).click();
    await form.getByText('Sign-off recorded; it syncs with the next connection.').waitFor({ timeout: 30_000 });
    await page.locator(`[data-standing="valid"][data-trainee="${tech}"][data-sop="chest-ct"]`).waitFor();
    await synced(page);
    await expect
      .poll(async () => (await serverEvents()).filter((e) => e.type === 'training.signOff').map((e) => e.streamId), {
        timeout: 60_000,
      })
      .toEqual([`training:${tech}`]);
    log('signed off');

    await switchUser(page, TECH);
    await navTo(page, /^Training$/);
    await page.getByRole('heading', { name: 'My sign-offs' }).waitFor({ timeout: 30_000 });
    await page.locator(`[data-standing="valid"][data-trainee="${tech}"][data-sop="chest-ct"]`).waitFor();
    await page.getByText('Tara Trainer', { exact: false }).first().waitFor();

    await navTo(page, /^Worklist$/);
    await page.getByRole('link', { name: /New exam/ }).click();
    await chooseCard('Chest CT (non-contrast)');
    expect(await page.locator('[data-competency-warning]').count()).toBe(0);
    // Another card still warns: the sign-off covers its own card only.
    await chooseCard('Brain MRI');
    await page.locator('[data-competency-warning]').waitFor();
    await chooseCard('Chest CT (non-contrast)');
    await page.locator('[data-competency-warning]').waitFor({ state: 'detached' });
    await page.getByLabel('Patient ID *').fill('P-3002');
    await page.getByLabel('Age (years)').fill('47');
    await page.getByRole('radio', { name: 'Routine', exact: true }).check();
    await page.getByRole('radio', { name: 'CT 1', exact: true }).check();
    await page.getByRole('button', { name: /^Start/ }).click();
    await page.locator('#step-title').waitFor({ timeout: 30_000 });
    await synced(page);
    expect(await warnedOnServer()).toHaveLength(1); // the unwarned start added no warning
  }, 300_000);
});
