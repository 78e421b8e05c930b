// Names, labels and identifiers refuse control and invisible characters (NUL, bidi overrides,
// zero-width) on both stores, naming the field, and store nothing; a Persian name keeps its ZWNJ.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { eventFactory } from './fixtures';
import { ADMIN_TOKEN, openHarness, PIN, type Harness, type UUID } from './harness';
import { STORES } from './stores';

const BAD = { nul: 'P\u0000-1', rlo: 'P-1\u202E9-', zwsp: 'P\u200B-1', isolate: 'P-\u20661', bom: '\uFEFFP-1' };

describe.each(STORES)('invisible characters on $name', (factory) => {
  let h: Harness;
  let tablet: { deviceId: UUID; token: string };
  let admin: { device: string; user: string };
  beforeEach(async () => {
    h = await openHarness(factory);
    tablet = await h.enrol();
    admin = { device: tablet.token, user: await h.tokenFor(await h.addUser('admin'), tablet.deviceId) };
  });
  afterEach(() => h.close());

  const run = (patient: Record<string, unknown>, scanner?: string) => {
    const e = eventFactory(tablet.deviceId).created(randomUUID(), 'P-1') as Extract<SyncEvent, { type: 'run.created' }>;
    return {
      ...e,
      payload: { ...e.payload, ...(scanner && { scanner }), patient: { ...e.payload.patient!, ...patient } },
    };
  };
  const push = (event: unknown) =>
    h.call('POST', '/api/sync/push', { device: tablet.token }, { batchId: randomUUID(), events: [event] });

  it.each(Object.entries(BAD))(
    'refuses a patient id, name or scanner label with %s, storing nothing',
    async (_k, v) => {
      for (const event of [run({ patientId: v }), run({ name: `Zhang ${v}` }), run({}, `CT ${v}`)]) {
        const res = await push(event);
        expect(res.status).toBe(200); // answered event by event: this one refused for good
        expect(res.json.accepted).toEqual([]);
        expect(res.json.refused).toMatchObject([{ code: 'invalid', status: 400, retry: false }]);
        expect(JSON.stringify(res.json.refused)).toMatch(
          /(patientId|name|scanner): (must not contain control, invisible|contains a NUL)/,
        );
      }
      expect(await h.store.eventCount()).toBe(0);
    },
  );

  it('keeps the joiner a Persian name needs', async () => {
    expect((await push(run({ name: 'می\u200Cخواهم' }))).status).toBe(200);
  });

  it('refuses them in a display name and a tablet label', async () => {
    const user = await h.call('POST', '/api/admin/users', admin, {
      username: 'lee',
      displayName: 'Dr\u202E Lee',
      role: 'technologist',
      secret: PIN,
    });
    expect(user.status).toBe(400);
    expect(JSON.stringify(user.json)).toMatch(/displayName: must not contain control, invisible/);
    const code = await h.call('POST', '/api/admin/enrollment-codes', { bearer: ADMIN_TOKEN }, { label: 'CT\u200B 2' });
    expect(code.status).toBe(400);
    expect(JSON.stringify(code.json)).toMatch(/label: must not contain control, invisible/);
    const enrol = await h.call(
      'POST',
      '/api/devices/enroll',
      {},
      { code: 'ABCD1234', deviceId: randomUUID(), label: 'x\u0000' },
    );
    expect(enrol.status).toBe(400);
    expect(JSON.stringify(enrol.json)).toMatch(/label: must not contain control, invisible/);
    expect(await h.store.userByUsername('lee')).toBeUndefined();
  });
});
