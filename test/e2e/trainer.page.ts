// Page model for trainer mode (issue 14): answering a step's items by id inside one pane (the run
// page, or the presenter view's step card), waiting until each answer is stored, reading the timers,
// and looking into the tablet's two IndexedDB databases (clinical `scancard`, demo `scancard-demo`).
import type { Locator, Page } from 'playwright-core';
import { signIn, type TestUser } from './harness';
import { navTo } from './scancard.page';

/** Answers items of the step shown in `scope`; each call returns once the answer is stored. */
export function stepCard(scope: Locator) {
  const page = scope.page();
  const item = (id: string) => scope.locator(`[data-item="${id}"]`);
  const stored = async (id: string) => {
    await scope.locator(`[data-item="${id}"]:not([data-saving])`).waitFor({ timeout: 30_000 });
  };
  const next = scope.getByRole('button', { name: /^(Next|Complete exam) →$/ });
  return {
    item,
    stepId: () => scope.locator('section[data-step]').getAttribute('data-step'),
    waitForStep: (id: string) => scope.locator(`section[data-step="${id}"]`).waitFor({ timeout: 30_000 }),
    async tick(...ids: string[]) {
      for (const id of ids) {
        await item(id).getByRole('checkbox').check();
        await stored(id);
      }
    },
    /** A yes/no or choice item: the option by its visible label. */
    async choose(id: string, option: string) {
      await item(id).getByRole('radio', { name: option, exact: true }).check();
      await stored(id);
    },
    async fill(id: string, text: string) {
      const input = item(id).locator('input, textarea').first();
      await input.fill(text);
      await input.blur();
      await stored(id);
    },
    /** Next once the card allows it (outside practice, Next is disabled until the step is done). */
    async next() {
      await page.waitForFunction((b) => !(b as HTMLButtonElement).disabled, await next.elementHandle(), {
        timeout: 30_000,
      });
      await next.click();
    },
    nextButton: next,
    back: () => scope.getByRole('button', { name: /Back/ }).click(),
  };
}

/** The countdown shown for a timer, in seconds (formatCountdown: m:ss, negative once over). */
export async function timerSeconds(scope: Locator, timer: string): Promise<number> {
  const text = (await scope.locator(`[data-timer="${timer}"] .clock`).first().textContent()) ?? '';
  const m = /(-?)(\d+):(\d\d)/.exec(text);
  if (!m) throw new Error(`no countdown in "${text}"`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Ids of the runs and events in one of the tablet's IndexedDB databases, read in the page. */
export function storedIds(page: Page, dbName: 'scancard' | 'scancard-demo') {
  return page.evaluate(
    (name) =>
      new Promise<{ exists: boolean; runs: string[]; events: { id: string; streamId: string; type: string }[] }>(
        (resolve, reject) => {
          void indexedDB.databases().then((list) => {
            if (!list.some((d) => d.name === name)) return resolve({ exists: false, runs: [], events: [] });
            const open = indexedDB.open(name);
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction(['runs', 'events'], 'readonly');
              const runs = tx.objectStore('runs').getAllKeys();
              const events = tx.objectStore('events').getAll();
              tx.oncomplete = () => {
                db.close();
                resolve({
                  exists: true,
                  runs: (runs.result as string[]).map(String),
                  events: (events.result as { id: string; streamId: string; type: string }[]).map((e) => ({
                    id: e.id,
                    streamId: e.streamId,
                    type: e.type,
                  })),
                });
              };
              tx.onerror = () => reject(tx.error);
            };
          }, reject);
        },
      ),
    dbName,
  );
}

/** Waits until everything this tablet holds has been pushed and the last round ended. */
export async function synced(page: Page): Promise<void> {
  await page.locator('[data-sync-state="idle"][data-pending="0"]').waitFor({ timeout: 90_000 });
}

/** Signs the current user out (from the sync page) and signs `user` in on the same tablet. */
export async function switchUser(page: Page, user: TestUser): Promise<void> {
  await page.getByRole('link', { name: /Sync:/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, user);
  // Signed in where the last person signed out (the sync page): go to the worklist.
  await page.locator('.lock-button').getByText(user.displayName).waitFor({ timeout: 30_000 });
  await navTo(page, /^Worklist$/);
  await page.getByRole('heading', { name: /worklist/i }).waitFor({ timeout: 30_000 });
}
