// Every route × every caller, with the expected answer computed from PERMISSIONS: if the table of
// who-may-do-what changes and the server does not follow, this fails. Plus the login rate limit,
// the security headers on every kind of response, and what reaches the logs.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, type Permission, type Role } from '../../src/domain/auth/roles';
import { chestCt } from '../../src/sops/chest-ct.sop';
import { eventFactory } from './fixtures';
import { ADMIN_TOKEN, openHarness, PIN, type Harness, type UUID } from './harness';
import { STORES } from './stores';

/** What a route needs beyond the device token: nothing, any signed-in user, or a permission. */
type Need = 'device' | 'signedIn' | Permission;
type Ctx = { h: Harness; device: { deviceId: UUID; token: string }; user: { id: string; username: string } | null };
type Route = {
  route: string;
  path?: (c: Ctx) => Promise<string>;
  need: Need;
  ok: number;
  body?: (c: Ctx) => Promise<unknown> | unknown;
};

const target = async (c: Ctx) => (await c.h.addUser('technologist')).id;
const ROUTES: Route[] = [
  {
    route: 'POST /api/setup/first-admin',
    need: 'device',
    ok: 409,
    body: () => ({ username: 'late', displayName: 'Late', secret: PIN }),
  },
  {
    route: 'POST /api/auth/login',
    need: 'device',
    ok: 200,
    body: async (c) => ({ username: c.user?.username ?? (await c.h.addUser('trainer')).username, secret: PIN }),
  },
  { route: 'GET /api/directory', need: 'device', ok: 200 },
  { route: 'GET /api/sync/pull', need: 'device', ok: 200 },
  { route: 'GET /api/config', need: 'device', ok: 200 },
  {
    route: 'POST /api/sync/push',
    need: 'device',
    ok: 200,
    body: (c) => ({ batchId: randomUUID(), events: [eventFactory(c.device.deviceId).created()] }),
  },
  { route: 'POST /api/auth/logout', need: 'signedIn', ok: 200 },
  { route: 'POST /api/auth/secret', need: 'signedIn', ok: 200, body: () => ({ current: PIN, next: '97531135' }) },
  { route: 'GET /api/admin/users', need: 'users.manage', ok: 200 },
  {
    route: 'POST /api/admin/users',
    need: 'users.manage',
    ok: 201,
    body: () => ({ username: `new-${randomUUID().slice(0, 8)}`, displayName: 'New', role: 'trainer', secret: PIN }),
  },
  {
    route: 'PATCH /api/admin/users/:id',
    path: async (c) => `/api/admin/users/${await target(c)}`,
    need: 'users.manage',
    ok: 200,
    body: () => ({ role: 'trainer' }),
  },
  {
    route: 'POST /api/admin/users/:id/secret',
    path: async (c) => `/api/admin/users/${await target(c)}/secret`,
    need: 'users.manage',
    ok: 200,
    body: () => ({ secret: '86420864' }),
  },
  {
    route: 'POST /api/admin/users/:id/unlock',
    path: async (c) => `/api/admin/users/${await target(c)}/unlock`,
    need: 'users.manage',
    ok: 200,
  },
  { route: 'POST /api/admin/enrollment-codes', need: 'users.manage', ok: 200, body: () => ({ label: 'CT 2 tablet' }) },
  { route: 'GET /api/admin/devices', need: 'users.manage', ok: 200 },
  {
    route: 'POST /api/admin/devices/:id/revoke',
    path: async (c) => `/api/admin/devices/${(await c.h.enrol()).deviceId}/revoke`,
    need: 'users.manage',
    ok: 200,
  },
  { route: 'GET /api/exports/exam-records?from=2026-01-01&to=2027-01-01', need: 'exports.read', ok: 200 },
  { route: 'GET /api/audit?limit=10', need: 'audit.view', ok: 200 },
  { route: 'GET /api/figures', need: 'figures.view', ok: 200 },
  { route: 'POST /api/sops/publish', need: 'sops.edit', ok: 200, body: () => ({ definition: chestCt }) },
  { route: 'GET /api/sops', need: 'runs.record', ok: 200 },
];

type Caller = 'no device token' | 'no user token' | Role;
const CALLERS: Caller[] = ['no device token', 'no user token', ...ROLES];

function expected(route: Route, caller: Caller): number {
  if (caller === 'no device token') return 401;
  if (route.need === 'device') return route.ok;
  if (caller === 'no user token') return 401;
  if (route.need === 'signedIn') return route.ok;
  return (PERMISSIONS[route.need] as readonly Role[]).includes(caller) ? route.ok : 403;
}

const CASES = ROUTES.flatMap((route) =>
  CALLERS.map((caller) => ({ route, caller, status: expected(route, caller), name: route.route })),
);

