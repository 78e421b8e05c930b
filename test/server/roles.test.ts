// Every route × every caller against a matrix written out by hand (never computed from PERMISSIONS,
// so a privilege added to the role table by mistake fails here), and every route the server registers
// (Fastify's onRoute) must be in the matrix: a new route fails until someone decides who may call it.
// Plus the login rate limit, the security headers on every kind of response, and what reaches the logs.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/domain/auth/roles';
import { hashCode } from '../../src/server/auth';
import { eventFactory } from './fixtures';
import { ADMIN_TOKEN, openHarness, PIN, type Harness, type UUID } from './harness';
import { STORES } from './stores';

const CALLERS = ['no device token', 'no user token', 'technologist', 'trainer', 'qaLead', 'admin'] as const;
type Row = readonly [number, number, number, number, number, number];

/** Who gets what. Columns: no device token, device token but no user, technologist, trainer, qaLead, admin. */
const MATRIX: Record<string, Row> = {
  'GET /api/health': /*                    */ [200, 200, 200, 200, 200, 200],
  'POST /api/devices/enroll': /*           */ [200, 200, 200, 200, 200, 200],
  'POST /api/setup/first-admin': /*        */ [401, 409, 409, 409, 409, 409],
  'POST /api/auth/login': /*               */ [401, 200, 200, 200, 200, 200],
  'GET /api/directory': /*                 */ [401, 200, 200, 200, 200, 200],
  'GET /api/sync/pull': /*                 */ [401, 200, 200, 200, 200, 200],
  'GET /api/config': /*                    */ [401, 200, 200, 200, 200, 200],
  'POST /api/sync/push': /*                */ [401, 200, 200, 200, 200, 200],
  'POST /api/auth/logout': /*              */ [401, 401, 200, 200, 200, 200],
  'POST /api/auth/secret': /*              */ [401, 401, 200, 200, 200, 200],
  'GET /api/admin/users': /*               */ [401, 401, 403, 403, 403, 200],
  'POST /api/admin/users': /*              */ [401, 401, 403, 403, 403, 201],
  'PATCH /api/admin/users/:id': /*         */ [401, 401, 403, 403, 403, 200],
  'POST /api/admin/users/:id/secret': /*   */ [401, 401, 403, 403, 403, 200],
  'POST /api/admin/users/:id/unlock': /*   */ [401, 401, 403, 403, 403, 200],
  'POST /api/admin/enrollment-codes': /*   */ [401, 401, 403, 403, 403, 200],
  'GET /api/admin/devices': /*             */ [401, 401, 403, 403, 403, 200],
  'POST /api/admin/devices/:id/revoke': /* */ [401, 401, 403, 403, 403, 200],
  'GET /api/exports/exam-records': /*      */ [401, 401, 403, 403, 200, 200],
  'GET /api/audit': /*                     */ [401, 401, 403, 403, 200, 200],
  'GET /api/figures': /*                   */ [401, 401, 403, 403, 200, 200],
  'PUT /api/sops/:id/current': /*          */ [401, 401, 403, 403, 403, 200],
  'GET /api/quality/records': /*           */ [401, 401, 403, 403, 200, 200],
  'GET /api/quality/status': /*            */ [401, 401, 403, 403, 200, 200],
  'GET /api/quality/reject-rates': /*      */ [401, 401, 403, 403, 200, 200],
  'GET /api/quality/export': /*            */ [401, 401, 403, 403, 200, 200],
};

type Ctx = { h: Harness; device: { deviceId: UUID; token: string }; user: { id: string; username: string } | null };
/** How to call a route so that an allowed caller succeeds: the concrete URL and a valid body. */
type Call = { url?: (c: Ctx) => Promise<string> | string; body?: (c: Ctx) => Promise<unknown> | unknown };
const target = async (c: Ctx) => (await c.h.addUser('technologist')).id;
const CALLS: Record<string, Call> = {
  'POST /api/devices/enroll': {
    body: async (c) => {
      const code = `E${randomUUID().slice(0, 8)}`;
      const at = c.h.now();
      await c.h.store.addEnrollmentCode({
        codeHash: hashCode(code),
        label: 'x',
        createdAt: at,
        expiresAt: at + 60_000,
      });
      return { code, deviceId: randomUUID(), label: 'new tablet' };
    },
  },
  'POST /api/setup/first-admin': { body: () => ({ username: 'late', displayName: 'Late', secret: PIN }) },
  'POST /api/auth/login': {
    body: async (c) => ({ username: c.user?.username ?? (await c.h.addUser('trainer')).username, secret: PIN }),
  },
  'POST /api/sync/push': {
    body: (c) => ({ batchId: randomUUID(), events: [eventFactory(c.device.deviceId).created()] }),
  },
  'POST /api/auth/secret': { body: () => ({ current: PIN, next: '97531135' }) },
  'POST /api/admin/users': {
    body: () => ({ username: `new-${randomUUID().slice(0, 8)}`, displayName: 'New', role: 'trainer', secret: PIN }),
  },
  'PATCH /api/admin/users/:id': {
    url: async (c) => `/api/admin/users/${await target(c)}`,
    body: () => ({ role: 'trainer' }),
  },
  'POST /api/admin/users/:id/secret': {
    url: async (c) => `/api/admin/users/${await target(c)}/secret`,
    body: () => ({ secret: '86420864' }),
  },
  'POST /api/admin/users/:id/unlock': { url: async (c) => `/api/admin/users/${await target(c)}/unlock` },
  'POST /api/admin/enrollment-codes': { body: () => ({ label: 'CT 2 tablet' }) },
  'POST /api/admin/devices/:id/revoke': {
    url: async (c) => `/api/admin/devices/${(await c.h.enrol()).deviceId}/revoke`,
  },
  'GET /api/exports/exam-records': { url: () => '/api/exports/exam-records?from=2026-01-01&to=2027-01-01' },
  'GET /api/audit': { url: () => '/api/audit?limit=10' },
  'PUT /api/sops/:id/current': { url: () => '/api/sops/chest-ct/current', body: () => ({ version: 1 }) },
  'GET /api/quality/records': { url: () => '/api/quality/records?kind=qc' },
  'GET /api/quality/export': { url: () => '/api/quality/export?kind=adverse&format=csv' },
};

const CASES = Object.entries(MATRIX).flatMap(([route, row]) =>
  CALLERS.map((caller, i) => ({ route, caller, status: row[i]! })),
);

describe('the role × route matrix', () => {
  it('lists every route the server registers, and nothing else', async () => {
    const registered: string[] = [];
    const h = await openHarness(STORES[0]!, {
      onRoute: (r) => {
        for (const method of [r.method].flat()) if (method !== 'HEAD') registered.push(`${method} ${r.url}`);
      },
    });
    await h.close();
    expect(registered.length).toBeGreaterThan(10);
    expect(registered.sort()).toEqual(Object.keys(MATRIX).sort());
  });
});

describe.each(STORES)('roles on $name', (factory) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(factory);
    await h.addUser('admin'); // so first-admin is closed
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(CASES)('$route as $caller → $status', async ({ route, caller, status }) => {
    const device = await h.enrol();
    const user = ROLES.includes(caller as Role) ? await h.addUser(caller as Role) : null;
    const c: Ctx = { h, device, user };
    const who =
      caller === 'no device token'
        ? {}
        : { device: device.token, ...(user && { user: await h.tokenFor(user, device.deviceId) }) };
    const [method, path] = route.split(' ') as [string, string];
    const call = CALLS[route] ?? {};
    const res = await h.call(
      method,
      call.url ? await call.url(c) : path,
      who,
      call.body ? await call.body(c) : undefined,
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
