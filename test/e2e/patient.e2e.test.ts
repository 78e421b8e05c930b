// The tablet turned to the patient, in real Chromium: right-to-left Arabic from the Arabic
// resources; languages used before still load with the network cut; a language never opened on
// this tablet says so instead of showing blank text; axe finds no violations in any language.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { newProfile, openApp, signIn, startAppServer, waitForOfflineReady } from './harness';
import { scancard, turnToPatient } from './scancard.page';

const registry = JSON.parse(readFileSync('locales/languages.json', 'utf8')) as {
  languages: { code: string; name: string; dir: string }[];
};
const texts = (code: string) =>
  JSON.parse(readFileSync(`locales/${code}/patient.json`, 'utf8')) as Record<string, string>;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: Awaited<ReturnType<typeof startAppServer>>;
let profile: ReturnType<typeof newProfile>;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startAppServer();
  profile = newProfile();
  context = await profile.launch();
  page = await openApp(context, server.url, server.store);
  await waitForOfflineReady(page);
  await scancard(page).newExam({
    patientId: 'PV-001',
    card: 'Chest CT (non-contrast) (v2)',
    priority: 'Routine',
    scanner: 'CT 1',
    age: '48',
  });
  await turnToPatient(page);
  await page.locator('.patient h1').waitFor();
});
afterAll(async () => {
  await context.close();
  profile.remove();
  await server.close();
});

const chip = (name: string) => page.locator('.patient-languages button', { hasText: name });
async function choose(code: string) {
  await chip(registry.languages.find((l) => l.code === code)!.name).click();
}
const heading = () => page.locator('.patient h1').textContent();

describe('patient view', () => {
  it('shows Arabic right to left, from the Arabic resources, and nothing of the record', async () => {
    await choose('ar');
    await page.locator('.patient[data-lang="ar"]').waitFor();
    await expect(page.locator('.patient').getAttribute('dir')).resolves.toBe('rtl');
    await expect(heading()).resolves.toBe(texts('ar')['topic.identity.title']);
    await expect(page.locator('.patient').textContent()).resolves.not.toContain('PV-001');
    const box = await page.locator('.pictogram').boundingBox();
    expect(box!.x).toBeGreaterThan(500); // the picture sits on the right in a right-to-left layout
  });

  it('Tibetan is drawn with the shipped font (Chromium here has none: it would show empty boxes), and <html lang> follows', async () => {
    await choose('bo');
    await page.locator('.patient[data-lang="bo"]').waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('bo');
    await expect
      .poll(() =>
        page.evaluate(async () => {
          await document.fonts.ready;
          let loaded = false;
          document.fonts.forEach(
            (f) => void (loaded ||= f.family.includes('Noto Serif Tibetan') && f.status === 'loaded'),
          );
          return loaded;
        }),
      )
      .toBe(true);
    await expect(page.locator('.patient h1').evaluate((h) => getComputedStyle(h).fontFamily)).resolves.toContain(
      'Noto Serif Tibetan',
    );
  });

  it('with the network cut, a language used before loads from cache and a new one says it is not available', async () => {
    await choose('ru');
    await expect.poll(heading).toBe(texts('ru')['topic.identity.title']);
    await choose('en');
    await expect.poll(heading).toBe(texts('en')['topic.identity.title']);
    await context.setOffline(true);
    await choose('ru'); // loaded once before: cached by the service worker
    await expect.poll(heading).toBe(texts('ru')['topic.identity.title']);
    await page.reload(); // even after a reload offline: ru comes from the cache, not from memory
    await signIn(page);
    await page.locator('.patient h1').waitFor();
    await choose('ru');
    await expect.poll(heading).toBe(texts('ru')['topic.identity.title']);
    await choose('ja'); // never opened on this tablet
    const banner = page.locator('[data-unavailable="ja"]');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(/not available offline/);
    await expect(heading()).resolves.toBe(texts('ru')['topic.identity.title']); // never blank
    await context.setOffline(false);
  });

  it('has no axe violations in any language', async () => {
    const report: string[] = [];
    for (const { code } of registry.languages) {
      await choose(code);
      await page.locator(`.patient[data-lang="${code}"]`).waitFor({ timeout: 10_000 });
      await expect.poll(heading).toBe(texts(code)['topic.identity.title']);
      // The app's CSP blocks inline scripts (good); evaluate() goes through DevTools, not the page.
      if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as {
            axe: { run(el: Element): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
          }
        ).axe.run(document.querySelector('.patient')!);
        return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
      });
      if (violations.length) report.push(`${code}: ${violations.join(', ')}`);
    }
    expect(report).toEqual([]);
  });
});
