// Delivery of exam records to a real HTTP FHIR receiver: retries, exactly once, acknowledgement time.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliverWithRetries, drainOutbox, type SenderDeps } from '../../../src/server/integration/delivery/fhir-sender';
import { MemoryOutbox } from '../../../src/server/integration/delivery/outbox';
import { DEFAULT_RETRY_POLICY } from '../../../src/server/integration/delivery/retry-policy';
import { examBundle } from '../../../src/server/integration/fhir/exam-bundle';
import { loadFhirDefinitions } from '../../../src/server/integration/fhir/validator';
import { CONTRAST_CT, SITE } from './exam-fixtures';
import { startReceiver, type Failure, type Receiver } from './fhir-receiver';

const T0 = Date.UTC(2025, 2, 1, 1, 18);
let receiver: Receiver | undefined;
// Loading HL7's definitions takes seconds; done here, not inside the first request's 5 s timeout.
beforeAll(() => loadFhirDefinitions());
afterEach(async () => {
  await receiver?.stop();
  receiver = undefined;
});

/** An outbox holding the contrast CT's record, a clock the test moves, and the sender's dependencies. */
async function setup(failures: Failure[], timeoutMs = 5000) {
  receiver = await startReceiver(failures);
  const clock = { t: T0 };
  const deps: SenderDeps = {
    endpoint: { url: receiver.url, timeoutMs },
    policy: DEFAULT_RETRY_POLICY,
    now: () => clock.t,
    random: () => 0.5,
  };
  const outbox = new MemoryOutbox();
  const bundle = examBundle(CONTRAST_CT, SITE, T0);
  await outbox.enqueue({ id: bundle.identifier!.value!, runId: CONTRAST_CT.runId, bundle, at: T0 });
  return { outbox, deps, clock, id: bundle.identifier!.value!, bundle, receiver };
}

const count = (r: Receiver, type: string) => r.stored.get(type)?.length ?? 0;

describe('a first try that fails is retried, and the record arrives exactly once', () => {
  it.each<[Failure, string]>([
    ['500', 'the EMR answers 500'],
    ['drop', 'the connection drops before the EMR processes it'],
    ['lost-reply', 'the EMR stores it but the reply is lost'],
  ])('%s: %s', async (failure) => {
    const { outbox, deps, clock, id, receiver: rx } = await setup([failure]);

    expect(await drainOutbox(outbox, deps)).toEqual({ delivered: [], retrying: [id], rejected: [] });
    const waiting = (await outbox.get(id))!;
    expect(waiting).toMatchObject({ state: 'pending', attempts: 1, alert: false });
    expect(waiting.nextAttemptAt - T0).toBe(1500); // 2 s base, equal jitter at 0.5
    expect(await drainOutbox(outbox, deps)).toEqual({ delivered: [], retrying: [], rejected: [] }); // not due yet

    clock.t = waiting.nextAttemptAt;
    expect((await drainOutbox(outbox, deps)).delivered).toEqual([id]);
    expect(rx.requests).toBe(2);
    expect(count(rx, 'Procedure')).toBe(1);
    expect(count(rx, 'ImagingStudy')).toBe(1);
    expect(count(rx, 'Observation')).toBe(7);
    expect(await outbox.get(id)).toMatchObject({ state: 'delivered', attempts: 2, acknowledgedAt: clock.t });
    expect(await outbox.status()).toEqual({ pending: 0, failing: 0, rejected: 0, lastDeliveredAt: clock.t });
  });

  it('sending the same record again later creates nothing new', async () => {
    const { deps, bundle, receiver: rx } = await setup([]);
    const send = () => deliverWithRetries(bundle, { ...deps, sleep: async () => {}, maxAttempts: 3 });
    expect(await send()).toEqual({ acknowledgedAt: T0, attempts: 1 });
    expect(await send()).toEqual({ acknowledgedAt: T0, attempts: 1 });
    expect(rx.requests).toBe(2);
    expect([...rx.stored.values()].flat()).toHaveLength(11);
  });

  it('an ImagingStudy the PACS already registered under the accession is kept, not duplicated', async () => {
    const { deps, bundle, receiver: rx } = await setup([]);
    const pacs = {
      resourceType: 'ImagingStudy',
      id: 'pacs-1',
      identifier: [{ system: SITE.accessionSystem, value: 'ACC-2025-0042' }],
    };
    (rx.stored as Map<string, unknown[]>).set('ImagingStudy', [pacs]);
    await deliverWithRetries(bundle, { ...deps, sleep: async () => {}, maxAttempts: 1 });
    expect(rx.stored.get('ImagingStudy')).toEqual([pacs]);
  });
});

describe('failures staff see', () => {
  it('a rejection is not retried and keeps the EMR reason', async () => {
    const { outbox, deps, id, receiver: rx } = await setup(['422']);
    expect((await drainOutbox(outbox, deps)).rejected).toEqual([id]);
    expect(await outbox.get(id)).toMatchObject({ state: 'rejected', lastError: '422: Unknown patient', alert: true });
    expect(await drainOutbox(outbox, { ...deps, now: () => T0 + 3_600_000 })).toEqual({
      delivered: [],
      retrying: [],
      rejected: [],
    });
    expect(rx.requests).toBe(1);
    expect(await outbox.status()).toMatchObject({ pending: 0, rejected: 1, lastError: '422: Unknown patient' });
  });

  it('an EMR that never answers times out, backs off, and raises the alert after repeated failures', async () => {
    const { outbox, deps, clock, id } = await setup(['hang', 'hang', 'hang', 'hang', 'hang'], 300);
    const delays: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      await drainOutbox(outbox, deps);
      const e = (await outbox.get(id))!;
      delays.push(e.nextAttemptAt - clock.t);
      clock.t = e.nextAttemptAt;
    }
    expect(delays).toEqual([1500, 3000, 6000, 12000, 24000]);
    expect(await outbox.get(id)).toMatchObject({
      state: 'pending',
      attempts: 5,
      alert: true,
      lastError: 'EMR endpoint unreachable: no answer in time',
    });
    expect(await outbox.status()).toMatchObject({ pending: 1, failing: 1 });
  });

  it('an EMR that is down', async () => {
    const { deps, bundle, receiver: rx } = await setup([]);
    await rx.stop();
    receiver = undefined;
    const r = await deliverWithRetries(bundle, { ...deps, sleep: async () => {}, maxAttempts: 2 });
    expect(r).toEqual({ error: 'EMR endpoint unreachable: ECONNREFUSED', attempts: 2 });
  });
});

describe('the outbox', () => {
  it('holds one entry per record, however often it is enqueued', async () => {
    const { outbox, id, bundle } = await setup([]);
    await outbox.enqueue({ id, runId: CONTRAST_CT.runId, bundle, at: T0 + 1 });
    expect(await outbox.due(T0 + 10, 10)).toHaveLength(1);
  });
});
