// Screenshots of the compact header for an administrator (the role with the most links) at 1366, 1024
// and 768 px wide, closed and with "More" open; prints each header's height so a second row shows.
// Run: npm run build && npx tsx test/e2e/header-shots.ts [outDir]
import { join } from 'node:path';
import { enrolWithFirstAdmin, openShotSession } from './shot-session';

const out = process.argv[2] ?? '/tmp/scancard-shots/header';
const { store, url, page, run } = await openShotSession(out);
await run(async () => {
  await enrolWithFirstAdmin(page, store, url);
  for (const width of [1366, 1024, 768]) {
    await page.setViewportSize({ width, height: 700 });
    await page.waitForTimeout(300);
    const height = await page.locator('header.topbar').evaluate((h) => h.getBoundingClientRect().height);
    console.warn(`  header at ${width} px: ${Math.round(height)} px high`);
    await page.screenshot({ path: join(out, `header-${width}.png`), clip: { x: 0, y: 0, width, height: 420 } });
    await page.getByRole('button', { name: 'More' }).click();
    await page.screenshot({ path: join(out, `header-more-${width}.png`), clip: { x: 0, y: 0, width, height: 420 } });
    await page.keyboard.press('Escape');
  }
});
