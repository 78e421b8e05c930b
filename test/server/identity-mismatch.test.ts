// identity.mismatch on the server, on both stores: a booked run's identity mismatch pushed by a
// tablet is stored once (a resend is harmless) and reaches the other tablets on pull; a malformed
// one is refused naming the field, and stores nothing. QA leads and admins list them (newest first,
// audited as a read); a technologist may not.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/domain/clock/hlc';
import type { IdentityMismatch } from '../../src/domain/events/identity.events';
import { eventType } from '../../src/domain/events/registry';
import type { Refusal } from '../../src/domain/sync/protocol.schema';
import { openHarness, START, type Harness, type Who } from './harness';
import { STORES } from './stores';

describe.each(STORES)('identity mismatches on $name', (factory) => {
  let h: Harness;
  let writer = { deviceId: '', who: {} as Who };
  let reader = { deviceId: '', who: {} as Who };
  let qa = {} as Who;
  let seq = 0;

  const ev = (payload: unknown) => {
    seq++;
    const at = START + seq * 1000;
    return {
      id: randomUUID(),
      streamId: `identity:${writer.deviceId}`,
      at,
      hlc: encodeHlc({ wall: at, counter: 0 }),
      user: 'u-tech',
      device: writer.deviceId,
      deviceSeq: seq,
      type: 'identity.mismatch',
      payload,
    };
  };
  const push = async (events: unknown[]) => {
    const r = await h.call('POST', '/api/sync/push', writer.who, { batchId: randomUUID(), events });
    expect(r.status).toBe(200);
    return r.json as { accepted: string[]; refused: Refusal[] };
  };
  const mismatch = (over: Partial<IdentityMismatch> = {}): IdentityMismatch => ({
    ...(eventType('identity.mismatch')!.example as IdentityMismatch),
    mismatchId: randomUUID(),
    ...over,
  });

  beforeAll(async () => {
    h = await openHarness(factory, { timeZone: 'UTC' });
    const tech = await h.addUser('technologist');
    for (const side of ['writer', 'reader'] as const) {
      const d = await h.enrol();
      const who = { device: d.token, user: await h.tokenFor(tech, d.deviceId) };
      if (side === 'writer') writer = { deviceId: d.deviceId, who };
      else reader = { deviceId: d.deviceId, who };
    }
    qa = { device: reader.who.device, user: await h.tokenFor(await h.addUser('qaLead'), reader.deviceId) };
  });
  afterAll(async () => {
    await h.close();
  });

  it('stores a mismatch once and another tablet pulls it as sent', async () => {
    const e = ev(mismatch({ fields: ['patientId', 'name'], confirmed: { patientId: 'MRN-1', name: '李娜' } }));
    expect((await push([e])).accepted).toEqual([e.id]);
    expect((await push([e])).refused).toEqual([]); // a resend after a lost answer is harmless
    const pulled = await h.call('GET', '/api/sync/pull?after=0&limit=2000', reader.who);
    expect(pulled.status).toBe(200);
    const got = (pulled.json.events as { id: string; type: string; payload: unknown }[]).filter(
      (x) => x.type === 'identity.mismatch',
    );
    expect(got).toEqual([expect.objectContaining({ id: e.id, payload: e.payload })]); // once, as sent
  });

  it('refuses a malformed mismatch naming the field, and stores nothing of it', async () => {
    const bad = ev(mismatch({ fields: [] }));
    const badDate = ev(mismatch({ confirmed: { birthDate: '3.2.1961' } }));
    const r = await push([bad, badDate]);
    expect(r.accepted).toEqual([]);
    expect(r.refused.map((x) => [x.id, x.code, (x.details ?? []).join('; ')])).toEqual([
      [bad.id, 'invalid', expect.stringContaining('payload.fields')],
      [badDate.id, 'invalid', expect.stringContaining('payload.confirmed.birthDate')],
    ]);
    const pulled = await h.call('GET', '/api/sync/pull?after=0&limit=2000', reader.who);
    const ids = (pulled.json.events as { id: string }[]).map((x) => x.id);
    expect(ids).not.toContain(bad.id);
    expect(ids).not.toContain(badDate.id);
  });

  it('lists the recorded mismatches for QA, newest first, opened; the read is audited; technologists may not', async () => {
    const older = ev(mismatch({ fields: ['birthDate'], accessionNumber: 'ACC-OLD-1' }));
    const newer = ev(mismatch({ fields: ['patientId'], confirmed: { patientId: 'MRN-OTHER' } }));
    await push([older, newer]);
    const list = await h.call('GET', '/api/integration/identity-mismatches', qa);
    expect(list.status).toBe(200);
    const rows = list.json.mismatches as (IdentityMismatch & { at: number; device: string })[];
    expect(rows.slice(0, 2)).toEqual([
      expect.objectContaining({
        ...(newer.payload as IdentityMismatch),
        at: newer.at,
        device: writer.deviceId,
        user: 'u-tech',
      }),
      expect.objectContaining({ ...(older.payload as IdentityMismatch), at: older.at }),
    ]);
    expect(rows.map((r) => r.mismatchId)).not.toContain(
      (ev(mismatch({ fields: [] })).payload as IdentityMismatch).mismatchId,
    );
    expect((await h.call('GET', '/api/integration/identity-mismatches', reader.who)).status).toBe(403);
    const audits = await h.store.auditEntries({ action: 'data.read', from: 0, to: 8e15, limit: 10, offset: 0 });
    expect(audits.map((a) => [a.subject, a.detail])).toContainEqual([
      'integration.identityMismatches',
      `${rows.length} mismatches`,
    ]);
    expect(JSON.stringify(audits)).not.toContain('MRN-OTHER');
  });
});
