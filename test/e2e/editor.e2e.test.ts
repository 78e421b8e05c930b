// The card editor's main flow in real Chromium against the real server: an admin adds a step to
// chest CT (with its texts), is refused as approver of their own draft, submits it; a QA lead on
// another tablet sees a diff with exactly the added step (and the step now leading to it), approves,
// and that tablet offers version 3 for new exams after its next sync.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { addUser, FIRST_ADMIN, newProfile, openApp, startAppServer, type TestUser } from './harness';
import { navTo } from './scancard.page';

const QA: TestUser = { username: 'qa', displayName: 'Quinn QA', role: 'qaLead', secret: 'quality first 2026' };

let server: Awaited<ReturnType<typeof startAppServer>>;
const profiles: ReturnType<typeof newProfile>[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startAppServer();
  for (const u of [FIRST_ADMIN, QA]) await addUser(server.store, u);
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

// Two tablets on a machine shared by several builds: allow for a slow Chromium.
it(
  'an admin adds a step to chest CT, a second person approves it, and new exams get version 3',
  { timeout: 240_000 },
  async () => {
    const admin = await tabletAs(FIRST_ADMIN);
    await navTo(admin, 'Card editor');
    await admin.locator('[data-card="chest-ct"]').getByRole('link', { name: 'Edit' }).click();
    await admin.getByRole('heading', { name: 'Edit card chest-ct' }).waitFor();
    await admin.getByRole('button', { name: 'Add a step after preparation' }).click();
    const added = admin.locator('[data-step^="step"]').first();
    const id = (await added.getAttribute('data-step'))!;
    await added.getByRole('button', { name: 'Add item' }).click();
    await added.getByRole('checkbox', { name: 'Required' }).check();
    const english = admin.locator(`[data-text-key^="chest-ct.${id}."] td[lang="en"] input`);
    await english.nth(0).fill('IV line check');
    await english.nth(1).fill('IV line flushes freely');
    await admin.locator('[data-valid="true"]').waitFor();
    await admin.getByLabel('Change note (what changed and why)').fill('Adds an IV line check before positioning');
    await admin.getByRole('button', { name: 'Submit for approval' }).click();
    await admin.getByRole('link', { name: 'Open the review' }).click();
    await admin.locator('[data-own-draft]').waitFor();
    expect(await admin.getByRole('button', { name: 'Approve and publish' }).isDisabled()).toBe(true);

    const qa = await tabletAs(QA);
    await navTo(qa, 'Card editor');
    await qa.locator('[data-card="chest-ct"]').getByRole('link', { name: 'Review and approve' }).click();
    await qa.locator('[data-diff-step]').first().waitFor();
    const rows = await qa
      .locator('[data-diff-step]')
      .evaluateAll((els) =>
        els.map((e) => `${(e as HTMLElement).dataset.change} ${(e as HTMLElement).dataset.diffStep}`),
      );
    expect(rows).toEqual(['changed preparation', `added ${id}`]);
    await qa.getByRole('button', { name: 'Approve and publish' }).click();
    await qa.getByText('Published as version 3').waitFor();

    // The QA lead's tablet gets version 3 on its next sync (a reload syncs) and offers it for new exams.
    await qa.goto(server.url);
    await qa
      .getByRole('heading', { name: 'Locked' })
      .or(qa.getByRole('heading', { name: /worklist/i }))
      .first()
      .waitFor();
    if (await qa.getByRole('heading', { name: 'Locked' }).isVisible()) {
      await qa.locator('.pinpad input').fill(QA.secret);
      await qa.locator('.pinpad').getByRole('button', { name: 'OK' }).click();
    }
    await qa.getByRole('link', { name: /New exam/ }).click();
    await qa.getByRole('radio', { name: 'Chest CT (non-contrast) (v3)' }).waitFor({ timeout: 30_000 });
  },
);
