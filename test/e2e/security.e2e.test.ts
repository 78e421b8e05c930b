// Security on a shared tablet, in real Chromium: idle lock hides every patient detail and unlocks
// back to the same step; the patient view needs a staff PIN to leave; IndexedDB holds no patient
// identifier in clear; a technologist cannot reach reports, a QA lead can.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { addUser, enterSecret, FIRST_ADMIN, newProfile, openApp, startAppServer, type TestUser } from './harness';
import { navTo, scancard, turnToPatient } from './scancard.page';

const TECH: TestUser = { username: 'tech', displayName: 'Tom Tech', role: 'technologist', secret: '135791' };
const QA: TestUser = { username: 'qa', displayName: 'Quinn QA', role: 'qaLead', secret: 'quality first 2026' };
const PID = 'SECRET-PID-8842';
const NAME = 'Zhao Secretname';

let server: Awaited<ReturnType<typeof startAppServer>>;
const profiles: ReturnType<typeof newProfile>[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startAppServer({ idleLockMs: 5000 });
  await addUser(server.store, FIRST_ADMIN);
  await addUser(server.store, TECH);
  await addUser(server.store, QA);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  for (const p of profiles) p.remove();
  await server.close();
});

async function tabletAs(user: TestUser): Promise<Page> {
  const profile = newProfile();
  profiles.push(profile);
  const context = await profile.launch();
  contexts.push(context);
  return openApp(context, server.url, server.store, user);
}

describe('shared-tablet security', () => {
  it('locks when idle, shows no patient detail, and unlocks back to the same step', async () => {
    const page = await tabletAs(TECH);
    const app = scancard(page);
    await app.page.getByRole('link', { name: /New exam/ }).click();
    await page.getByRole('radio', { name: 'Chest CT (non-contrast) (v2)' }).check();
    await page.getByLabel('Patient ID *').fill(PID);
    await page.getByLabel('Name').fill(NAME);
    await page.getByLabel('Age (years)').fill('52');
    await page.getByRole('radio', { name: 'CT 1', exact: true }).check();
    await page.getByRole('button', { name: /^Start/ }).click();
    await app.tick(/Two identifiers/);
    await app.tick(/Exam request matches/);
    await app.next();
    await app.waitForStep('screening');
    await expect(page.content()).resolves.toContain(PID);

    await page.locator('[data-locked]').waitFor({ timeout: 20_000 }); // idle for 5 s (site setting)
    const locked = await page.content();
    expect(locked).not.toContain(PID);
    expect(locked).not.toContain(NAME);
    expect(await page.title()).not.toContain(PID);
    await enterSecret(page, '000000');
    await page.getByText('Wrong PIN or password.').waitFor();
    await enterSecret(page, TECH.secret);
    await app.waitForStep('screening');

    // Turned to the patient and back: leaving the patient view needs the staff PIN.
    await turnToPatient(page);
    await page.locator('.patient h1').waitFor();
    const exit = page.locator('.hold-exit');
    await exit.hover();
    await page.mouse.down();
    await page.waitForTimeout(2300);
    await page.mouse.up();
    await page.locator('[data-locked]').waitFor();
    await enterSecret(page, TECH.secret);
    await app.waitForStep('screening');

    // At rest: nothing of the patient in clear anywhere in this origin's IndexedDB.
    const dump = await page.evaluate(async () => {
      const out: string[] = [];
      for (const info of await indexedDB.databases()) {
        const db = await new Promise<IDBDatabase>((ok, no) => {
          const r = indexedDB.open(info.name!);
          r.onsuccess = () => ok(r.result);
          r.onerror = () => no(r.error);
        });
        for (const store of Array.from(db.objectStoreNames)) {
          const all = await new Promise<unknown[]>((ok) => {
            const r = db.transaction(store).objectStore(store).getAll();
            r.onsuccess = () => ok(r.result as unknown[]);
          });
          out.push(JSON.stringify(all));
        }
        db.close();
      }
      return out.join('\n');
    });
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).toContain('screening'); // the clear summary is there…
    expect(dump).not.toContain(PID); // …the patient is not
    expect(dump).not.toContain(NAME);
  });

  it('a technologist cannot reach reports; a QA lead can read the audit trail', async () => {
    const tech = await tabletAs(TECH);
    await tech.getByRole('button', { name: 'More' }).click(); // the header is drawn and its list open
    await expect(tech.getByRole('link', { name: 'Reports' }).count()).resolves.toBe(0);
    await tech.evaluate(() => {
      history.pushState(null, '', '/reports');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await tech.locator('[data-forbidden]').waitFor();

    const qa = await tabletAs(QA);
    await navTo(qa, 'Reports');
    await qa.getByRole('button', { name: 'Show' }).click();
    const table = qa.locator('table.record');
    await table.waitFor({ timeout: 15_000 });
    await expect(table.textContent()).resolves.toMatch(/Signed in/); // actions in words, not "login";
  });
});
