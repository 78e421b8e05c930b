// The sync API over real HTTP on 127.0.0.1, against a real SQLite file and a real PostgreSQL.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import { generateDeviceKey, publicJwk, signChallenge } from '../../src/auth/device-key';
import { issueEnrollmentCode, newToken } from '../../src/server/auth';
import { hashUserToken } from '../../src/server/user-auth';
import type { SyncStore } from '../../src/server/store/store';
import { chestCt } from '../../src/sops/chest-ct.sop';
import { eventFactory } from './fixtures';
import { STORES } from './stores';

describe.each(STORES)('sync API on $name', (factory) => {
  let store: SyncStore;
  let dispose: () => Promise<void>;
  let base: string;
  let close: () => Promise<void>;
  let logs: string;
  const now = () => Date.UTC(2026, 10, 23, 10);

  beforeEach(async () => {
    ({ store, dispose } = await factory.open());
    logs = '';
    const stream = new Writable({
      write(chunk, _enc, cb) {
        logs += String(chunk);
        cb();
      },
    });
    const app = await buildServer({ store, now, adminToken: 'admin-secret-token', logger: true, logStream: stream });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    close = () => app.close();
  });
  afterEach(async () => {
    await close();
    await dispose();
  });

  /** Each test tablet has a technologist signed in: its device session maps to that user's token. */
  const signedIn = new Map<string, string>();
  const call = async (method: string, path: string, body?: unknown, token?: string, raw?: string) => {
    const user = token && signedIn.get(token);
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(user && { 'x-user-token': user }),
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> };
  };
  /** Enrols over HTTP with a fresh device key, proves it for a device session, signs a technologist in. */
  async function enrol() {
    const code = await issueEnrollmentCode(store, 'test tablet', now());
    const keys = await generateDeviceKey();
    const r = await call('POST', '/api/devices/enroll', {
      code,
      publicKey: await publicJwk(keys),
      label: 'CT 1 tablet',
    });
    expect(r.status).toBe(200);
    const deviceId = r.json.deviceId as ReturnType<typeof randomUUID>;
    const token = await prove(deviceId, keys);
    const user = await store.createUser({
      id: randomUUID(),
      username: `tech-${randomUUID().slice(0, 8)}`,
      displayName: 'Tech',
      role: 'technologist',
      secretHash: 'not-used',
      now: now(),
    });
    if (typeof user === 'string') throw new Error(user);
    const userToken = newToken();
    await store.addUserToken({
      tokenHash: hashUserToken(userToken),
      userId: user.id,
      deviceId,
      createdAt: now(),
      expiresAt: now() + 3600_000,
    });
    signedIn.set(token, userToken);
    return { deviceId, token, keys };
  }
  async function prove(deviceId: string, keys: CryptoKeyPair) {
    const c = await call('POST', '/api/devices/challenge', { deviceId });
    const challenge = c.json.challenge as string;
    const signature = await signChallenge(keys, deviceId, challenge);
    const s = await call('POST', '/api/devices/session', { deviceId, challenge, signature });
    expect(s.status).toBe(200);
    return s.json.token as string;
  }
  const push = (token: string, events: unknown[], batchId: string = randomUUID(), sops?: unknown[]) =>
    call('POST', '/api/sync/push', { batchId, events, ...(sops && { sops }) }, token);

  it('answers health without a token and everything else only with one', async () => {
    expect((await call('GET', '/api/health')).status).toBe(200);
    expect((await call('GET', '/api/sync/pull')).status).toBe(401);
    expect((await call('GET', '/api/sync/pull', undefined, 'not-a-token')).json.error).toMatch(
      /expired, revoked or unknown/,
    );
    expect((await call('POST', '/api/sync/push', { batchId: randomUUID(), events: [] })).status).toBe(401);
    expect((await call('GET', '/api/config')).status).toBe(401);
  });

  it('enrols with a one-time code only; the server picks the id; the same key asking again gets the same id', async () => {
    const code = await issueEnrollmentCode(store, 'x', now());
    const keys = await generateDeviceKey();
    const publicKey = await publicJwk(keys);
    const first = await call('POST', '/api/devices/enroll', { code: code.toLowerCase(), publicKey, label: 't' });
    expect(first.status).toBe(200);
    expect(first.json.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    // A lost reply: the same code and key again answer the same, and the key still opens sessions.
    const repeat = await call('POST', '/api/devices/enroll', { code, publicKey, label: 't' });
    expect(repeat).toEqual(first);
    await prove(first.json.deviceId as string, keys);
    // Another key with a used code: refused. A tablet cannot name its id.
    const other = await publicJwk(await generateDeviceKey());
    const again = await call('POST', '/api/devices/enroll', { code, publicKey: other, label: 't' });
    expect(again.status).toBe(403);
    expect(again.json.error).toMatch(/wrong, expired or already used/);
    const named = await call('POST', '/api/devices/enroll', {
      code: await issueEnrollmentCode(store, 'x', now()),
      publicKey: other,
      label: 't',
      deviceId: first.json.deviceId,
    });
    expect(named.status).toBe(400);
    expect(named.json.details).toEqual(['(body): unknown field(s): deviceId']);
    // A private key (d) is refused, and so is a point that is not on the curve.
    const withPrivate = { ...publicKey, d: publicKey.x };
    expect((await call('POST', '/api/devices/enroll', { code, publicKey: withPrivate, label: 't' })).status).toBe(400);
    const offCurve = { ...other, y: other.x };
    const bad = await call('POST', '/api/devices/enroll', {
      code: await issueEnrollmentCode(store, 'x', now()),
      publicKey: offCurve,
      label: 't',
    });
    expect(bad.status).toBe(400);
    const expired = await issueEnrollmentCode(store, 'x', now() - 48 * 3600_000);
    expect((await call('POST', '/api/devices/enroll', { code: expired, publicKey: other, label: 't' })).status).toBe(
      403,
    );
  });

  it('revocation is final: sessions stop, the key cannot open a new one or enrol again with a fresh code', async () => {
    const { deviceId, token, keys } = await enrol();
    expect((await call('GET', '/api/sync/pull', undefined, token)).status).toBe(200);
    expect((await call('POST', `/api/admin/devices/${deviceId}/revoke`, {}, 'wrong-admin')).status).toBe(401);
    expect((await call('POST', `/api/admin/devices/${deviceId}/revoke`, {}, 'admin-secret-token')).status).toBe(200);
    expect((await call('GET', '/api/sync/pull', undefined, token)).status).toBe(401);
    expect((await call('POST', '/api/devices/challenge', { deviceId })).status).toBe(401);
    const code = await issueEnrollmentCode(store, 'x', now());
    const reenrol = await call('POST', '/api/devices/enroll', { code, publicKey: await publicJwk(keys), label: 't' });
    expect(reenrol.status).toBe(403);
    expect(reenrol.json.error).toMatch(/revoked and cannot be enrolled again/);
    expect(await store.deviceDek(deviceId)).toBeUndefined(); // its data key is gone
  });

  it('a challenge is single-use, bound to its device, and a wrong signature opens nothing', async () => {
    const a = await enrol();
    const b = await enrol();
    const c = await call('POST', '/api/devices/challenge', { deviceId: a.deviceId });
    const challenge = c.json.challenge as string;
    const signature = await signChallenge(a.keys, a.deviceId, challenge);
    // b's key over a's challenge, or a's signature presented for b: refused (and the challenge is spent).
    const forged = await signChallenge(b.keys, a.deviceId, challenge);
    expect(
      (await call('POST', '/api/devices/session', { deviceId: a.deviceId, challenge, signature: forged })).status,
    ).toBe(401);
    expect((await call('POST', '/api/devices/session', { deviceId: a.deviceId, challenge, signature })).status).toBe(
      401,
    );
    const c2 = (await call('POST', '/api/devices/challenge', { deviceId: a.deviceId })).json.challenge as string;
    const sig2 = await signChallenge(a.keys, a.deviceId, c2);
    expect(
      (await call('POST', '/api/devices/session', { deviceId: b.deviceId, challenge: c2, signature: sig2 })).status,
    ).toBe(401);
    const c3 = (await call('POST', '/api/devices/challenge', { deviceId: a.deviceId })).json.challenge as string;
    const sig3 = await signChallenge(a.keys, a.deviceId, c3);
    expect(
      (await call('POST', '/api/devices/session', { deviceId: a.deviceId, challenge: c3, signature: sig3 })).status,
    ).toBe(200);
    // Replaying the same signed answer: the challenge is spent.
    expect(
      (await call('POST', '/api/devices/session', { deviceId: a.deviceId, challenge: c3, signature: sig3 })).status,
    ).toBe(401);
  });

  it('stores each event once: pushing the same batch twice changes nothing', async () => {
    const { deviceId, token } = await enrol();
    const f = eventFactory(deviceId);
    const runId = randomUUID();
    const events = [f.created(runId), f.answer(runId), f.answer(runId, 'requestMatches')];
    const batchId = randomUUID();
    const first = await push(token, events, batchId);
    expect(first.status).toBe(200);
    expect(first.json.accepted).toHaveLength(3);
    const second = await push(token, events, batchId);
    expect(second).toEqual(first);
    const other = await push(token, events); // same events, new batch id: all duplicates
    expect(other.json.accepted).toEqual([]);
    expect(other.json.duplicates).toHaveLength(3);
    expect(await store.eventCount()).toBe(3);
  });

  it('refuses a bad request with a 4xx and a clear message, storing nothing', async () => {
    const { deviceId, token } = await enrol();
    const f = eventFactory(deviceId);
    const runId = randomUUID();
    const bad = async (
      status: number,
      r: Promise<{ status: number; json: Record<string, unknown> }>,
      message: RegExp,
    ) => {
      const res = await r;
      expect(res.status).toBe(status);
      expect(JSON.stringify(res.json)).toMatch(message);
    };
    await bad(400, call('POST', '/api/sync/push', undefined, token, '{"batchId": "x", "events": [tru'), /JSON/i);
    await bad(
      400,
      call('POST', '/api/sync/push', { batchId: randomUUID(), events: [f.created(runId)], extra: 1 }, token),
      /unknown field.*extra/,
    );
    await bad(
      400,
      call('POST', '/api/sync/push', { batchId: 'not-a-uuid', events: [f.created(runId)] }, token),
      /batchId/,
    );
    await bad(
      413,
      push(
        token,
        Array.from({ length: 1001 }, () => f.answer(runId)),
      ),
      /at most 1000|too large/,
    );
    const batchId = randomUUID();
    expect((await push(token, [f.created(runId)], batchId)).status).toBe(200);
    await bad(409, push(token, [f.answer(runId)], batchId), /batch id was already used/);
    await bad(400, call('GET', '/api/sync/pull?after=-1', undefined, token), /after/);
    await bad(400, call('GET', '/api/sync/pull?limit=abc', undefined, token), /limit/);
    expect(await store.eventCount()).toBe(1);
  });

  it('refuses bad events one by one, with the reason, and stores the good ones beside them', async () => {
    const { deviceId, token } = await enrol();
    const f = eventFactory(deviceId);
    const runId = randomUUID();
    const stored = f.created();
    expect((await push(token, [stored])).status).toBe(200);
    const good = [f.created(runId), f.answer(runId)];
    const events = [
      { ...f.created(), at: 'yesterday' },
      good[0],
      { ...f.created(), colour: 'red' },
      f.answer(randomUUID()),
      f.created(randomUUID(), 'P-2', { id: 'chest-ct', version: 99 }),
      eventFactory().created(),
      { ...stored, at: stored.at + 1 },
      good[1],
    ];
    const res = await push(token, events);
    expect(res.status).toBe(200);
    expect(res.json.accepted).toEqual(good.map((e) => e!.id));
    const refused = res.json.refused as {
      index: number;
      status: number;
      code: string;
      error: string;
      details?: string[];
      retry: boolean;
    }[];
    expect(refused.map((r) => [r.index, r.status, r.code, r.retry])).toEqual([
      [0, 400, 'invalid', false],
      [2, 400, 'invalid', false],
      [3, 422, 'runUnknown', true],
      [4, 422, 'sopUnknown', true],
      [5, 403, 'foreignDevice', false],
      [6, 409, 'idConflict', false],
    ]);
    expect(refused[0]!.details!.join()).toMatch(/events\[0\]\.at/);
    expect(refused[1]!.details!.join()).toMatch(/unknown field.*colour/);
    expect(refused[2]!.error).toMatch(/does not know run/);
    expect(refused[3]!.error).toMatch(/does not have chest-ct@99/);
    expect(refused[4]!.error).toMatch(/device/);
    expect(refused[5]!.error).toMatch(/other content/);
    expect(await store.eventCount()).toBe(3);
  });

  it('accepts a non-built-in SOP version sent with the runs that pin it, and serves it in pull', async () => {
    const { deviceId, token } = await enrol();
    const f = eventFactory(deviceId);
    // A version past the built-in ones: only the tablet that pushes it knows it.
    const v2 = { ...structuredClone(chestCt), version: chestCt.version + 1 };
    const e = f.created(randomUUID(), 'P-3', { id: 'chest-ct', version: v2.version });
    expect((await push(token, [e])).json.refused).toMatchObject([{ code: 'sopUnknown', retry: true }]);
    expect((await push(token, [e], randomUUID(), [v2])).json.accepted).toEqual([e.id]);
    const reader = await enrol();
    const pulled = await call('GET', '/api/sync/pull', undefined, reader.token);
    expect((pulled.json.sops as { definition: { version: number } }[]).map((s) => s.definition.version)).toEqual([
      v2.version,
    ]);
    const changed = { ...v2, title: 'abdomenCt.title' };
    const conflict = await push(
      token,
      [f.created(randomUUID(), 'P-4', { id: 'chest-ct', version: v2.version })],
      randomUUID(),
      [changed],
    );
    expect(conflict.status).toBe(200);
    expect(conflict.json.refused).toMatchObject([{ status: 409, code: 'sopConflict', retry: false }]);
  });

  it('pulls pages of other devices’ events after a cursor', async () => {
    const a = await enrol();
    const b = await enrol();
    const fa = eventFactory(a.deviceId);
    const runId = randomUUID();
    const events = [fa.created(runId), ...Array.from({ length: 24 }, () => fa.answer(runId))];
    expect((await push(a.token, events)).status).toBe(200);
    const ids: string[] = [];
    let after = 0;
    for (let page = 0; page < 10; page++) {
      const r = await call('GET', `/api/sync/pull?after=${after}&limit=10`, undefined, b.token);
      ids.push(...(r.json.events as { id: string }[]).map((e) => e.id));
      after = (r.json.cursor as { events: number }).events;
      if (!r.json.more) break;
    }
    expect(ids).toEqual(events.map((e) => e.id));
    const own = await call('GET', '/api/sync/pull', undefined, a.token);
    expect(own.json.events).toEqual([]);
    expect((own.json.cursor as { events: number }).events).toBe(25);
  });

  it('keeps patient identifiers out of URLs and log lines', async () => {
    const { deviceId, token } = await enrol();
    const f = eventFactory(deviceId);
    const runId = randomUUID();
    await push(token, [f.created(runId, 'PATIENT-SECRET-4711')]);
    await push(token, [{ ...f.created(runId, 'PATIENT-SECRET-4711'), colour: 1 }]);
    await call('GET', '/api/sync/pull', undefined, token);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain('PATIENT-SECRET-4711');
  });
});
