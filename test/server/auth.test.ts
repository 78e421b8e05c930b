// Sign-in on real stores: first administrator, login and the escrowed data key, lock-out, token
// lifetime and binding, logout, deactivation and PIN changes.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKOUT } from '../../src/domain/auth/roles';
import { USER_TOKEN_TTL_MS } from '../../src/server/user-auth';
import { ADMIN_TOKEN, openHarness, PIN, type Harness } from './harness';
import { STORES } from './stores';

const PASSWORD = 'correct horse battery';

describe.each(STORES)('sign-in on $name', (factory) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(factory);
  });
  afterEach(async () => {
    await h.close();
  });

  const login = (device: string, username: string, secret: string) =>
    h.call('POST', '/api/auth/login', { device }, { username, secret });

  it('creates the first administrator once, from an enrolled tablet', async () => {
    const { token } = await h.enrol();
    const body = { username: 'Head.Tech', displayName: 'Head Technologist', secret: PASSWORD };
    expect((await h.call('POST', '/api/setup/first-admin', {}, body)).status).toBe(401);
    expect(
      (await h.call('POST', '/api/setup/first-admin', { device: token }, { ...body, secret: '12345' })).json.error,
    ).toMatch(/too weak/);
    expect(
      (await h.call('POST', '/api/setup/first-admin', { device: token }, { ...body, role: 'admin' })).json.details,
    ).toEqual(['(body): unknown field(s): role']);
    const first = await h.call('POST', '/api/setup/first-admin', { device: token }, body);
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      user: { username: 'Head.Tech', displayName: 'Head Technologist', role: 'admin' },
      expiresAt: h.now() + USER_TOKEN_TTL_MS,
    });
    expect(Buffer.from(first.json.dek as string, 'base64')).toHaveLength(32);
    expect((await h.call('GET', '/api/admin/users', { device: token, user: first.json.token as string })).status).toBe(
      200,
    );
    const again = await h.call(
      'POST',
      '/api/setup/first-admin',
      { device: token },
      { ...body, username: 'someone.else' },
    );
    expect(again.status).toBe(409);
    expect((await h.call('GET', '/api/directory', { device: token })).status).toBe(401); // needs a person
    const directory = await h.call('GET', '/api/directory', { device: token, user: first.json.token as string });
    expect(directory.json.users).toEqual([
      {
        id: (first.json.user as { id: string }).id,
        username: 'Head.Tech',
        displayName: 'Head Technologist',
        role: 'admin',
        active: true,
      },
    ]);
    expect(directory.body).not.toMatch(/scrypt|secret|hash/i);
  });

  it('signs in and hands out the device’s own data key, the same at every sign-in', async () => {
    const a = await h.enrol();
    const b = await h.enrol();
    const tech = await h.addUser('technologist', PIN, 'Sam');
    const first = await login(a.token, 'sam', PIN); // user names ignore case
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      user: { id: tech.id, username: 'Sam', displayName: tech.displayName, role: 'technologist' },
      expiresAt: h.now() + USER_TOKEN_TTL_MS,
    });
    expect(Object.keys(first.json).sort()).toEqual(['credentialVersion', 'dek', 'expiresAt', 'token', 'user']);
    expect(Object.keys(first.json.user as object).sort()).toEqual(['displayName', 'id', 'role', 'username']);
    const second = await login(a.token, 'SAM', PIN);
    expect(second.json.dek).toBe(first.json.dek);
    expect(second.json.token).not.toBe(first.json.token);
    expect((await login(b.token, 'Sam', PIN)).json.dek).not.toBe(first.json.dek);
    // A new device session (the key proved again) is the same tablet: the same key.
    const later = await h.sessionFor(a.deviceId);
    expect((await login(later, 'Sam', PIN)).json.dek).toBe(first.json.dek);
  });

  it('answers an unknown user, a wrong secret and a deactivated user with the same 401', async () => {
    const { token } = await h.enrol();
    const admin = await h.addUser('admin');
    const tech = await h.addUser('technologist', PIN, 'tech1');
    const unknown = await login(token, 'nobody', PIN);
    const wrong = await login(token, 'tech1', '999999');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);
    const adminToken = await h.tokenFor(admin, (await h.enrol()).deviceId);
    expect(
      (await h.call('PATCH', `/api/admin/users/${tech.id}`, { device: token, user: adminToken }, { active: false }))
        .status,
    ).toBe(401); // token from another device
    const adminDevice = await h.enrol();
    const sameDevice = await h.tokenFor(admin, adminDevice.deviceId);
    expect(
      (
        await h.call(
          'PATCH',
          `/api/admin/users/${tech.id}`,
          { device: adminDevice.token, user: sameDevice },
          { active: false },
        )
      ).status,
    ).toBe(200);
    const inactive = await login(token, 'tech1', PIN);
    expect(inactive.status).toBe(401);
    expect(inactive.json).toEqual(unknown.json);
    expect((await login(token, 'nobody', 'x'.repeat(201))).status).toBe(400);
  });

  it('backs off after wrong tries, locks, and lets an administrator unlock', async () => {
    const { token, deviceId } = await h.enrol();
    await h.addUser('technologist', PIN, 'tech1');
    const admin = await h.addUser('admin');
    for (let i = 0; i < LOCKOUT.freeAttempts; i++) expect((await login(token, 'tech1', '000000')).status).toBe(401);
    for (let failures = LOCKOUT.freeAttempts; failures < LOCKOUT.lockAfter; failures++) {
      const delay = LOCKOUT.delayMs[Math.min(failures - LOCKOUT.freeAttempts, LOCKOUT.delayMs.length - 1)]!;
      const wait = await login(token, 'tech1', PIN); // even the right PIN waits: it is not checked
      expect(wait.status).toBe(429);
      expect(wait.json.retryAfterMs).toBe(delay);
      expect(wait.headers['retry-after']).toBe(String(delay / 1000));
      h.advance(delay - 1);
      expect((await login(token, 'tech1', PIN)).status).toBe(429);
      h.advance(1);
      expect((await login(token, 'tech1', '000000')).status).toBe(401);
    }
    const locked = await login(token, 'tech1', PIN);
    expect(locked.status).toBe(423);
    expect(locked.json.lockedUntil).toBe(h.now() + LOCKOUT.lockMs);
    const adminSession = { device: token, user: await h.tokenFor(admin, deviceId) };
    const users = await h.call('GET', '/api/admin/users', adminSession);
    const listed = (users.json.users as { username: string; lockedUntil: number | null; failures: number }[]).find(
      (u) => u.username === 'tech1',
    )!;
    expect(listed).toMatchObject({ lockedUntil: h.now() + LOCKOUT.lockMs, failures: LOCKOUT.lockAfter });

    const tech = (await h.store.userByUsername('tech1'))!;
    expect((await h.call('POST', `/api/admin/users/${randomUUID()}/unlock`, adminSession)).status).toBe(404);
    expect((await h.call('POST', `/api/admin/users/${tech.id}/unlock`, adminSession)).status).toBe(200);
    expect((await login(token, 'tech1', PIN)).status).toBe(200);
    expect((await h.store.userById(tech.id))!.failures).toBe(0);
  });

  it('lets a lock run out with time, and re-locks at the next wrong try', async () => {
    const { token } = await h.enrol();
    const tech = await h.addUser('technologist', PIN, 'tech1');
    for (let i = 0; i < LOCKOUT.lockAfter; i++) await h.store.claimLoginAttempt(tech.id, i, h.now());
    expect((await login(token, 'tech1', PIN)).status).toBe(423);
    h.advance(LOCKOUT.lockMs);
    expect((await login(token, 'tech1', '000000')).status).toBe(401);
    expect((await login(token, 'tech1', PIN)).status).toBe(423);
    h.advance(LOCKOUT.lockMs);
    expect((await login(token, 'tech1', PIN)).status).toBe(200);
  });

  it('ends sessions: logout, expiry after 2 h, another tablet, deactivation and role change', async () => {
    const a = await h.enrol();
    const b = await h.enrol();
    const admin = await h.addUser('admin', PIN, 'boss');
    const other = await h.addUser('admin', PIN, 'boss2');
    const session = (await login(a.token, 'boss', PIN)).json.token as string;
    const me = { device: a.token, user: session };
    expect((await h.call('GET', '/api/admin/users', me)).status).toBe(200);
    expect((await h.call('GET', '/api/admin/users', { device: b.token, user: session })).status).toBe(401);
    expect((await h.call('GET', '/api/admin/users', { device: a.token, user: `${session}x` })).status).toBe(401);
    expect((await h.call('GET', '/api/admin/users', { device: session, user: session })).status).toBe(401);

    h.advance(USER_TOKEN_TTL_MS - 1);
    expect((await h.call('GET', '/api/admin/users', me)).status).toBe(200);
    h.advance(2); // 2 h + 1 ms after sign-in
    expect((await h.call('GET', '/api/admin/users', me)).json.error).toMatch(/sign-in has ended/);

    const fresh = { device: a.token, user: (await login(a.token, 'boss', PIN)).json.token as string };
    expect((await h.call('POST', '/api/auth/logout', fresh)).status).toBe(200);
    expect((await h.call('GET', '/api/admin/users', fresh)).status).toBe(401);
    expect((await h.call('POST', '/api/auth/logout', fresh)).status).toBe(401);

    const byOther = { device: b.token, user: await h.tokenFor(other, b.deviceId) };
    const demoted = { device: a.token, user: await h.tokenFor(admin, a.deviceId) };
    expect((await h.call('PATCH', `/api/admin/users/${admin.id}`, byOther, { role: 'qaLead' })).status).toBe(200);
    expect((await h.call('GET', '/api/audit', demoted)).status).toBe(401); // role change: sign in again
    const asQa = { device: a.token, user: (await login(a.token, 'boss', PIN)).json.token as string };
    expect((await h.call('GET', '/api/audit', asQa)).status).toBe(200);
    expect((await h.call('GET', '/api/admin/users', asQa)).status).toBe(403);
    expect((await h.call('PATCH', `/api/admin/users/${admin.id}`, byOther, { active: false })).status).toBe(200);
    expect((await h.call('GET', '/api/audit', asQa)).status).toBe(401);
    // Revoking the tablet ends every session on it, too.
    const onB = { device: b.token, user: byOther.user };
    expect((await h.call('POST', `/api/admin/devices/${b.deviceId}/revoke`, { bearer: ADMIN_TOKEN })).status).toBe(200);
    expect((await h.call('GET', '/api/admin/users', onB)).status).toBe(401);
  });

  it('keeps the last active administrator', async () => {
    const { token, deviceId } = await h.enrol();
    const admin = await h.addUser('admin');
    const me = { device: token, user: await h.tokenFor(admin, deviceId) };
    expect((await h.call('PATCH', `/api/admin/users/${admin.id}`, me, { role: 'trainer' })).status).toBe(409);
    expect((await h.call('PATCH', `/api/admin/users/${admin.id}`, me, { active: false })).status).toBe(409);
    expect((await h.call('PATCH', `/api/admin/users/${admin.id}`, me, {})).status).toBe(400);
    expect(
      (await h.call('PATCH', `/api/admin/users/${admin.id}`, me, { displayName: 'Renamed' })).json.user,
    ).toMatchObject({ displayName: 'Renamed' });
    expect((await h.call('PATCH', '/api/admin/users/not-a-uuid', me, { displayName: 'x' })).status).toBe(400);
  });

  it('changes the own PIN, and an administrator resets one', async () => {
    const a = await h.enrol();
    const b = await h.enrol();
    await h.addUser('trainer', PIN, 'trainer1');
    const admin = await h.addUser('admin');
    const here = { device: a.token, user: (await login(a.token, 'trainer1', PIN)).json.token as string };
    const there = { device: b.token, user: (await login(b.token, 'trainer1', PIN)).json.token as string };
    expect((await h.call('POST', '/api/auth/secret', here, { current: PIN, next: '123' })).status).toBe(400);
    expect((await h.call('POST', '/api/auth/secret', here, { current: PIN, next: PIN })).status).toBe(400);
    expect((await h.call('POST', '/api/auth/secret', here, { current: '000000', next: PASSWORD })).status).toBe(403);
    expect((await h.call('POST', '/api/auth/secret', here, { current: PIN, next: PASSWORD })).status).toBe(200);
    expect((await h.call('POST', '/api/auth/logout', there)).status).toBe(401); // other sessions end
    expect((await login(a.token, 'trainer1', PIN)).status).toBe(401);
    expect((await login(a.token, 'trainer1', PASSWORD)).status).toBe(200);

    const trainer = (await h.store.userByUsername('trainer1'))!;
    const adminSession = { device: b.token, user: await h.tokenFor(admin, b.deviceId) };
    expect(
      (await h.call('POST', `/api/admin/users/${trainer.id}/secret`, adminSession, { secret: '12345' })).status,
    ).toBe(400);
    expect(
      (await h.call('POST', `/api/admin/users/${trainer.id}/secret`, adminSession, { secret: '246810' })).status,
    ).toBe(200);
    expect((await h.call('POST', '/api/auth/logout', here)).status).toBe(401); // a reset ends every session
    expect((await login(a.token, 'trainer1', '246810')).status).toBe(200);
  });

  it('creates users with unique names, ignoring case', async () => {
    const { token, deviceId } = await h.enrol();
    const admin = await h.addUser('admin');
    const me = { device: token, user: await h.tokenFor(admin, deviceId) };
    const body = { username: 'Jo.Tech', displayName: 'Jo', role: 'technologist', secret: PIN };
    const created = await h.call('POST', '/api/admin/users', me, body);
    expect(created.status).toBe(201);
    expect(created.body).not.toMatch(/scrypt|secretHash/);
    expect((await h.call('POST', '/api/admin/users', me, { ...body, username: 'JO.TECH' })).status).toBe(409);
    expect((await h.call('POST', '/api/admin/users', me, { ...body, username: 'x y' })).status).toBe(400);
    expect(
      (await h.call('POST', '/api/admin/users', me, { ...body, username: 'other', role: 'superuser' })).status,
    ).toBe(400);
    expect((await login(token, 'jo.tech', PIN)).status).toBe(200);
  });

  it('tells tablets which wrapped keys to drop: PIN reset, own PIN change, deactivation, role change', async () => {
    const tablet = await h.enrol();
    const adminDevice = await h.enrol();
    const admin = await h.addUser('admin');
    const boss = { device: adminDevice.token, user: await h.tokenFor(admin, adminDevice.deviceId) };
    const users = await Promise.all(
      ['reset', 'leaver', 'promoted', 'kept'].map((n) => h.addUser('technologist', PIN, n)),
    );
    const [reset, leaver, promoted, kept] = users;
    const version = async (name: string) => (await login(tablet.token, name, PIN)).json.credentialVersion as number;
    const ask = () =>
      h.call(
        'POST',
        '/api/devices/keyring',
        { device: tablet.token },
        { users: users.map((u) => ({ id: u!.id, version: 0 })) },
      );
    expect(await version('kept')).toBe(0);
    expect((await ask()).json).toMatchObject({ valid: users.map((u) => u!.id), maxOfflineMs: 12 * 3600_000 });

    expect((await h.call('POST', `/api/admin/users/${reset!.id}/secret`, boss, { secret: '246810' })).status).toBe(200);
    expect((await h.call('PATCH', `/api/admin/users/${leaver!.id}`, boss, { active: false })).status).toBe(200);
    expect((await h.call('PATCH', `/api/admin/users/${promoted!.id}`, boss, { role: 'trainer' })).status).toBe(200);
    expect((await h.call('PATCH', `/api/admin/users/${kept!.id}`, boss, { displayName: 'Renamed' })).status).toBe(200);
    expect((await ask()).json.valid).toEqual([kept!.id]); // a new display name changes nothing
    // A tablet that signs in again gets the new version, which is then good.
    const v = (await login(tablet.token, 'reset', '246810')).json.credentialVersion as number;
    expect(v).toBe(1);
    const now = await h.call(
      'POST',
      '/api/devices/keyring',
      { device: tablet.token },
      { users: [{ id: reset!.id, version: v }] },
    );
    expect(now.json.valid).toEqual([reset!.id]);
    // Without a device session: nothing.
    expect((await h.call('POST', '/api/devices/keyring', {}, { users: [] })).status).toBe(401);
  });
});
