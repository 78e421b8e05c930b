// The sync protocol version on every request: a tablet newer than the server is told to update the
// server, one older than the server supports to update the app — before any route runs, so nothing
// is stored — and every answer says which protocol the server speaks.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
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

  it('still serves a protocol-2 tablet: its push (no booking, no quality or training records) and its pull', async () => {
    h = await openHarness(factory);
    const { deviceId, token } = await h.enrol();
    expect(PROTOCOL_VERSION).toBe(3);
    const two = { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: '2' };
    const f = eventFactory(deviceId);
    const runId = randomUUID();
    const events = [f.created(runId), f.answer(runId), f.next(runId)];
    const push = await send('POST', '/api/sync/push', two, { batchId: randomUUID(), events });
    expect(push.statusCode).toBe(200);
    expect(push.headers[PROTOCOL_HEADER]).toBe('3');
    expect(await h.store.eventCount()).toBe(3);
    const other = await h.enrol(); // a tablet pulls what the others pushed
    const user = await h.tokenFor(await h.addUser('technologist'), other.deviceId);
    const headers = { [PROTOCOL_HEADER]: '2', authorization: `Bearer ${other.token}`, 'x-user-token': user };
    const pull = await send('GET', '/api/sync/pull?after=0', headers);
    expect(pull.statusCode).toBe(200);
    expect(pull.json().events).toHaveLength(3);
  });

  it('a protocol-3 tablet meets a protocol-2 server: 426 "update the server", its booked run not stored', async () => {
    h = await openHarness(factory, { protocol: { version: 2, minSupported: 1 } });
    const { deviceId, token } = await h.enrol();
    const created = eventFactory(deviceId).created() as Extract<SyncEvent, { type: 'run.created' }>;
    const booked = { ...created, payload: { ...created.payload, booking: { accessionNumber: 'ACC-1' } } };
    const push = await send(
      'POST',
      '/api/sync/push',
      { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      { batchId: randomUUID(), events: [booked] },
    );
    expect(push.statusCode).toBe(426);
    expect(push.json()).toMatchObject({ update: 'server', serverProtocol: 2, tabletProtocol: 3 });
    expect(await h.store.eventCount()).toBe(0);
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
