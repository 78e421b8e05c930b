// Issue 10 part A in real Chromium against the real server: the tablet's raw IndexedDB holds no
// credential that reads anything; with nobody signed in (its server sign-in ended) a tablet still
// pushes but pulls nothing; a PIN reset on the server stops the old PIN on the tablet; a revoked
// tablet cannot enrol again.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { issueEnrollmentCode } from '../../src/server/auth';
import { hashSecret } from '../../src/server/user-auth';
import { eventFactory } from '../server/fixtures';
import { enrolInStore } from '../setup/enrol-device';
import {
  addUser,
  enterSecret,
  FIRST_ADMIN,
  newProfile,
  openApp,
  signIn,
  startAppServer,
  waitForOfflineReady,
  type TestUser,
} from './harness';
import { scancard } from './scancard.page';

const TECH: TestUser = { username: 'tess', displayName: 'Tess Tech', role: 'technologist', secret: '135791' };
const RESET: TestUser = { username: 'remi', displayName: 'Remi Reset', role: 'trainer', secret: '864209' };
const HOURS = 3600_000;

let shift = 0; // the server's clock runs this far ahead of the tablets'
let server: Awaited<ReturnType<typeof startAppServer>>;
const profiles: ReturnType<typeof newProfile>[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startAppServer({ now: () => Date.now() + shift });
  for (const u of [FIRST_ADMIN, TECH, RESET]) await addUser(server.store, u);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  for (const p of profiles) p.remove();
  await server.close();
});

async function tablet(user: TestUser): Promise<{ page: Page; context: BrowserContext }> {
  const profile = newProfile();
  profiles.push(profile);
  const context = await profile.launch();
  contexts.push(context);
  return { page: await openApp(context, server.url, server.store, user), context };
}

