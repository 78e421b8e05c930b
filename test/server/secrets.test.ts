// The server refuses trivial PINs wherever a secret is set (a new user, a reset, one's own change)
// and gives administrators passwords only: created, reset, or promoted from another role. Both stores.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHarness, PIN, type Harness } from './harness';
import { STORES } from './stores';

const PASSWORD = 'correct horse battery';

describe.each(STORES)('secrets on $name', (factory) => {
  let h: Harness;
  let admin: { device: string; user: string };
  beforeEach(async () => {
    h = await openHarness(factory);
    const tablet = await h.enrol();
    admin = { device: tablet.token, user: await h.tokenFor(await h.addUser('admin'), tablet.deviceId) };
  });
  afterEach(() => h.close());

  const create = (role: string, secret: string, username = `u${Math.floor(h.now() % 1e6)}${role}`) =>
    h.call('POST', '/api/admin/users', admin, { username, displayName: 'Someone', role, secret });

  it('refuses trivial PINs for a new user, a reset and an own change', async () => {
    for (const pin of ['000000', '123456', '121212']) {
      const res = await create('technologist', pin);
      expect(res.status).toBe(400);
      expect(res.json.error).toMatch(/^secret is too easy to guess/);
    }
    const tech = await create('technologist', PIN);
    expect(tech.status).toBe(201);
    const id = (tech.json.user as { id: string }).id;
    expect((await h.call('POST', `/api/admin/users/${id}/secret`, admin, { secret: '987654' })).json.error).toMatch(
      /too easy to guess/,
    );
    const tablet = await h.enrol();
    const own = { device: tablet.token, user: await h.tokenFor(await h.addUser('trainer'), tablet.deviceId) };
    const change = await h.call('POST', '/api/auth/secret', own, { current: PIN, next: '111111' });
    expect(change.json.error).toMatch(/^next is too easy to guess/);
  });

  it('gives an administrator a password, never a PIN: created, reset or promoted', async () => {
    expect((await create('admin', PIN)).json.error).toBe(
      'secret must be a password (at least 10 characters, not only digits) for an administrator',
    );
    expect((await create('admin', PASSWORD)).status).toBe(201);
    const tech = await create('technologist', PIN);
    const id = (tech.json.user as { id: string }).id;
    const promote = (body: object) => h.call('PATCH', `/api/admin/users/${id}`, admin, { role: 'admin', ...body });
    expect((await promote({})).json.error).toMatch(/an administrator needs a password/);
    expect((await promote({ secret: PIN })).status).toBe(400);
    expect((await h.store.userById(id))!.role).toBe('technologist');
    expect((await promote({ secret: PASSWORD })).status).toBe(200);
    const tablet = await h.enrol();
    const login = (secret: string) =>
      h.call(
        'POST',
        '/api/auth/login',
        { device: tablet.token },
        { username: tech.json.user && (tech.json.user as { username: string }).username, secret },
      );
    expect((await login(PIN)).status).toBe(401);
    expect((await login(PASSWORD)).status).toBe(200);
    expect((await h.call('POST', `/api/admin/users/${id}/secret`, admin, { secret: '482913' })).status).toBe(400);
  });
});
