// The main QC flow in real Chromium against the real server: a technologist's daily CT QC with
// water +9 HU is at action level, the scanner is flagged on the worklist, starting an exam on it needs
// an override with a reason, and a QA lead on another tablet sees the failure and the override.
// With SCANCARD_SHOTS=<dir> it also saves the quality screens at 1366×1024 and 768×1024.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { addUser, FIRST_ADMIN, newProfile, openApp, startAppServer, type TestUser } from './harness';
import { qualityState } from '../../src/server/quality/quality.model';

const TECH: TestUser = { username: 'tech', displayName: 'Tom Tech', role: 'technologist', secret: '135791' };
const QA: TestUser = { username: 'qa', displayName: 'Quinn QA', role: 'qaLead', secret: 'quality first 2026' };
const REASON = 'Stroke code, CT 2 occupied; physicist informed';

let server: Awaited<ReturnType<typeof startAppServer>>;
const profiles: ReturnType<typeof newProfile>[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startAppServer();
  for (const u of [FIRST_ADMIN, TECH, QA]) await addUser(server.store, u);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  for (const p of profiles) p.remove();
  await server.close();
});

async function tabletAs(user: TestUser): Promise<Page> {
  const profile = newProfile();
  profiles.push(profile);
  const context = await profile.launch({ width: 1366, height: 1024 });
  contexts.push(context);
  return openApp(context, server.url, server.store, user);
}

async function shots(page: Page, name: string) {
  const dir = process.env.SCANCARD_SHOTS;
  if (!dir) return;
  for (const width of [1366, 768]) {
    await page.setViewportSize({ width, height: 1024 });
    await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 1024 });
}

const synced = (page: Page) => page.locator('[data-sync-state="idle"][data-pending="0"]').waitFor({ timeout: 20_000 });

it('QC at action level flags the scanner, an exam on it needs an override, and the QA lead sees both', async () => {
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

  await tech.getByRole('link', { name: /New exam/ }).click();
  await tech.getByRole('radio', { name: 'Chest CT (non-contrast) (v2)' }).check();
  await tech.getByLabel('Patient ID *').fill('QC-E2E-1');
  await tech.getByLabel('Age (years)').fill('71');
  await tech.getByRole('radio', { name: 'CT 1', exact: true }).check();
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
  expect(await qa.locator('[data-override]').textContent()).toContain(`Tom Tech: “${REASON}”`);
  await shots(qa, 'quality-review');
  await qa.getByRole('button', { name: 'Service log' }).click();
  await qa.getByRole('heading', { name: 'Record service' }).waitFor();
  await shots(qa, 'quality-service');
});
