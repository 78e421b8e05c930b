// Issue 9's findings on the server, on SQLite and PostgreSQL: text neither store can hold is refused
// with a 400 (never a 5xx, and nothing after it breaks); a replayed batch answers with the time of
// the replay; stamps more than 5 minutes ahead are refused with a clear reason (sent again later);
// a reused sequence number and a second run.created are refused; gaps in a device's numbers are
// listed for administrators, with the refused events that explain them.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/domain/clock/hlc';
import type { Refusal, SyncEvent } from '../../src/domain/sync/protocol.schema';
import { chestCt } from '../../src/sops/chest-ct.sop';
import { eventFactory } from './fixtures';
import { ADMIN_TOKEN, openHarness, type Harness } from './harness';
import { STORES } from './stores';

describe.each(STORES)('push answers on $name', (factory) => {
  let h: Harness;
  let device: Awaited<ReturnType<Harness['enrol']>>;
  beforeEach(async () => {
    h = await openHarness(factory);
    device = await h.enrol();
  });
  afterEach(() => h.close());

  const push = (events: unknown[], batchId: string = randomUUID(), sops?: unknown[]) =>
    h.call('POST', '/api/sync/push', { device: device.token }, { batchId, events, ...(sops && { sops }) });
  const refusals = (r: { json: Record<string, unknown> }) => r.json.refused as Refusal[];

  it('refuses NUL and lone surrogates anywhere in an event with a 400, and every route still answers', async () => {
    const f = eventFactory(device.deviceId);
    const runId = randomUUID();
    const created = f.created(runId);
    const bad: unknown[] = [
      { ...f.answer(runId, 'notes', 'before\u0000after') },
      { ...f.answer(runId, 'notes', 'broken \ud800 text') },
      { ...f.next(runId), user: 'tech\u0000' },
      { ...f.next(runId), streamId: `${runId}\u0000` },
      { ...f.next(runId), payload: { type: 'next', 'x\u0000': 1 } },
      { ...f.next(runId), hlc: `${f.next(runId).hlc}\udc00` },
      { ...f.created(randomUUID(), 'P-\u0000') },
    ];
    const res = await push([created, ...bad, f.answer(runId)]);
    expect(res.status).toBe(200);
    expect(res.json.accepted).toHaveLength(2);
    expect(refusals(res).map((r) => [r.status, r.code])).toEqual(bad.map(() => [400, 'invalid']));
    for (const r of refusals(res)) expect(r.details!.join()).toMatch(/NUL character|unpaired surrogate/);
    expect(res.body).not.toContain('\\u0000'); // not even escaped: field names are not echoed
    // An SOP definition with a NUL: refused, and the run that pins it with it.
    // A version past the built-in ones (2 is built in since the v2 cards).
    const v2 = { ...structuredClone(chestCt), version: 9, title: 'chestCt.title\u0000' };
    const pinned = f.created(randomUUID(), 'P-7', { id: 'chest-ct', version: 9 });
    const sopRes = await push([pinned], randomUUID(), [v2]);
    expect(refusals(sopRes)).toMatchObject([{ status: 400, code: 'sopInvalid' }]);
    expect(sopRes.json.refusedSops).toMatchObject([{ index: 0, error: expect.stringMatching(/NUL/) }]);
    // Everything that reads the log still answers.
    const admin = await h.addUser('admin');
    const as = { device: device.token, user: await h.tokenFor(admin, device.deviceId) };
    for (const url of [
      '/api/audit?limit=10',
      '/api/exports/exam-records?from=2026-01-01&to=2027-01-01',
      '/api/figures',
    ])
      expect((await h.call('GET', url, as)).status, url).toBe(200);
    const reader = await h.enrol();
    const readerUser = await h.tokenFor(await h.addUser('technologist'), reader.deviceId);
    const pulled = await h.call('GET', '/api/sync/pull', { device: reader.token, user: readerUser });
    expect(pulled.json.events).toHaveLength(2);
  });

  it('answers a replayed batch as the first time, but with the current server time', async () => {
    const f = eventFactory(device.deviceId);
    const batchId = randomUUID();
    const events = [f.created()];
    const first = await push(events, batchId);
    h.advance(7_000);
    const again = await push(events, batchId);
    expect(again.json).toEqual({ ...first.json, serverTime: (first.json.serverTime as number) + 7_000 });
  });

  it('refuses stamps more than 5 minutes ahead of its clock, with the reason, and takes them once due', async () => {
    const f = eventFactory(device.deviceId, h.now());
    const runId = randomUUID();
    const created = { ...f.created(runId), at: h.now() + 4 * 60_000 }; // 4 minutes ahead: fine
    const ahead = f.answer(runId);
    const future = { ...ahead, at: h.now() + 400 * 86_400_000 }; // 400 days ahead
    const fastClock = { ...f.answer(runId), hlc: encodeHlc({ wall: h.now() + 6 * 60_000, counter: 0 }) };
    const res = await push([created, future, fastClock]);
    expect(res.json.accepted).toEqual([created.id]);
    expect(refusals(res)).toMatchObject([
      { id: future.id, status: 422, code: 'clockAhead', retry: true },
      { id: fastClock.id, status: 422, code: 'clockAhead', retry: true },
    ]);
    expect(refusals(res)[0]!.error).toMatch(/576000 min ahead of the server's clock .* tablet's clock wrong/);
    h.advance(2 * 60_000);
    expect((await push([fastClock])).json.accepted).toEqual([fastClock.id]); // now within 5 minutes
  });

  it('refuses a reused sequence number and a second run.created, and lists gaps for administrators', async () => {
    const f = eventFactory(device.deviceId);
    const runId = randomUUID();
    const created = f.created(runId); // deviceSeq 1
    const a1 = f.answer(runId); // 2
    expect((await push([created, a1])).json.accepted).toHaveLength(2);
    const reused = { ...f.answer(runId), deviceSeq: 2 }; // its own number (3) is never used
    const twice = { ...f.created(randomUUID()), streamId: runId, payload: { ...created.payload } } as SyncEvent; // 4
    const refusedHere = { ...f.answer(runId, 'notes', 'x'.repeat(5000)) }; // 5: too long, refused
    f.next(runId); // 6: never sent (lost)
    const later = f.next(runId); // 7
    const res = await push([reused, twice, refusedHere, later]);
    expect(res.json.accepted).toEqual([later.id]);
    expect(refusals(res).map((r) => [r.code, r.status])).toEqual([
      ['seqReused', 409],
      ['runExists', 409],
      ['invalid', 400],
    ]);
    expect(refusals(res)[0]!.error).toMatch(/deviceSeq 2 of this device already names event/);
    expect(refusals(res)[1]!.error).toMatch(`run ${runId} was already created by event ${created.id}`);

    const gaps = await h.call('GET', '/api/admin/sync/gaps', { bearer: ADMIN_TOKEN });
    expect(gaps.status).toBe(200);
    expect(gaps.json.gaps).toEqual([
      {
        device: device.deviceId,
        label: 'test tablet',
        expected: 3,
        got: 7,
        refused: [
          { deviceSeq: 4, eventId: twice.id, code: 'runExists', error: expect.any(String), at: h.now() },
          { deviceSeq: 5, eventId: refusedHere.id, code: 'invalid', error: expect.any(String), at: h.now() },
        ],
      },
    ]);
  });
});
