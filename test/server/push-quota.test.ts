// Each tablet's push volume is capped per minute (events and bytes; the probe filled ~640 MB a
// minute): over it, 429 with Retry-After and nothing stored, other tablets unaffected, the same push
// accepted once the minute has passed; the tablet's transport takes the 429 as "try later".
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { httpTransport, TransientSyncError } from '../../src/sync/transport';
import { eventFactory } from './fixtures';
import { openHarness, type Harness } from './harness';
import { STORES } from './stores';

describe.each(STORES)('the push quota on $name', (factory) => {
  let h: Harness;
  afterEach(() => h.close());

  const run = (f: ReturnType<typeof eventFactory>, n: number): SyncEvent[] => {
    const created = f.created(randomUUID());
    return [created, ...Array.from({ length: n - 1 }, () => f.next(created.streamId))];
  };

  it('answers 429 with Retry-After over the events a minute, stores nothing, and lets the tablet go on later', async () => {
    h = await openHarness(factory, { pushQuota: { eventsPerMinute: 5, bytesPerMinute: 10_000_000 } });
    const a = await h.enrol('CT 1');
    const b = await h.enrol('CT 2');
    const fa = eventFactory(a.deviceId);
    const push = (token: string, events: SyncEvent[]) =>
      h.call('POST', '/api/sync/push', { device: token }, { batchId: randomUUID(), events });
    expect((await push(a.token, run(fa, 3))).json.accepted).toHaveLength(3);
    h.advance(30_000);
    const later = run(fa, 3);
    const over = await push(a.token, later);
    expect(over.status).toBe(429);
    expect(over.json.error).toMatch(/push quota of this tablet reached \(5 events a minute\): nothing was stored/);
    expect(over.headers['retry-after']).toBe('30');
    expect(await h.store.eventCount()).toBe(3);
    expect((await push(b.token, run(eventFactory(b.deviceId), 3))).status).toBe(200); // per tablet
    h.advance(30_000);
    expect((await push(a.token, later)).json.accepted).toHaveLength(3);
  });

  it('counts bytes too', async () => {
    h = await openHarness(factory, { pushQuota: { eventsPerMinute: 1000, bytesPerMinute: 2500 } });
    const a = await h.enrol();
    const f = eventFactory(a.deviceId);
    const first = await h.call(
      'POST',
      '/api/sync/push',
      { device: a.token },
      { batchId: randomUUID(), events: run(f, 4) },
    );
    expect(first.status).toBe(200);
    const second = await h.call(
      'POST',
      '/api/sync/push',
      { device: a.token },
      { batchId: randomUUID(), events: run(f, 4) },
    );
    expect(second.status).toBe(429);
    expect(second.json.error).toMatch(/\(2500 bytes a minute\)/);
  });

  it('is "try later" for the tablet: its transport throws the transient error, never a refusal', async () => {
    h = await openHarness(factory, { pushQuota: { eventsPerMinute: 1, bytesPerMinute: 10_000_000 } });
    const a = await h.enrol();
    const transport = httpTransport('http://server', async (input, init) => {
      const res = await h.app.inject({
        method: 'POST',
        url: new URL(String(input)).pathname,
        headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json' },
        payload: String(init?.body),
      });
      return new Response(res.body, { status: res.statusCode, headers: res.headers as Record<string, string> });
    });
    const err = await transport
      .push({ batchId: randomUUID(), events: run(eventFactory(a.deviceId), 2) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientSyncError);
    expect((err as Error).message).toMatch(/push quota/);
  });
});
