// The integration's tables on both stores: the durable outbox behaves as the sender's interface says
// (one entry per id, due oldest first, retry/delivered/rejected, status), and bookings are one row
// per accession number however often they arrive.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bundle } from '@medplum/fhirtypes';
import { storeBookings } from '../../../src/server/integration/intake.service';
import type { ScheduledProcedure } from '../../../src/server/integration/scheduled-procedure';
import type { SyncStore } from '../../../src/server/store/store';
import { STORES } from '../stores';

const bundle = (n: number): Bundle => ({ resourceType: 'Bundle', type: 'transaction', id: `b${n}` });
const booking = (accessionNumber: string, code: string, patientId = 'P-1'): ScheduledProcedure => ({
  source: 'dicom-mwl',
  patient: { id: patientId, sex: 'female', name: { text: '张伟' } },
  accessionNumber,
  requestedProcedure: { code, system: 'L' },
  modality: 'CT',
  scheduledStart: '2026-11-23T10:30:00',
  warnings: [],
});

describe.each(STORES)('integration tables on $name', (factory) => {
  let store: SyncStore;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, dispose } = await factory.open());
  });
  afterEach(async () => {
    await dispose();
  });

  it('the outbox: one entry per id, due oldest first, retries, deliveries and rejections kept', async () => {
    const o = store.outbox;
    await o.enqueue({ id: 'b', runId: 'r2', bundle: bundle(2), at: 200 });
    await o.enqueue({ id: 'a', runId: 'r1', bundle: bundle(1), at: 100 });
    await o.enqueue({ id: 'a', runId: 'r1', bundle: bundle(9), at: 300 }); // a completion seen twice
    expect((await o.due(150, 10)).map((e) => e.id)).toEqual(['a']);
    expect((await o.due(1000, 10)).map((e) => [e.id, e.bundle.id])).toEqual([
      ['a', 'b1'],
      ['b', 'b2'],
    ]);
    await o.recordRetry('a', {
      attempts: 1,
      error: 'EMR endpoint unreachable: ECONNREFUSED',
      nextAttemptAt: 5000,
      alert: false,
    });
    expect((await o.due(1000, 10)).map((e) => e.id)).toEqual(['b']);
    await o.recordRejected('b', { attempts: 1, error: '422: Unknown patient' });
    expect(await o.status()).toEqual({ pending: 1, failing: 0, rejected: 1, lastError: '422: Unknown patient' });
    await o.recordRetry('a', { attempts: 5, error: '500: busy', nextAttemptAt: 6000, alert: true });
    expect((await o.status()).failing).toBe(1);
    await o.recordDelivered('a', 6, 6100);
    expect(await o.get('a')).toMatchObject({ state: 'delivered', attempts: 6, acknowledgedAt: 6100, alert: false });
    expect(await o.get('a')).not.toHaveProperty('lastError');
    expect(await o.status()).toEqual({
      pending: 0,
      failing: 0,
      rejected: 1,
      lastDeliveredAt: 6100,
      lastError: '422: Unknown patient',
    });
    expect((await o.recent(10)).map((e) => [e.id, e.state])).toEqual([
      ['b', 'rejected'],
      ['a', 'delivered'],
    ]);
  });

  it('bookings: one row per accession number, mapped through the table, unmapped ones kept with the reason', async () => {
    await store.saveCardMapping([{ code: 'CTCHEST', cardId: 'chest-ct' }]);
    const first = await storeBookings(
      store,
      { procedures: [booking('A1', 'CTCHEST'), booking('A2', 'XYZ')], skipped: [] },
      { now: 1000, scanner: 'CT 1' },
    );
    expect(first).toMatchObject({ received: 2, added: 2, updated: 0, unmapped: 1 });
    // The same booking again (from the EMR this time, with a corrected patient id): the same row.
    const again = await storeBookings(
      store,
      { procedures: [{ ...booking('A1', 'CTCHEST', 'P-2'), source: 'fhir' }], skipped: [] },
      { now: 2000 },
    );
    expect(again).toMatchObject({ added: 0, updated: 1 });
    const open = await store.openBookings(10);
    expect(open.map((b) => [b.accessionNumber, b.cardId, b.unmappedReason, b.source])).toEqual([
      ['A1', 'chest-ct', null, 'fhir'],
      ['A2', null, 'unknownCode', 'dicom-mwl'],
    ]);
    expect(open[0]!.receivedAt).toBe(1000);
    expect(open[0]!.procedure.patient.id).toBe('P-2');
    await store.transaction((tx) => tx.markBookingStarted('A1', 'run-1'));
    await store.transaction((tx) => tx.markBookingStarted('A1', 'run-2')); // the first run keeps it
    expect((await store.openBookings(10)).map((b) => b.accessionNumber)).toEqual(['A2']);
    expect((await store.transaction((tx) => tx.bookingsOf(['A1'])))[0]!.runId).toBe('run-1');
  });
});
