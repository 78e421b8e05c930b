// Issue 17 bug 3: a tablet that is not yet enrolled must still start offline after its first load
// (the service worker registers on "Connect this tablet", not only after sign-in).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProfile, startAppServer, waitForOfflineReady } from './harness';

let server: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  server = await startAppServer();
});
afterAll(() => server.close());

describe('first start of a tablet that is not enrolled', () => {
  it('registers the service worker on the connect screen, so a reload without network still shows it', async () => {
    const profile = newProfile();
    const context = await profile.launch();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(server.url);
      await page.getByLabel('One-time code').waitFor();
      await waitForOfflineReady(page);
      await context.setOffline(true);
      await page.reload();
      await page.getByLabel('One-time code').waitFor({ timeout: 10_000 });
      await expect(page.getByRole('heading', { name: 'Connect this tablet' }).isVisible()).resolves.toBe(true);
    } finally {
      await context.close();
      profile.remove();
    }
  });
});
