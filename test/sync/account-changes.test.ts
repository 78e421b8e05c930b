// Issue 10 item 3 on real parts: a real server over HTTP (both stores), a tablet's real session,
// keyring and device identity on fake-indexeddb. A PIN reset, a deactivation or a role change on the
// server removes that user's wrapped key at the tablet's next check, so the old PIN opens nothing
// here, online or offline; a tablet out of contact longer than the site allows refuses offline
// sign-in with a reason. And the tablet stores no bearer secret: only a non-extractable key.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authApi } from '../../src/auth/auth-api';
import { authorizedFetch } from '../../src/auth/device-identity';
import { checkKeyring } from '../../src/auth/keyring-check';
import { createSession } from '../../src/auth/session';
import { ScanCardDb } from '../../src/db/db';
import { deviceIdentity } from '../../src/db/device-identity.repo';
import { keyringEntry } from '../../src/db/keyring.repo';
import { openHarness, PIN, type Harness } from '../server/harness';
import { STORES } from '../server/stores';
import { enrolledTablet } from '../setup/tablet-identity';

const NEW_PIN = '264810';

describe.each(STORES)('account changes reach the tablet, on $name', (factory) => {
  let h: Harness;
  let base: string;
  beforeAll(async () => {
    h = await openHarness(factory);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}`;
  });
  afterAll(() => h.close());

  async function tablet() {
    const db = new ScanCardDb(`accounts-${crypto.randomUUID()}`);
    const tab = await enrolledTablet(h, db, base, null);
    const net = { online: true };
    const offlineAware: typeof fetch = (input, init) =>
      net.online ? fetch(input, init) : Promise.reject(new TypeError('network down'));
    const identity = tab.identityAt(base, offlineAware);
    const clock = { now: h.now() };
    const make = () =>
      createSession({
        db,
        api: authApi(base, authorizedFetch(identity, undefined, offlineAware)),
        now: () => clock.now,
      });
    const session = make();
    const check = async () =>
      session.accountsEnded(
        await checkKeyring(db, base, authorizedFetch(identity, undefined, offlineAware), () => clock.now),
      );
    return { db, net, clock, session, check, deviceId: tab.deviceId, reload: make };
  }
  const admin = async () => {
    const a = await h.enrol();
    return { device: a.token, user: await h.tokenFor(await h.addUser('admin'), a.deviceId) };
  };

  it('a PIN reset on the server stops the old PIN on the tablet, online and offline', async () => {
    const t = await tablet();
    const wang = await h.addUser('technologist', PIN);
    await t.session.signIn(wang.username, PIN); // online: the key is wrapped here
    expect(t.session.getState().phase).toBe('unlocked');
    t.session.signOut();
    t.net.online = false;
    await t.session.signIn(wang.username, PIN); // offline works while nothing changed
    expect(t.session.getState().phase).toBe('unlocked');
    t.session.signOut();

    t.net.online = true;
    expect(
      (await h.call('POST', `/api/admin/users/${wang.id}/secret`, await admin(), { secret: NEW_PIN })).status,
    ).toBe(200);
    await t.check(); // the next sync round
    expect(await keyringEntry(t.db, wang.id)).toBeUndefined();
    t.net.online = false;
    await t.session.signIn(wang.username, PIN);
    expect(t.session.getState()).toMatchObject({ phase: 'signedOut', error: { kind: 'offlineFirst' } });
    t.net.online = true;
    await t.session.signIn(wang.username, PIN);
    expect(t.session.getState()).toMatchObject({ phase: 'signedOut', error: { kind: 'wrong' } });
    await t.session.signIn(wang.username, NEW_PIN);
    expect(t.session.getState().phase).toBe('unlocked');
    expect((await keyringEntry(t.db, wang.id))?.version).toBe(1);
    await t.check();
    expect(await keyringEntry(t.db, wang.id)).toBeDefined(); // the new wrap is good
  });

  it('a deactivation or role change signs the user out at the next check, and keeps the others', async () => {
    const t = await tablet();
    const [leaver, promoted, stays] = [
      await h.addUser('technologist'),
      await h.addUser('technologist'),
      await h.addUser('technologist'),
    ];
    for (const u of [promoted, stays, leaver]) {
      await t.session.signIn(u.username, PIN);
      if (u !== leaver) t.session.signOut();
    }
    expect(t.session.getState()).toMatchObject({ phase: 'unlocked', user: { id: leaver.id } });
    t.session.lock('button');
    const boss = await admin();
    expect((await h.call('PATCH', `/api/admin/users/${leaver.id}`, boss, { active: false })).status).toBe(200);
    expect((await h.call('PATCH', `/api/admin/users/${promoted.id}`, boss, { role: 'trainer' })).status).toBe(200);
    await t.check();
    expect(t.session.getState()).toMatchObject({ phase: 'signedOut', error: { kind: 'accountChanged' } });
    expect(t.session.vault()).toBeUndefined();
    expect(await keyringEntry(t.db, leaver.id)).toBeUndefined();
    expect(await keyringEntry(t.db, promoted.id)).toBeUndefined();
    expect(await keyringEntry(t.db, stays.id)).toBeDefined();
  });

  it('refuses offline sign-in after 12 hours without contact, saying why; contact lifts it', async () => {
    const t = await tablet();
    const u = await h.addUser('trainer');
    await t.session.signIn(u.username, PIN);
    t.session.signOut();
    t.net.online = false;
    t.clock.now += 12 * 3600_000 - 60_000;
    await t.session.signIn(u.username, PIN);
    expect(t.session.getState().phase).toBe('unlocked');
    t.session.signOut();
    t.clock.now += 2 * 60_000; // now 12 h 1 min since the server last confirmed the key
    await t.session.signIn(u.username, PIN);
    expect(t.session.getState()).toMatchObject({ phase: 'signedOut', error: { kind: 'needsContact', hours: 12 } });
    t.net.online = true;
    await t.check();
    t.net.online = false;
    await t.session.signIn(u.username, PIN);
    expect(t.session.getState().phase).toBe('unlocked');
  });

  it('a reload offline past the limit: the lock screen PIN does not reopen the key, saying why', async () => {
    const t = await tablet();
    const u = await h.addUser('technologist');
    await t.session.signIn(u.username, PIN);
    t.net.online = false;
    for (let i = 0; i < 3; i++) {
      // Locking and unlocking every few hours keeps the reload path fresh, but is no contact.
      t.clock.now += 4 * 3600_000;
      t.session.lock('button');
      await t.session.unlock(PIN);
    }
    await new Promise((r) => setTimeout(r, 50)); // the resumable session is written in the background
    t.clock.now += 60_000; // 12 h 1 min since the server last confirmed the key
    const after = t.reload();
    await after.restore();
    expect(after.getState()).toMatchObject({ phase: 'locked', reason: 'reload' });
    await after.unlock(PIN);
    expect(after.getState()).toMatchObject({ phase: 'locked', error: { kind: 'needsContact', hours: 12 } });
    expect(after.vault()).toBeUndefined();
  });

  it('keeps no bearer secret on the tablet: the device key is a non-extractable CryptoKey', async () => {
    const t = await tablet();
    const identity = (await deviceIdentity(t.db))!;
    expect(identity.deviceId).toBe(t.deviceId);
    expect(identity.keys.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('jwk', identity.keys.privateKey)).rejects.toThrow();
    const meta = await t.db.meta.toArray();
    expect(JSON.stringify(meta)).not.toMatch(/"token"/);
  });
});
