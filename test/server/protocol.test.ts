// The sync protocol version on every request: a tablet newer than the server is told to update the
// server, one older than the server supports to update the app — before any route runs, so nothing
// is stored — and every answer says which protocol the server speaks.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MIN_SUPPORTED_PROTOCOL, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/domain/sync/protocol.version';
import { eventFactory } from './fixtures';
import { openHarness, type Harness } from './harness';
import { STORES } from './stores';

describe.each(STORES)('sync protocol version on $name', (factory) => {
  let h: Harness;
  afterEach(() => h.close());

  const send = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: unknown) =>
    h.app.inject({
      method,
      url,
      headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    });

  it('serves a tablet of its own protocol, and one that sends no version (the first release)', async () => {
    h = await openHarness(factory);
    const { token } = await h.enrol();
    const same = await send('GET', '/api/config', {
      authorization: `Bearer ${token}`,
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    });
    expect(same.statusCode).toBe(200);
    expect(same.headers[PROTOCOL_HEADER]).toBe(String(PROTOCOL_VERSION));
    expect((await send('GET', '/api/config', { authorization: `Bearer ${token}` })).statusCode).toBe(200);
    // A tablet of the protocol before: what it sends is a subset of today's.
    const before = { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(MIN_SUPPORTED_PROTOCOL) };
    expect(MIN_SUPPORTED_PROTOCOL).toBe(1);
    expect((await send('GET', '/api/config', before)).statusCode).toBe(200);
  });

  it('answers a newer tablet 426 "update the server", before authentication, storing nothing', async () => {
    h = await openHarness(factory);
    const { deviceId, token } = await h.enrol();
    const newer = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION + 1) };
    const push = await send(
      'POST',
      '/api/sync/push',
      { ...newer, authorization: `Bearer ${token}` },
      { batchId: randomUUID(), events: [eventFactory(deviceId).created()] },
    );
    expect(push.statusCode).toBe(426);
    expect(push.json()).toEqual({
      error: `this tablet speaks sync protocol ${PROTOCOL_VERSION + 1}, this server only ${PROTOCOL_VERSION}: update the server`,
      update: 'server',
      serverProtocol: PROTOCOL_VERSION,
      minProtocol: MIN_SUPPORTED_PROTOCOL,
      tabletProtocol: PROTOCOL_VERSION + 1,
    });
    expect(push.headers[PROTOCOL_HEADER]).toBe(String(PROTOCOL_VERSION));
    expect(await h.store.eventCount()).toBe(0);
    // Sign-in is the same conversation: refused the same way, even without any token.
    const login = await send('POST', '/api/auth/login', newer, { username: 'x', secret: '123456' });
    expect(login.statusCode).toBe(426);
    expect(login.json().update).toBe('server');
  });

  it('answers a tablet older than it supports 426 "update the app"', async () => {
    h = await openHarness(factory, { protocol: { version: PROTOCOL_VERSION + 1, minSupported: PROTOCOL_VERSION + 1 } });
    const { token } = await h.enrol();
    const old = await send('GET', '/api/sync/pull', {
      authorization: `Bearer ${token}`,
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    });
    expect(old.statusCode).toBe(426);
    expect(old.json()).toMatchObject({ update: 'app', tabletProtocol: PROTOCOL_VERSION });
    expect(old.json().error).toMatch(/no longer supports sync protocol .*: update the app$/);
    // A tablet that sends no version is the first release: also too old for this server.
    expect((await send('GET', '/api/sync/pull', { authorization: `Bearer ${token}` })).statusCode).toBe(426);
  });

  it('refuses a malformed version, and leaves health checks to any client', async () => {
    h = await openHarness(factory);
    const bad = await send('GET', '/api/sync/pull', { [PROTOCOL_HEADER]: 'v2' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/x-scancard-protocol must be a protocol version number/);
    const health = await send('GET', '/api/health', { [PROTOCOL_HEADER]: '999' });
    expect(health.statusCode).toBe(200);
  });
});
