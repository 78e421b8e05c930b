// The sync API over real HTTP on 127.0.0.1, against a real SQLite file and a real PostgreSQL.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import { issueEnrollmentCode } from '../../src/server/auth';
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

  const call = async (method: string, path: string, body?: unknown, token?: string, raw?: string) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> };
  };
  async function enrol(deviceId = randomUUID()) {
    const code = await issueEnrollmentCode(store, 'test tablet', now());
    const r = await call('POST', '/api/devices/enroll', { code, deviceId, label: 'CT 1 tablet' });
    expect(r.status).toBe(200);
    return { deviceId, token: r.json.token as string };
  }
  const push = (token: string, events: unknown[], batchId: string = randomUUID(), sops?: unknown[]) =>
    call('POST', '/api/sync/push', { batchId, events, ...(sops && { sops }) }, token);

  it('answers health without a token and everything else only with one', async () => {
    expect((await call('GET', '/api/health')).status).toBe(200);
    expect((await call('GET', '/api/sync/pull')).status).toBe(401);
    expect((await call('GET', '/api/sync/pull', undefined, 'not-a-token')).json.error).toMatch(/not valid/);
    expect((await call('POST', '/api/sync/push', { batchId: randomUUID(), events: [] })).status).toBe(401);
    expect((await call('GET', '/api/config')).status).toBe(401);
  });

  it('enrols with a one-time code only', async () => {
    const code = await issueEnrollmentCode(store, 'x', now());
    const first = await call('POST', '/api/devices/enroll', {
      code: code.toLowerCase(),
      deviceId: randomUUID(),
      label: 't',
    });
    expect(first.status).toBe(200);
    const again = await call('POST', '/api/devices/enroll', { code, deviceId: randomUUID(), label: 't' });
    expect(again.status).toBe(403);
    expect(again.json.error).toMatch(/wrong, expired or already used/);
    // The same tablet may retry shortly after (its reply was lost): a fresh token, the old one void.
    const deviceId = randomUUID();
    const retryCode = await issueEnrollmentCode(store, 'x', now());
    const a = await call('POST', '/api/devices/enroll', { code: retryCode, deviceId, label: 't' });
    const b = await call('POST', '/api/devices/enroll', { code: retryCode, deviceId, label: 't' });
    expect(b.status).toBe(200);
    expect((await call('GET', '/api/sync/pull', undefined, a.json.token as string)).status).toBe(401);
    expect((await call('GET', '/api/sync/pull', undefined, b.json.token as string)).status).toBe(200);
    const expired = await issueEnrollmentCode(store, 'x', now() - 48 * 3600_000);
    expect(
      (await call('POST', '/api/devices/enroll', { code: expired, deviceId: randomUUID(), label: 't' })).status,
    ).toBe(403);
  });

  it('revoked tokens stop working', async () => {
    const { deviceId, token } = await enrol();
    expect((await call('GET', '/api/sync/pull', undefined, token)).status).toBe(200);
    expect((await call('POST', `/api/admin/devices/${deviceId}/revoke`, {}, 'wrong-admin')).status).toBe(401);
    expect((await call('POST', `/api/admin/devices/${deviceId}/revoke`, {}, 'admin-secret-token')).status).toBe(200);
    expect((await call('GET', '/api/sync/pull', undefined, token)).status).toBe(401);
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
    const v2 = { ...structuredClone(chestCt), version: 2 };
    const e = f.created(randomUUID(), 'P-3', { id: 'chest-ct', version: 2 });
    expect((await push(token, [e])).json.refused).toMatchObject([{ code: 'sopUnknown', retry: true }]);
    expect((await push(token, [e], randomUUID(), [v2])).json.accepted).toEqual([e.id]);
    const reader = await enrol();
    const pulled = await call('GET', '/api/sync/pull', undefined, reader.token);
    expect((pulled.json.sops as { definition: { version: number } }[]).map((s) => s.definition.version)).toEqual([2]);
    const changed = { ...v2, title: 'abdomenCt.title' };
    const conflict = await push(token, [f.created(randomUUID(), 'P-4', { id: 'chest-ct', version: 2 })], randomUUID(), [
      changed,
    ]);
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
