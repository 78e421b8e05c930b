// Issue 11 item 7 and issue 17 usability 3: at the console (1366×1024) and in portrait (768×1024),
// "Turn to patient", "Cancel exam" and Lock stay in view without scrolling, also at the foot of a long
// step: the app header and the run header are sticky. Real layout needs real Chromium.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { newProfile, openApp, startAppServer } from './harness';
import { scancard } from './scancard.page';

let server: Awaited<ReturnType<typeof startAppServer>>;
let profile: ReturnType<typeof newProfile> | undefined;
let context: BrowserContext | undefined;

beforeAll(async () => {
  server = await startAppServer();
});
afterAll(() => server.close());
afterEach(async () => {
  await context?.close();
  context = undefined;
  profile?.remove();
});

/** Wholly inside the viewport and not covered by anything else (the element itself gets the click). */
async function inView(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const size = page.viewportSize()!;
  if (!box || box.y < 0 || box.x < 0 || box.y + box.height > size.height || box.x + box.width > size.width)
    return false;
  return target.evaluate((el, p) => el.contains(document.elementFromPoint(p.x, p.y)), {
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
  });
}

describe.each([
  { name: 'landscape', width: 1366, height: 1024 },
  { name: 'portrait', width: 768, height: 1024 },
])('the run screen in $name ($width×$height)', (viewport) => {
  it('keeps Turn to patient, Cancel exam and Lock in view, at the top and at the foot of a long step', async () => {
    profile = newProfile();
    context = await profile.launch({ width: viewport.width, height: viewport.height });
    const page = await openApp(context, server.url, server.store);
    const app = scancard(page);
    await app.newExam({
      card: 'Chest CT (non-contrast) (v2)',
      scanner: 'CT 1',
      age: '54',
      patientId: 'L-1',
      priority: 'Routine',
    });
    const header = page.locator('[data-run-header]');
    const targets = [
      header.getByRole('button', { name: /Turn to patient/ }),
      header.getByRole('button', { name: 'Cancel exam' }),
      page.getByRole('button', { name: /^Lock/ }),
    ];
    for (const t of targets) expect(await inView(page, t), String(await t.textContent())).toBe(true);

    // A step longer than the screen (a card may carry long instructions): scroll to its foot.
    await page.locator('section[data-step]').evaluate((step) => {
      const tall = document.createElement('div');
      tall.style.height = '3000px';
      step.append(tall);
    });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction(() => window.scrollY > 1000);
    for (const t of targets) expect(await inView(page, t), `${await t.textContent()} after scrolling`).toBe(true);
  }, 60_000);
});
