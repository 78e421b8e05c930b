// The tablet's reads of the hospital link over real HTTP against a real server (both stores): the
// scheduled bookings with their identity and card, and the hand-off of booked runs by run id —
// with the protocol header, the device session and the user's token, as the app sends them.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { authApi, AuthApiError } from '../../src/auth/auth-api';
import { handoffByAck } from '../../src/domain/integration/emr-handoff';
import { DEFAULT_TIMER_RULES, startTimer } from '../../src/domain/timers/timers';
import { buildServer } from '../../src/server/app';
import { storeBookings } from '../../src/server/integration/intake.service';
import { hospitalLink } from '../../src/sync/hospital-link';
import { openHarness, START, type Harness } from '../server/harness';
import { STORES } from '../server/stores';

describe.each(STORES)('the tablet reads the hospital link on $name', (factory) => {
  let h: Harness;
  let close: () => Promise<unknown>;
  afterEach(async () => {
    await close?.();
    await h.close();
  });

  async function link() {
    h = await openHarness(factory);
    const app = await buildServer({ store: h.store, now: h.now });
    await app.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const tablet = await h.enrol();
    const user = await h.tokenFor(await h.addUser('technologist'), tablet.deviceId);
    const deviceFetch: typeof fetch = (input, init) =>
      fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${tablet.token}` } });
    return { api: hospitalLink(authApi(url, deviceFetch).get), user };
  }

  it('gets the scheduled bookings with identity and card, and refuses without a user', async () => {
    const { api, user } = await link();
    await h.store.saveCardMapping([{ code: '24627-2', system: 'http://loinc.org', cardId: 'chest-ct' }]);
    await storeBookings(
      h.store,
      {
        procedures: [
          {
            source: 'fhir',
            patient: { id: 'MRN-31', sex: 'female', name: { text: '王芳' }, birthDate: '1970-02-03' },
            accessionNumber: 'ACC-31',
            requestedProcedure: { code: '24627-2', system: 'http://loinc.org', meaning: 'CT chest' },
            scheduledStart: '2026-11-23T10:30:00+08:00',
            modality: 'CT',
            warnings: [],
          },
        ],
        skipped: [],
      },
      { now: START },
    );
    expect(await api.scheduled(user)).toEqual([
      expect.objectContaining({
        accessionNumber: 'ACC-31',
        cardId: 'chest-ct',
        patient: { id: 'MRN-31', sex: 'female', name: { text: '王芳' }, birthDate: '1970-02-03' },
        requestedProcedure: { code: '24627-2', system: 'http://loinc.org', meaning: 'CT chest' },
        priority: 'routine',
      }),
    ]);
    await expect(api.scheduled('not-a-token')).rejects.toBeInstanceOf(AuthApiError);
  });

  it('gets the hand-off of booked runs, in parts of 100 run ids, and stops the clock at the acknowledgement', async () => {
    const { api, user } = await link();
    const runs = Array.from({ length: 150 }, () => randomUUID());
    const acked = runs[120]!;
    await h.store.outbox.enqueue({
      id: 'rec-a',
      runId: acked,
      bundle: { resourceType: 'Bundle', type: 'transaction' },
      at: START,
    });
    await h.store.outbox.enqueue({
      id: 'rec-b',
      runId: runs[3]!,
      bundle: { resourceType: 'Bundle', type: 'transaction' },
      at: START,
    });
    await h.store.outbox.recordDelivered('rec-a', 1, START + 7 * 60_000);
    const got = await api.handoffs(runs, user);
    expect([...got.keys()].sort()).toEqual([acked, runs[3]!].sort());
    const clock = { ...startTimer('reportHandoff', DEFAULT_TIMER_RULES, START), stoppedAt: START + 60_000 };
    expect(handoffByAck(clock, got.get(acked)).stoppedAt).toBe(START + 7 * 60_000);
    expect(handoffByAck(clock, got.get(runs[3]!)).stoppedAt).toBeUndefined(); // waiting: still running
  });
});