/** Another tablet, straight on the server: pushes a run for a patient of its own. */
async function otherTabletPushes(patientId: string) {
  const { deviceId, token } = await enrolInStore(server.store, Date.now() + shift, 'other', 24 * HOURS);
  const event = eventFactory(deviceId, Date.now() + shift - 60_000).created(randomUUID(), patientId);
  const res = await fetch(`${server.url}/api/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ batchId: randomUUID(), events: [event] }),
  });
  expect(res.status).toBe(200);
  return event.id;
}

/** Every row of every store of this origin's IndexedDB; CryptoKeys described, not serialised. */
function dumpIndexedDb(page: Page) {
  return page.evaluate(async () => {
    const describe = (v: unknown): unknown => {
      if (v instanceof CryptoKey) return { cryptoKey: v.type, extractable: v.extractable, usages: v.usages };
      if (Array.isArray(v)) return v.map(describe);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, describe(x)]));
      return v;
    };
    const rows: unknown[] = [];
    const keys: { type: string; extractable: boolean }[] = [];
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
        for (const row of all) {
          const walk = (v: unknown) => {
            if (v instanceof CryptoKey) keys.push({ type: v.type, extractable: v.extractable });
            else if (v && typeof v === 'object') Object.values(v).forEach(walk);
          };
          walk(row);
          rows.push({ store, row: describe(row) });
        }
      }
      db.close();
    }
    return { json: JSON.stringify(rows), keys };
  });
}

const keyringHas = (page: Page, userId: string) =>
  page.evaluate(
    (id) =>
      new Promise<boolean>((ok, no) => {
        const r = indexedDB.open('scancard');
        r.onerror = () => no(r.error);
        r.onsuccess = () => {
          const get = r.result.transaction('keyring').objectStore('keyring').get(id);
          get.onsuccess = () => ok(get.result !== undefined);
        };
      }),
    userId,
  );

const hasEvent = (page: Page, id: string) =>
  page.evaluate(
    (eventId) =>
      new Promise<boolean>((ok, no) => {
        const r = indexedDB.open('scancard');
        r.onerror = () => no(r.error);
        r.onsuccess = () => {
          const get = r.result.transaction('events').objectStore('events').get(eventId);
          get.onsuccess = () => ok(get.result !== undefined);
        };
      }),
    id,
  );

describe('device identity and reading', () => {
  it('stores no read credential, and with nobody signed in pushes but cannot pull', async () => {
    const { page, context } = await tablet(TECH);
    await page.locator('[data-sync-state="idle"]').waitFor({ timeout: 20_000 });
    const { json, keys } = await dumpIndexedDb(page);
    // The device key: a private CryptoKey that script cannot read out; no token field anywhere.
    expect(keys).toContainEqual({ type: 'private', extractable: false });
    expect(keys.filter((k) => k.extractable && k.type !== 'public')).toEqual([]);
    expect(json).not.toMatch(/"token"\s*:/);
    // Whatever in the dump looks like a secret reads nothing, as a bearer or as a user token.
    const candidates = [...new Set(json.match(/[A-Za-z0-9_+/=-]{20,}/g) ?? [])];
    expect(candidates.length).toBeGreaterThan(2); // salts, IVs, wrapped keys, ids
    for (const c of candidates)
      for (const headers of [{ authorization: `Bearer ${c}` }, { 'x-user-token': c }] as Record<string, string>[]) {
        for (const path of ['/api/sync/pull?after=0', '/api/directory'])
          expect((await fetch(server.url + path, { headers })).status, `${path} with ${c.slice(0, 8)}…`).toBe(401);
      }

    // Nobody signed in on the server any more: 3 hours later its 2-hour sign-in has ended.
    await waitForOfflineReady(page); // the app's files are cached before the network goes
    await context.setOffline(true);
    await scancard(page).newExam({
      patientId: 'MINE-PID-2',
      card: 'Chest CT (non-contrast) (v2)',
      priority: 'Routine',
      scanner: 'CT 1',
      age: '40',
    });
    shift = 3 * HOURS;
    const theirs = await otherTabletPushes('OTHER-PID-3');
    await context.setOffline(false);
    await page.locator('[data-sync-state="signed-out"]').waitFor({ timeout: 20_000 });
    const stored = (await server.store.eventsAfter(0, 10_000)).rows.map((r) => r.body);
    expect(stored.some((b) => b.includes('MINE-PID-2'))).toBe(true); // pushed with the device key alone
    expect(await hasEvent(page, theirs)).toBe(false); // and read nothing
    expect(await page.locator('[data-sync-state="signed-out"]').getAttribute('data-pending')).toBe('0');
    shift = 0;
  });

  it('a PIN reset on the server stops the old PIN on the tablet, offline and online', async () => {
    const { page, context } = await tablet(RESET);
    await page.reload(); // Remi's lock screen (a reload keeps who was signed in); the tablet keeps her wrapped key
    await page.getByText('Signed in: Remi Reset').waitFor();
    const remi = (await server.store.userByUsername(RESET.username))!;
    await server.store.setUserSecret(remi.id, await hashSecret('975310'), Date.now());
    await page.reload(); // a sync round at start: the keyring check drops the entry
    await expect.poll(() => keyringHas(page, remi.id), { timeout: 20_000 }).toBe(false);

    await context.setOffline(true);
    await signIn(page, RESET);
    await page.getByText('Your first sign-in on this tablet needs the department network.').waitFor();
    await context.setOffline(false);
    await enterSecret(page, RESET.secret);
    await page.getByText(/wrong/i).first().waitFor();
    await enterSecret(page, '975310');
    await page.getByRole('heading', { name: /worklist/i }).waitFor();
  });

  it('a revoked tablet cannot enrol again', async () => {
    const { page } = await tablet(FIRST_ADMIN);
    const deviceId = await page.evaluate(
      () =>
        new Promise<string>((ok) => {
          const r = indexedDB.open('scancard');
          r.onsuccess = () => {
            const get = r.result.transaction('meta').objectStore('meta').get('identity');
            get.onsuccess = () => ok((get.result as { deviceId: string }).deviceId);
          };
        }),
    );
    expect(await server.store.revokeDevice(deviceId, Date.now())).toBe(true);
    await page.getByRole('link', { name: /Sync:/ }).click();
    await page.getByLabel('One-time code').fill(await issueEnrollmentCode(server.store, 'again', Date.now()));
    await page.getByLabel('Name of this tablet').fill('Comeback');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByText(/revoked and cannot be enrolled again/).waitFor();
    expect((await server.store.listDevices()).filter((d) => d.label === 'Comeback')).toEqual([]);
    expect(await server.store.deviceDek(deviceId)).toBeUndefined();
  });
});
