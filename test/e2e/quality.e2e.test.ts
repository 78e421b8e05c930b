// The main QC flow in real Chromium against the real server: a technologist's daily CT QC with
// water +9 HU is at action level, the scanner is flagged on the worklist, starting an exam on it needs
// an override with a reason, and a QA lead on another tablet sees the failure and the override.
// With SCANCARD_SHOTS=<dir> it also saves the quality screens at 1366×1024 and 768×1024.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addUser, FIRST_ADMIN, shotsIfAsked as shots, startAppServer, tablets, type TestUser } from './harness';
import { scancard } from './scancard.page';
import { qualityState } from '../../src/server/quality/quality.model';

const TECH: TestUser = { username: 'tech', displayName: 'Tom Tech', role: 'technologist', secret: '135791' };
const QA: TestUser = { username: 'qa', displayName: 'Quinn QA', role: 'qaLead', secret: 'quality first 2026' };
const REASON = 'Stroke code, CT 2 occupied; physicist informed';

let server: Awaited<ReturnType<typeof startAppServer>>;
let pool: ReturnType<typeof tablets>;

beforeAll(async () => {
  server = await startAppServer();
  pool = tablets(server);
  for (const u of [FIRST_ADMIN, TECH, QA]) await addUser(server.store, u);
});
afterAll(async () => {
  await pool.close();
  await server.close();
});

const tabletAs = (user: TestUser) => pool.as(user);
const synced = (page: Page) => scancard(page).synced();
// Each test signs in on two fresh Chromium tablets: 50–80 s on a loaded machine, once over the 90 s default.

/** Contrast of each text in a chosen option against the option's own background (WCAG 2 ratio). */
async function chosenOptionContrast(group: ReturnType<Page['locator']>): Promise<Record<string, number>> {
  return group.evaluate((el) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = (c: string) => {
      const [r, g, b] = rgb(c).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const option = el.querySelector('input:checked + span')!;
    const bg = lum(getComputedStyle(option).backgroundColor);
    const out: Record<string, number> = {};
    for (const text of [option, ...Array.from(option.querySelectorAll('*'))]) {
      const fg = lum(getComputedStyle(text).color);
      out[text.tagName.toLowerCase()] = Math.round(((Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)) * 10) / 10;
    }
    return out;
  });
}

it(
  'QC at action level flags the scanner, an exam on it needs an override, and the QA lead sees both',
  { timeout: 180_000 },
  async () => {
    const tech = await tabletAs(TECH);
    await tech.getByRole('link', { name: 'Quality' }).click();
    await tech.getByRole('button', { name: 'Record QC' }).click();
    await tech.getByLabel('Scanner').selectOption({ label: 'CT 1' });
    await tech.getByLabel('Water CT number (HU)').fill('9');
    await tech.getByLabel('Noise (SD) (HU)').fill('5.1');
    await tech.getByRole('radiogroup', { name: 'No visible artefacts' }).getByLabel('Pass').check();
    await tech.getByRole('radiogroup', { name: 'Vendor daily QC passed' }).getByLabel('Pass').check();
    await tech.getByRole('button', { name: 'Save QC result' }).click();
    await tech.getByText('QC result saved: Action').waitFor();
    await tech.getByRole('button', { name: 'Service log' }).click();
    await tech.getByLabel('Scanner').selectOption({ label: 'MRI 1' });
    await tech.getByRole('radio', { name: 'Repair' }).check();
    await tech.getByLabel(/^What was wrong/).fill('Gradient coil cooling alarm, scan aborted twice');
    await tech.getByLabel(/^Work done/).fill('Chiller flow sensor replaced, coolant topped up, vendor QC run');
    await tech.getByLabel(/^Done by/).fill('Vendor field engineer (M. Okafor)');
    await tech.getByLabel(/^Parts replaced/).fill('Flow sensor 7734-220');
    await tech.getByLabel(/^Downtime start/).fill('2026-11-30T07:30');
    await tech.getByRole('button', { name: 'Save service entry' }).click();
    await tech.getByText('Service entry saved.').waitFor();

    await tech.getByRole('link', { name: 'Worklist' }).click();
    const ct1 = tech.locator('[data-qc="ct-1"]');
    await ct1.locator('[data-flag="lastQcAction"]').waitFor();
    expect(await ct1.locator('[data-due]').textContent()).toBe('CT daily QC: done');

    await scancard(tech).fillNewExam({
      card: 'Chest CT (non-contrast) (v2)',
      patientId: 'QC-E2E-1',
      age: '71',
      priority: 'Routine',
      scanner: 'CT 1',
    });
    await tech.getByRole('button', { name: /^Start/ }).click();
    const dialog = tech.getByRole('dialog', { name: 'Start on flagged scanner CT 1?' });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Start with override' }).isDisabled()).toBe(true);
    await dialog.getByRole('textbox').fill(REASON);
    await dialog.getByRole('button', { name: 'Start with override' }).click();
    await tech.locator('#step-title').waitFor();
    await synced(tech);

    // The server's read model holds the action result, the flag and the override with its reason.
    const state = await qualityState(server.store);
    expect(state.results.map((r) => r.outcome)).toEqual(['action']);
    expect(state.overrides.map((o) => [o.scannerId, o.flags, o.reason])).toEqual([['ct-1', ['lastQcAction'], REASON]]);

    const qa = await tabletAs(QA);
    await qa.getByRole('link', { name: /Sync:/ }).click();
    await qa.getByRole('button', { name: 'Sync now' }).click();
    await qa.getByRole('link', { name: 'Quality' }).click();
    await qa.locator('tr[data-scanner="ct-1"][data-flagged="true"]').waitFor({ timeout: 20_000 });
    await shots(qa, 'quality-status');
    await qa.getByRole('button', { name: 'Review queue (1)' }).click();
    const queued = qa.locator('[data-result]');
    await queued.waitFor();
    expect(await queued.textContent()).toContain('CT 1 · CT daily QC · Action');
    expect(await queued.textContent()).toContain('Water CT number: 9 HU (Action, ref 0');
    // Names come from the staff directory, fetched after the list is drawn: wait for the name, not the id.
    await expect.poll(() => qa.locator('[data-override]').textContent()).toContain(`Tom Tech: “${REASON}”`);
    await shots(qa, 'quality-review');
    await qa.getByRole('button', { name: 'Service log' }).click();
    await qa.getByRole('heading', { name: 'Record service' }).waitFor();
    await shots(qa, 'quality-service');
  },
);

