// Quality moves only some roles may make (a QA lead reviews QC, approves a return to service, moves
// an adverse-event report; an administrator keeps the register) are checked on push, event by event:
// the server vouches for such a move only when its author is the person signed in on the pushing
// tablet and holds the role. A move by someone without the role is refused for good (the tablet
// quarantines it with the reason); one whose author is not signed in waits; the rest of the batch is stored.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/domain/clock/hlc';
import { eventType } from '../../src/domain/events/registry';
import type { Refusal } from '../../src/domain/sync/protocol.schema';
import { openHarness, START, type Harness, type Who } from './harness';
import { STORES } from './stores';

describe.each(STORES)('role-checked quality moves on push, on $name', (factory) => {
  let h: Harness;
  let deviceId = '';
  let seq = 0;
  const who: Record<'device' | 'tech' | 'qa' | 'admin', Who> = { device: {}, tech: {}, qa: {}, admin: {} };
  const ids = { tech: '', qa: '', admin: '' };

  const ev = (type: string, user: string, payload: unknown = eventType(type)!.example) => {
    seq++;
    const at = START + seq * 1000;
    const rule = eventType(type)!.stream;
    return {
      id: randomUUID(),
      streamId: rule.kind === 'derived' ? rule.streamId(payload, deviceId) : '',
      at,
      hlc: encodeHlc({ wall: at, counter: 0 }),
      user,
      device: deviceId,
      deviceSeq: seq,
      type,
      payload,
    };
  };
  const push = async (as: Who, events: unknown[]) => {
    const r = await h.call('POST', '/api/sync/push', as, { batchId: randomUUID(), events });
    expect(r.status).toBe(200);
    return r.json as { accepted: string[]; refused: Refusal[] };
  };

  beforeAll(async () => {
    h = await openHarness(factory);
    const d = await h.enrol();
    deviceId = d.deviceId;
    const [t, q, a] = [await h.addUser('technologist'), await h.addUser('qaLead'), await h.addUser('admin')];
    Object.assign(ids, { tech: t.id, qa: q.id, admin: a.id });
    who.device = { device: d.token };
    who.tech = { device: d.token, user: await h.tokenFor(t, d.deviceId) };
    who.qa = { device: d.token, user: await h.tokenFor(q, d.deviceId) };
    who.admin = { device: d.token, user: await h.tokenFor(a, d.deviceId) };
  });
  afterAll(async () => {
    await h.close();
  });

  it("refuses a technologist's review, approval and report move one by one, and stores the rest of the batch", async () => {
    const recorded = ev('qc.resultRecorded', ids.tech);
    const reported = ev('adverse.reported', ids.tech);
    const moves = [
      ev('qc.resultReviewed', ids.tech),
      ev('service.returnApproved', ids.tech),
      ev('adverse.statusChanged', ids.tech),
    ];
    const res = await push(who.tech, [recorded, moves[0], reported, moves[1], moves[2]]);
    expect(res.accepted).toEqual([recorded.id, reported.id]);
    expect(res.refused.map((r) => [r.index, r.id, r.status, r.code, r.retry, r.error])).toEqual([
      [1, moves[0]!.id, 403, 'forbidden', false, 'only a QA lead may review a QC result (recorded by a technologist)'],
      [
        3,
        moves[1]!.id,
        403,
        'forbidden',
        false,
        'only a QA lead may approve a return to service (recorded by a technologist)',
      ],
      [
        4,
        moves[2]!.id,
        403,
        'forbidden',
        false,
        'only a QA lead may review or close an adverse-event report (recorded by a technologist)',
      ],
    ]);
    // Refused for good: sent again, it is refused again and never stored.
    const again = await push(who.tech, [moves[0]]);
    expect(again.accepted).toEqual([]);
    expect(again.refused.map((r) => r.code)).toEqual(['forbidden']);
  });

  it('stores the same moves by a signed-in QA lead, and register changes only by an administrator', async () => {
    const qaMoves = [
      ev('qc.resultReviewed', ids.qa),
      ev('service.returnApproved', ids.qa),
      ev('adverse.statusChanged', ids.qa),
      ev('qc.testSetDefined', ids.qa),
    ];
    const registered = ev('equipment.registered', ids.qa);
    const res = await push(who.qa, [...qaMoves, registered]);
    expect(res.accepted).toEqual(qaMoves.map((e) => e.id));
    expect(res.refused.map((r) => [r.id, r.code, r.error])).toEqual([
      [registered.id, 'forbidden', 'only an administrator may register equipment (recorded by a QA lead)'],
    ]);
    const byAdmin = [ev('equipment.registered', ids.admin), ev('equipment.statusSet', ids.admin)];
    expect((await push(who.admin, byAdmin)).accepted).toEqual(byAdmin.map((e) => e.id));
  });

  it("keeps a QA lead's move waiting while its author is not the one signed in, and stores it once they are", async () => {
    const review = ev('qc.resultReviewed', ids.qa);
    const alone = await push(who.device, [review]);
    const tech = await push(who.tech, [review]);
    for (const r of [alone, tech]) {
      expect(r.accepted).toEqual([]);
      expect(r.refused.map((x) => [x.code, x.retry, x.status])).toEqual([['authorSignIn', true, 403]]);
    }
    expect(tech.refused[0]!.error).toBe(
      'only a QA lead may review a QC result: it is stored once its author is signed in on this tablet, and sent again then',
    );
    expect((await push(who.qa, [review])).accepted).toEqual([review.id]);
  });

  it('records without a role condition need no sign-in', async () => {
    const plain = [
      ev('qc.resultRecorded', ids.tech),
      ev('imageQc.recorded', ids.tech),
      ev('adverse.amended', ids.tech),
    ];
    expect((await push(who.device, plain)).accepted).toEqual(plain.map((e) => e.id));
  });
});
