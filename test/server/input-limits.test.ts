// Limits applied to a JSON body before it is parsed or validated: nesting depth and string length,
// each refused with a 400 that says which limit (reproduce: a 2,000-level nested condition in a pushed
// card crashed validation with a 500), on both stores; bodies within the limits are untouched.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, MAX_JSON_STRING_LENGTH } from '../../src/server/json-limits';
import { chestCt } from '../../src/sops/chest-ct.sop';
import { eventFactory } from './fixtures';
import { openHarness, type Harness, type UUID } from './harness';
import { STORES } from './stores';

describe.each(STORES)('JSON limits before parsing on $name', (factory) => {
  let h: Harness;
  let tablet: { deviceId: UUID; token: string };
  beforeEach(async () => {
    h = await openHarness(factory);
    tablet = await h.enrol();
  });
  afterEach(() => h.close());

  const pushCard = (sop: unknown) => {
    const created = eventFactory(tablet.deviceId).created(randomUUID(), 'P-1', { id: 'chest-ct', version: 9 });
    return h.call(
      'POST',
      '/api/sync/push',
      { device: tablet.token },
      { batchId: randomUUID(), events: [created], sops: [sop] },
    );
  };

  it('refuses a card with a 2,000-level nested condition with a 400 naming the limit, storing nothing', async () => {
    let when: unknown = { op: 'answered', item: 'twoIdentifiers' };
    for (let i = 0; i < 2000; i++) when = { op: 'not', of: when };
    const card = structuredClone(chestCt) as unknown as { version: number; steps: Record<string, unknown>[] };
    card.version = 9;
    card.steps[0]!.branches = [{ when, goto: card.steps[1]!.id }];
    const res = await pushCard(card);
    expect(res.status).toBe(400);
    expect(res.json.error).toBe(`request body nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(await h.store.eventCount()).toBe(0);
  });

  it('refuses a body holding a string longer than the limit, naming it', async () => {
    const res = await h.call(
      'POST',
      '/api/auth/login',
      { device: tablet.token },
      {
        username: 'x'.repeat(MAX_JSON_STRING_LENGTH + 1),
        secret: '482913',
      },
    );
    expect(res.status).toBe(400);
    expect(res.json.error).toBe(`request body holds a string longer than ${MAX_JSON_STRING_LENGTH} characters`);
  });

  it('refuses deep nesting of any shape, and brackets inside strings do not count', async () => {
    const deep = `{"batchId":"${randomUUID()}","events":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const raw = await h.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: { authorization: `Bearer ${tablet.token}`, 'content-type': 'application/json' },
      payload: deep,
    });
    expect(raw.statusCode).toBe(400);
    const login = await h.call(
      'POST',
      '/api/auth/login',
      { device: tablet.token },
      {
        username: 'nobody',
        secret: `${'[{'.repeat(90)}"\\"`,
      },
    );
    expect(login.status).toBe(401); // parsed and tried as a secret: no such user
  });

  it('still refuses a prototype-poisoning body', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { authorization: `Bearer ${tablet.token}`, 'content-type': 'application/json' },
      payload: '{"username":"x","secret":"482913","__proto__":{"admin":true}}',
    });
    expect(res.statusCode).toBe(400);
  });
});