it(
  'a contrast reaction reported from the observation step reaches the server and a QA lead closes it',
  { timeout: 180_000 },
  async () => {
    const tech = await tabletAs(TECH);
    const app = scancard(tech);
    await app.newExam({
      card: /Abdomen CT with contrast/,
      patientId: 'AE-E2E-7',
      age: '72',
      sex: 'Male',
      priority: 'Routine',
      scanner: 'CT 2',
    });
    await app.waitForStep('identity');
    await app.tick(/Two identifiers/);
    await app.tick(/Exam request matches/);
    await app.next();
    await app.waitForStep('screening');
    for (const q of [/Previous reaction/, /Asthma/, /Allergy that needed/, /Kidney disease/, /High blood pressure/])
      await app.choose(q, 'No');
    await app.choose(/Diabetes/, 'No');
    await app.choose(/metformin/, 'No');
    await app.next();
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
    await app.waitForStep('observation');

    // Eight minutes after the injection: hives and wheeze. Reported from the observation step, prefilled.
    await tech.getByRole('link', { name: /Report an adverse event/ }).click();
    const form = tech.getByRole('form', { name: 'Report an adverse event' });
    await form.waitFor();
    await form.getByRole('radio', { name: /^Contrast reaction/ }).check();
    expect(await form.getByLabel('Contrast agent').inputValue()).not.toBe('');
    await form.getByRole('radio', { name: /^Allergic-like/ }).check();
    const severity = form.getByRole('group', { name: 'Severity (ACR)' });
    await severity.getByRole('radio', { name: /^Moderate/ }).check();
    // The chosen severity (white on blue) and its examples stay readable: at least 4.5:1 (the examples
    // once kept their grey, 1.1:1 on the blue).
    const contrast = await chosenOptionContrast(severity);
    expect(Object.keys(contrast)).toEqual(['span', 'small']);
    for (const ratio of Object.values(contrast)) expect(ratio).toBeGreaterThanOrEqual(4.5);
    await form.getByRole('radio', { name: /^Incident with harm/ }).check();
    await form.getByRole('radio', { name: /^Mild harm/ }).check();
    await form
      .getByLabel('What happened', { exact: true })
      .fill('Diffuse urticaria and mild wheeze 8 min after iohexol 90 ml');
    await form
      .getByLabel('Actions taken', { exact: true })
      .fill('Radiologist called; salbutamol inhaled, observed 60 min, vitals stable');
    await form.getByRole('button', { name: 'Save report' }).click();
    await tech.getByText(/^Report saved/).waitFor();
    await synced(tech);
    const reported = await qualityState(server.store);
    expect(reported.adverse.map((c) => [c.status, c.current.kind, c.current.contrast?.severity])).toEqual([
      ['reported', 'contrastReaction', 'moderate'],
    ]);

    const qa = await tabletAs(QA);
    await qa.getByRole('link', { name: /Sync:/ }).click();
    await qa.getByRole('button', { name: 'Sync now' }).click();
    await qa.getByRole('link', { name: 'Quality' }).click();
    await qa.getByRole('button', { name: 'Adverse events' }).click();
    const item = qa.locator('li[data-report]');
    await item.waitFor({ timeout: 20_000 });
    await expect.poll(() => item.locator('[data-reported-by]').textContent()).toContain('by Tom Tech');
    await item.getByRole('button', { name: 'Start review' }).click();
    await qa.locator('li[data-report][data-status="underReview"]').waitFor();
    await item.locator('summary').click();
    await item.getByLabel(/^Outcome/).fill('Symptoms resolved after 40 min; discharged; allergy entered in the EMR');
    await item.getByLabel(/^Why \(note\)/).fill('Outcome known at discharge');
    await item.getByRole('button', { name: 'Save amendment' }).click();
    await item.getByText(/^Amended .* by Quinn QA: Outcome known at discharge$/).waitFor();
    await item.getByRole('textbox', { name: 'Review note' }).fill('Premedication advised for future contrast');
    await item.getByRole('button', { name: 'Close report' }).click();
    await qa.locator('li[data-report][data-status="closed"]').waitFor();
    expect(await item.textContent()).toMatch(/· Quinn QA: Under review/);
    expect(await item.textContent()).toMatch(/· Quinn QA: Closed \(Premedication advised for future contrast\)/);
    await shots(qa, 'quality-adverse');
    await synced(qa);

    // The server holds the whole path, the amendment with who and when, and the report as first filed.
    const closed = (await qualityState(server.store)).adverse[0]!;
    expect(closed.history.map((h) => h.status)).toEqual(['underReview', 'closed']);
    expect(closed.amendments.map((a) => a.note)).toEqual(['Outcome known at discharge']);
    expect(closed.amendments[0]!.user).toBe(closed.history[1]!.user);
    expect(closed.amendments[0]!.user).not.toBe(closed.reportedBy);
    expect(closed.original.outcome).toBeUndefined();
    expect(closed.current.outcome).toContain('discharged');
  },
);
