// Guards of the push path that each failed once or could: identical events twice in one batch, two
// bodies under one id, a replayed batch id with a different SOP body, and content the wire used to
// rewrite (trimmed reasons and patient IDs): stored as sent, or refused — never changed.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chestCt } from '../../src/sops/chest-ct.sop';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { eventFactory } from './fixtures';
import { openHarness, type Harness } from './harness';
import { STORES } from './stores';

/** Server bookkeeping added to pulled events: not part of the event. */
const withoutServerFields = (e: Record<string, unknown>) => {
  const copy = { ...e };
  delete copy.serverSeq;
  delete copy.receivedAt;
  return copy;
};

describe.each(STORES)('push guards on $name', (factory) => {
  let h: Harness;
  let device: Awaited<ReturnType<Harness['enrol']>>;
  beforeEach(async () => {
    h = await openHarness(factory);
    device = await h.enrol();
  });
  afterEach(() => h.close());

  const push = (events: unknown[], batchId: string = randomUUID(), sops?: unknown[]) =>
    h.call('POST', '/api/sync/push', { device: device.token }, { batchId, events, ...(sops && { sops }) });
  const pullAll = async () => {
    const reader = await h.enrol();
    const user = await h.tokenFor(await h.addUser('technologist'), reader.deviceId);
    const r = await h.call('GET', '/api/sync/pull?limit=100', { device: reader.token, user });
    return (r.json.events as Record<string, unknown>[]).map(withoutServerFields);
  };

  it('the same event twice in one batch is stored once and acknowledged once', async () => {
    const f = eventFactory(device.deviceId);
    const created = f.created();
    const res = await push([created, structuredClone(created)]);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ accepted: [created.id], duplicates: [] });
    expect(await h.store.eventCount()).toBe(1);
  });

  it('two different bodies under one id in one batch are both refused; the other events are stored', async () => {
    const f = eventFactory(device.deviceId);
    const created = f.created();
    const other = f.created();
    const res = await push([created, { ...created, at: created.at + 1 }, other]);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      accepted: [other.id],
      refused: [
        {
          index: 0,
          id: created.id,
          code: 'idConflict',
          error: expect.stringMatching(/two different events with this id/),
        },
        { index: 1, id: created.id, code: 'idConflict' },
      ],
    });
    expect(await h.store.eventCount()).toBe(1);
  });

  it('a replayed batch id with the same events but a different SOP body is a conflict, not the stored answer', async () => {
    const f = eventFactory(device.deviceId);
    const v2 = { ...structuredClone(chestCt), version: 2 };
    const run = f.created(randomUUID(), 'P-5', { id: 'chest-ct', version: 2 });
    const batchId = randomUUID();
    expect((await push([run], batchId, [v2])).status).toBe(200);
    expect((await push([run], batchId, [v2])).status).toBe(200); // a true replay is answered as the first time
    const edited = { ...v2, title: 'abdomenCt.title' };
    const replay = await push([run], batchId, [edited]);
    expect(replay.status).toBe(409);
    expect(replay.json.error).toMatch(/batch id was already used for different content/);
  });

  it('stores a reason with surrounding spaces exactly as sent, and refuses a padded patient ID instead of trimming it', async () => {
    const f = eventFactory(device.deviceId);
    const runId = randomUUID();
    const created = f.created(runId);
    const skip = { ...f.next(runId), payload: { type: 'skip', reason: '  patient in pain  ' } } as SyncEvent;
    expect((await push([created, skip])).status).toBe(200);
    expect(await pullAll()).toEqual([created, skip]);

    const padded = f.created(randomUUID(), '  P-9 ');
    const refused = await push([padded]);
    expect(refused.status).toBe(200);
    expect(refused.json.refused).toMatchObject([{ id: padded.id, status: 400, code: 'invalid' }]);
    expect(JSON.stringify(refused.json)).toMatch(/patientId: must not start or end with a space/);
    expect(await h.store.eventCount()).toBe(2);
  });
});