describe.each(STORES)('roles on $name', (factory) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(factory);
    await h.addUser('admin'); // so first-admin is closed
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(CASES)('$name as $caller → $status', async ({ route, caller, status }) => {
    const device = await h.enrol();
    const user = ROLES.includes(caller as Role) ? await h.addUser(caller as Role) : null;
    const c: Ctx = { h, device, user };
    const who =
      caller === 'no device token'
        ? {}
        : { device: device.token, ...(user && { user: await h.tokenFor(user, device.deviceId) }) };
    const [method, path] = route.route.split(' ') as [string, string];
    const res = await h.call(
      method,
      route.path ? await route.path(c) : path,
      who,
      route.body ? await route.body(c) : undefined,
    );
    expect({ status: res.status, error: res.json.error }).toEqual({
      status,
      error: status >= 400 ? expect.any(String) : undefined,
    });
  });

  it('accepts the bootstrap admin token on device administration only', async () => {
    const admin = { bearer: ADMIN_TOKEN };
    expect((await h.call('GET', '/api/admin/devices', admin)).status).toBe(200);
    expect((await h.call('POST', '/api/admin/enrollment-codes', admin, { label: 'x' })).status).toBe(200);
    expect((await h.call('GET', '/api/admin/devices', { bearer: 'wrong' })).status).toBe(401);
    expect((await h.call('GET', '/api/admin/users', admin)).status).toBe(401);
    expect((await h.call('GET', '/api/audit', admin)).status).toBe(401);
  });

  it('puts the security headers on every response, errors included', async () => {
    const device = await h.enrol();
    const tech = { device: device.token, user: await h.tokenFor(await h.addUser('technologist'), device.deviceId) };
    const replies = [
      await h.call('GET', '/api/health'),
      await h.call('GET', '/api/directory', { device: device.token }),
      await h.call('GET', '/api/audit', { device: device.token }),
      await h.call('GET', '/api/audit', tech),
      await h.call('GET', '/api/audit?limit=9999', { device: device.token }),
      await h.call('POST', '/api/auth/login', { device: device.token }, { username: 'x' }),
      await h.call('GET', '/api/nothing-here'),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 401, 403, 401, 400, 404]);
    for (const r of replies) {
      expect(r.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['cache-control']).toBe('no-store');
    }
  });
});

describe.each(STORES)('login rate limit and logs on $name', (factory) => {
  it('limits sign-in attempts per tablet (route limit, before any lock-out)', async () => {
    const h = await openHarness(factory, { loginRateLimitPerMinute: 5 });
    try {
      const a = await h.enrol();
      const b = await h.enrol();
      // Different unknown names: no per-user lock-out is involved, only the route limit.
      for (let i = 0; i < 5; i++)
        expect(
          (await h.call('POST', '/api/auth/login', { device: a.token }, { username: `ghost${i}`, secret: PIN })).status,
        ).toBe(401);
      const limited = await h.call('POST', '/api/auth/login', { device: a.token }, { username: 'ghost9', secret: PIN });
      expect(limited.status).toBe(429);
      expect(limited.json.error).toMatch(/too many requests/);
      expect(limited.headers['x-content-type-options']).toBe('nosniff');
      expect(
        (await h.call('POST', '/api/auth/login', { device: b.token }, { username: 'ghost9', secret: PIN })).status,
      ).toBe(401);
    } finally {
      await h.close();
    }
  });

  it('never logs secrets, tokens, data keys or patient identifiers', async () => {
    let logs = '';
    const logStream = new Writable({
      write(chunk, _enc, cb) {
        logs += String(chunk);
        cb();
      },
    });
    const h = await openHarness(factory, { logger: true, logStream });
    try {
      const device = await h.enrol();
      const first = await h.call(
        'POST',
        '/api/setup/first-admin',
        { device: device.token },
        { username: 'chief', displayName: 'Chief', secret: 'first-admin-password-77' },
      );
      const session = { device: device.token, user: first.json.token as string };
      await h.call('POST', '/api/admin/users', session, {
        username: 'qa1',
        displayName: 'QA',
        role: 'qaLead',
        secret: '55443322',
      });
      await h.call('POST', '/api/auth/login', { device: device.token }, { username: 'qa1', secret: '11998877' });
      const qa = await h.call(
        'POST',
        '/api/auth/login',
        { device: device.token },
        { username: 'qa1', secret: '55443322' },
      );
      const f = eventFactory(device.deviceId);
      await h.call(
        'POST',
        '/api/sync/push',
        { device: device.token },
        { batchId: randomUUID(), events: [f.created(randomUUID(), 'PATIENT-SECRET-4711')] },
      );
      const exported = await h.call('GET', '/api/exports/exam-records', {
        device: device.token,
        user: qa.json.token as string,
      });
      expect(JSON.stringify(exported.json.records)).toContain('PATIENT-SECRET-4711');
      await h.call('POST', '/api/auth/secret', session, {
        current: 'first-admin-password-77',
        next: 'second-admin-password-88',
      });
      await h.call('POST', '/api/auth/logout', session);

      expect(logs.length).toBeGreaterThan(0);
      const secrets = [
        'first-admin-password-77',
        'second-admin-password-88',
        '55443322',
        '11998877',
        'PATIENT-SECRET-4711',
        device.token,
        first.json.token as string,
        qa.json.token as string,
        first.json.dek as string,
        ADMIN_TOKEN,
      ];
      for (const s of secrets) expect(logs).not.toContain(s);
      expect(logs).not.toMatch(/scrypt\$/);
    } finally {
      await h.close();
    }
  });
});
