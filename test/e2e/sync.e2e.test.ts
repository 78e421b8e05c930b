// Two tablets (two Chromium profiles) and the real server process: one records a run while
// offline, comes back online, and the other sees the run at the same step.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { newProfile, openApp, startServerProcess } from './harness';
import { scancard } from './scancard.page';

const ADMIN = 'e2e-admin-token-0123456789';
let server: Awaited<ReturnType<typeof startServerProcess>>;
const profiles: ReturnType<typeof newProfile>[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServerProcess({ SCANCARD_ADMIN_TOKEN: ADMIN });
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  for (const p of profiles) p.remove();
  await server.stop();
});

async function code(label: string): Promise<string> {
  const res = await fetch(`${server.url}/api/admin/enrollment-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label }),
  });
  return ((await res.json()) as { code: string }).code;
}

async function tablet(label: string): Promise<Page> {
  const profile = newProfile();
  profiles.push(profile);
  const context = await profile.launch();
  contexts.push(context);
  // The first tablet creates the department's first administrator; the second signs in as them.
  const page = await openApp(context, server.url, () => code(label));
  await page.locator('[data-sync-state="idle"][data-pending="0"]').waitFor();
  return page;
}

it('a run recorded offline on one tablet appears on the other once it is back online', async () => {
  const a = await tablet('CT 1 console');
  const b = await tablet('CT 2 console');

  await contexts[0]!.setOffline(true);
  const app = scancard(a);
  await app.newExam({
    patientId: 'SYNC-E2E-1',
    card: 'Chest CT (non-contrast) (v2)',
    priority: 'Urgent',
    scanner: 'CT 1',
    age: '66',
  });
  await app.tick(/Two identifiers/);
  await app.tick(/Exam request matches/);
  await app.next();
  await app.waitForStep('screening');
  const badge = a.locator('.sync-badge');
  // Four run events (created, two answers, next) plus the audit entries of opening the run.
  await expect
    .poll(async () => Number(/Offline · (\d+) to send/.exec((await badge.textContent()) ?? '')?.[1] ?? 0), {
      timeout: 15_000,
    })
    .toBeGreaterThanOrEqual(4);

  await contexts[0]!.setOffline(false);
  await a.locator('[data-sync-state="idle"][data-pending="0"]').waitFor({ timeout: 20_000 });

  await b.getByRole('link', { name: /Sync:/ }).click();
  await b.getByRole('button', { name: 'Sync now' }).click();
  await b.getByRole('link', { name: 'Worklist' }).click();
  const item = b.locator('.worklist-item', { hasText: 'SYNC-E2E-1' });
  await item.waitFor({ timeout: 15_000 });
  await expect(item.textContent()).resolves.toContain('Safety screening');
  await item.click();
  await b.locator('section[data-step="screening"]').waitFor();
  expect(server.output()).not.toContain('SYNC-E2E-1'); // no patient identifier in the server's log
});
