// What reaches the tablet from the EMR's side: per booked run, whether its exam record went out and
// when the EMR acknowledged it (the time that stops the 15-minute hand-off clock), and the failure
// while it has not — read by run id, by a signed-in technologist. And the hospital link's settings
// and card-mapping changes are in the audit trail, naming what changed and never the EMR token.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../../../src/server/integration/delivery.service';
import { loadFhirDefinitions } from '../../../src/server/integration/fhir/validator';
import { storeBookings } from '../../../src/server/integration/intake.service';
import { ADMIN_TOKEN, openHarness, type Harness } from '../harness';
import { STORES } from '../stores';
import { bookedRun, emrSettings } from './booked-run';
import { startReceiver, type Receiver } from './fhir-receiver';

beforeAll(() => loadFhirDefinitions(), 30_000);

describe.each(STORES)('hand-off acknowledgements and integration audit on $name', (factory) => {
  let h: Harness;
  let receiver: Receiver | undefined;
  let tablet: Awaited<ReturnType<Harness['enrol']>>;
  let tech: { device: string; user: string };
  const admin = { bearer: ADMIN_TOKEN };

  beforeEach(async () => {
    h = await openHarness(factory);
    tablet = await h.enrol();
    tech = { device: tablet.token, user: await h.tokenFor(await h.addUser('technologist'), tablet.deviceId) };
    await storeBookings(
      h.store,
      {
        procedures: [
          {
            source: 'fhir',
            patient: { id: 'MRN-7', sex: 'male' },
            accessionNumber: 'ACC-7',
            requestedProcedure: { code: '24627-2', system: 'http://loinc.org' },
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
    receiver = undefined;
  });

  it('tells the tablet a record is waiting, then failing with the reason, then acknowledged at the EMR’s time', async () => {
    receiver = await startReceiver(['500']);
    expect(
      (await h.call('PUT', '/api/admin/integration/settings', admin, { emr: emrSettings(receiver.url) })).status,
    ).toBe(200);
    const run = bookedRun(tablet.deviceId, 'ACC-7', 'MRN-7', { start: h.now() });
    h.advance(60_000);
    const push = await h.call(
      'POST',
      '/api/sync/push',
      { device: tablet.token },
      { batchId: randomUUID(), events: run.events },
    );
    expect(push.status).toBe(200);
    const other = randomUUID(); // a run with nothing sent: not listed
    const ask = () => h.call('GET', `/api/worklist/handoffs?runs=${run.runId},${other}`, tech);

    expect((await ask()).json.handoffs).toEqual([
      { runId: run.runId, state: 'pending', attempts: 0, acknowledgedAt: null, lastError: null, failing: false },
    ]);
    await deliverDue(h.store, { now: h.now, random: () => 0 });
    expect((await ask()).json.handoffs).toMatchObject([
      { state: 'pending', attempts: 1, acknowledgedAt: null, lastError: 'Internal Server Error' },
    ]);
    h.advance(2_000);
    await deliverDue(h.store, { now: h.now });
    expect((await ask()).json.handoffs).toEqual([
      { runId: run.runId, state: 'delivered', attempts: 2, acknowledgedAt: h.now(), lastError: null, failing: false },
    ]);
  });

  it('needs a signed-in user, and run ids (nothing else) in the query', async () => {
    const id = randomUUID();
    expect((await h.call('GET', `/api/worklist/handoffs?runs=${id}`, { device: tablet.token })).status).toBe(401);
    const bad = await h.call('GET', '/api/worklist/handoffs?runs=MRN-7', tech);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/runs/);
    expect((await h.call('GET', `/api/worklist/handoffs?runs=${id}&patient=x`, tech)).status).toBe(400);
  });

  it('audits settings and card-mapping changes by what changed, never the EMR token', async () => {
    const token = 'emr-inbound-token-0123456789abcdef';
    const put = (body: unknown) => h.call('PUT', '/api/admin/integration/settings', admin, body);
    expect((await put({ emr: emrSettings('http://127.0.0.1:9/fhir'), inboundToken: token })).status).toBe(200);
    expect((await put({ emr: emrSettings('http://127.0.0.1:9/fhir') })).status).toBe(200);
    const rows = [{ code: '24627-2', system: 'http://loinc.org', cardId: 'chest-ct' }];
    expect((await h.call('PUT', '/api/admin/integration/card-mappings', admin, { rows })).status).toBe(200);
    const entries = await h.store.auditEntries({
      action: 'integration.change',
      from: 0,
      to: 8e15,
      limit: 10,
      offset: 0,
    });
    expect(entries.map((e) => [e.subject, e.detail]).reverse()).toEqual([
      ['integration.settings', 'emr, inboundToken'],
      ['integration.settings', 'saved unchanged'],
      ['integration.cardMapping', '1 rows, 1 open bookings remapped'],
    ]);
    expect(JSON.stringify(entries)).not.toContain(token);
  });
});
