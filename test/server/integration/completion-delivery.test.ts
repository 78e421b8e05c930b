// A run started from a booking completes on a tablet; the server's projection queues the FHIR record
// in the durable outbox (same transaction), the drain sends it to a real HTTP receiver that refuses
// the first try, the retry delivers exactly once, and the EMR's acknowledgement time is on the status
// (what stops the 15-minute hand-off). On both stores.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../../../src/server/integration/delivery.service';
import { storeBookings } from '../../../src/server/integration/intake.service';
import { loadFhirDefinitions } from '../../../src/server/integration/fhir/validator';
import { openHarness, type Harness } from '../harness';
import { STORES } from '../stores';
import { bookedRun, emrSettings } from './booked-run';
import { startReceiver, type Receiver } from './fhir-receiver';

beforeAll(() => loadFhirDefinitions(), 30_000);

describe.each(STORES)('sending completed exams on $name', (factory) => {
  let h: Harness;
  let receiver: Receiver;
  let tablet: Awaited<ReturnType<Harness['enrol']>>;
  let qa: { device: string; user: string };
  const push = (events: unknown[]) =>
    h.call('POST', '/api/sync/push', { device: tablet.token }, { batchId: randomUUID(), events });
  const status = async () => (await h.call('GET', '/api/integration/status', qa)).json;

  beforeEach(async () => {
    h = await openHarness(factory);
    tablet = await h.enrol();
    qa = { device: tablet.token, user: await h.tokenFor(await h.addUser('qaLead'), tablet.deviceId) };
    await storeBookings(
      h.store,
      {
        procedures: [
          {
            source: 'fhir',
            sourceId: 'sr-9',
            patient: { id: 'MRN-9', issuer: 'urn:oid:1.2.156.112605.1.1', sex: 'female' },
            accessionNumber: 'ACC-9',
            requestedProcedure: { code: '24627-2', system: 'http://loinc.org', meaning: 'Chest CT' },
            studyInstanceUid: '1.2.826.0.1.3680043.2.1125.9',
            warnings: [],
          },
        ],
        skipped: [],
      },
      { now: h.now() },
    );
  });
  afterEach(async () => {
    await h.close();
    await receiver?.stop();
  });

  async function configure(failures: Parameters<typeof startReceiver>[0]) {
    receiver = await startReceiver(failures);
    const res = await h.call(
      'PUT',
      '/api/admin/integration/settings',
      { bearer: 'bootstrap-admin-token-for-tests' },
      { emr: emrSettings(receiver.url) },
    );
    expect(res.status).toBe(200);
  }

  it('queues the record at completion; a refused first try is retried and delivered exactly once', async () => {
    await configure(['500']);
    const run = bookedRun(tablet.deviceId, 'ACC-9', 'MRN-9', { start: h.now() });
    // Started: the booking leaves the worklist; nothing is queued yet.
    expect((await push(run.events.slice(0, 3))).status).toBe(200);
    expect((await status()).bookings).toEqual({ open: 0, unmapped: [] });
    expect((await status()).outbox).toMatchObject({ pending: 0, recent: [] });
    h.advance(60_000);
    expect((await push(run.events.slice(3))).status).toBe(200);
    expect((await status()).outbox).toMatchObject({
      pending: 1,
      recent: [{ runId: run.runId, state: 'pending', attempts: 0 }],
    });

    const first = await deliverDue(h.store, { now: h.now, random: () => 0 });
    expect(first).toMatchObject({ delivered: [], retrying: [expect.any(String)] });
    expect(receiver.requests).toBe(1);
    let s = await status();
    expect(s.outbox).toMatchObject({ pending: 1, lastError: 'Internal Server Error' });
    expect(s.exchanges).toEqual([
      expect.objectContaining({ endpoint: 'fhir:emr', lastOkAt: null, lastError: 'Internal Server Error' }),
    ]);

    // Not due yet: nothing is sent; after the back-off it is.
    expect((await deliverDue(h.store, { now: h.now }))?.retrying).toEqual([]);
    expect(receiver.requests).toBe(1);
    h.advance(2_000);
    const second = await deliverDue(h.store, { now: h.now });
    expect(second?.delivered).toHaveLength(1);
    expect(receiver.requests).toBe(2);
    expect(receiver.stored.get('Procedure')).toHaveLength(1);
    expect(receiver.stored.get('ImagingStudy')?.[0]).toMatchObject({
      identifier: [
        expect.objectContaining({ value: 'ACC-9' }),
        { system: 'urn:dicom:uid', value: 'urn:oid:1.2.826.0.1.3680043.2.1125.9' }, // the booking's study UID
      ],
    });
    s = await status();
    expect(s.outbox).toMatchObject({
      pending: 0,
      lastDeliveredAt: h.now(),
      recent: [{ runId: run.runId, state: 'delivered', attempts: 2, acknowledgedAt: h.now() }],
    });
    expect(s.exchanges).toEqual([expect.objectContaining({ endpoint: 'fhir:emr', lastOkAt: h.now() })]);

    // The same completion pushed again from another tablet's copy, or projected again: nothing new to send.
    expect((await deliverDue(h.store, { now: h.now }))?.delivered).toEqual([]);
    expect(receiver.requests).toBe(2);
  });

  it('sends nothing for a run without a booking, nor for runs completed before the EMR was configured', async () => {
    const before = bookedRun(tablet.deviceId, 'ACC-9', 'MRN-9', { start: h.now() });
    expect((await push(before.events)).status).toBe(200);
    h.advance(60_000);
    await configure([]);
    const unbooked = bookedRun(tablet.deviceId, undefined, 'MRN-5', { start: h.now() });
    expect((await push(unbooked.events)).status).toBe(200);
    expect((await status()).outbox).toMatchObject({ pending: 0, recent: [] });
    await deliverDue(h.store, { now: h.now });
    expect(receiver.requests).toBe(0);
  });

  it('an EMR that rejects the record (422) is an alert with its reason, not retried', async () => {
    await configure(['422']);
    const run = bookedRun(tablet.deviceId, 'ACC-9', 'MRN-9', { start: h.now() });
    h.advance(60_000);
    expect((await push(run.events)).status).toBe(200);
    expect((await deliverDue(h.store, { now: h.now }))?.rejected).toHaveLength(1);
    h.advance(3600_000);
    await deliverDue(h.store, { now: h.now });
    expect(receiver.requests).toBe(1);
    expect((await status()).outbox).toMatchObject({ rejected: 1, lastError: '422: Unknown patient' });
  });

  it('a record that is not valid FHIR R4 is never sent: rejected with the path of the problem', async () => {
    await configure([]);
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: { resourceType: 'Procedure' } }],
    };
    await h.store.outbox.enqueue({ id: 'broken', runId: randomUUID(), bundle: bundle as never, at: h.now() });
    expect((await deliverDue(h.store, { now: h.now }))?.rejected).toEqual([]);
    expect(receiver.requests).toBe(0);
    expect(await h.store.outbox.get('broken')).toMatchObject({
      state: 'rejected',
      lastError: expect.stringMatching(/^not valid FHIR R4 \(.*Bundle\.entry\[0\]\.resource\.status/),
    });
  });
});
