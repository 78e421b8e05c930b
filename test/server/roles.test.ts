// The bootstrap admin token's reach, the login rate limit, the security headers on every kind of
// response, and what reaches the logs. Every route × every credential is in access.test.ts.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventFactory } from './fixtures';
import { ADMIN_TOKEN, openHarness, PIN, type Harness } from './harness';
import { STORES } from './stores';

describe.each(STORES)('admin token and headers on $name', (factory) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(factory);
    await h.addUser('admin'); // so first-admin is closed
  });
  afterAll(async () => {
    await h.close();
  });

  it('accepts the bootstrap admin token on device administration only', async () => {
    const admin = { bearer: ADMIN_TOKEN };
    expect((await h.call('GET', '/api/admin/devices', admin)).status).toBe(200);
    expect((await h.call('GET', '/api/admin/sync/gaps', admin)).status).toBe(200);
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
      await h.call('GET', '/api/config', { device: device.token }),
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
