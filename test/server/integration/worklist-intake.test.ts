// Bookings reach the server both ways and the tablets' read route, through the running server on
// both stores: the on-demand worklist query against a real wlmscpfs, the FHIR endpoint (a malformed
// post answered with the problem's path, nothing stored), one row per accession however often or by
// whichever way it arrives, unmapped codes listed for the admin, and a worklist server that is down.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startIntegrationTimers } from '../../../src/server/integration/background';
import { loadFhirDefinitions } from '../../../src/server/integration/fhir/validator';
import { ADMIN_TOKEN, openHarness, START, type Harness } from '../harness';
import { STORES } from '../stores';
import { freePort, startWorklistServer, type RunningScp, type WorklistEntry } from './wlm-scp';

const V2 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const d = new Date(START);
const TODAY = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
const CHEST = { value: 'CTCHEST', scheme: 'L', meaning: 'CT chest' };
const ENTRIES: WorklistEntry[] = [
  {
    accession: 'A1',
    patientId: 'P1',
    name: 'Zhang^Wei=张^伟',
    birthDate: '19800101',
    sex: 'M',
    modality: 'CT',
    station: 'CT1',
    date: TODAY,
    time: '103000',
    code: CHEST,
  },
  {
    accession: 'A2',
    patientId: 'P2',
    name: 'محمد^أحمد',
    sex: 'F',
    modality: 'CT',
    station: 'CT1',
    date: TODAY,
    time: '113000',
    code: { value: 'CTXYZ', scheme: 'L', meaning: 'unknown here' },
  },
  {
    accession: 'A9',
    patientId: 'P9',
    name: 'Other^Day',
    modality: 'CT',
    station: 'CT1',
    date: '20200101',
    code: CHEST,
  },
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const INBOUND = 'emr-inbound-token-0123456789abcdef';

const fhirBooking = (accession: string, mrn: string, status = 'active') => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    {
      fullUrl: 'urn:uuid:7d0e4bd4-3f0b-4c5a-9f43-0d6a0a5b6d01',
      resource: {
        resourceType: 'Patient',
        identifier: [{ type: { coding: [{ system: V2, code: 'MR' }] }, system: 'urn:oid:1.2.156.1', value: mrn }],
        name: [{ family: '李', given: ['娜'] }],
        gender: 'female',
        birthDate: '1990-04-02',
      },
    },
    {
      fullUrl: 'urn:uuid:7d0e4bd4-3f0b-4c5a-9f43-0d6a0a5b6d02',
      resource: {
        resourceType: 'ServiceRequest',
        id: 'sr-1',
        identifier: [
          { type: { coding: [{ system: V2, code: 'ACSN' }] }, system: 'urn:oid:1.2.156.1.2', value: accession },
        ],
        status,
        intent: 'order',
        category: [{ coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'CT' }] }],
        code: { coding: [{ system: 'L', code: 'CTCHEST' }], text: 'CT chest' },
        subject: { reference: 'urn:uuid:7d0e4bd4-3f0b-4c5a-9f43-0d6a0a5b6d01' },
      },
    },
  ],
});

let scp: RunningScp;
beforeAll(async () => {
  loadFhirDefinitions();
  scp = await startWorklistServer({ RIS_CT: ENTRIES });
}, 30_000);
afterAll(async () => {
  await scp?.stop();
});

describe.each(STORES)('worklist intake on $name', (factory) => {
  let h: Harness;
  let admin: { device: string; user: string };
  let tech: { device: string; user: string };
  const post = (body: unknown, token = INBOUND) =>
    h.app.inject({
      method: 'POST',
      url: '/api/fhir',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(body),
    });
  const settings = (port: number) => ({
    worklist: {
      intervalMs: 0,
      scanners: [
        {
          scanner: 'CT 1',
          host: '127.0.0.1',
          port,
          callingAeTitle: 'SCANCARD',
          calledAeTitle: 'RIS_CT',
          stationAeTitle: 'CT1',
          modality: 'CT',
          timeoutMs: 3000,
        },
      ],
    },
    inboundToken: INBOUND,
  });

  beforeEach(async () => {
    h = await openHarness(factory);
    const t = await h.enrol();
    admin = { device: t.token, user: await h.tokenFor(await h.addUser('admin'), t.deviceId) };
    tech = { device: t.token, user: await h.tokenFor(await h.addUser('technologist'), t.deviceId) };
    expect((await h.call('PUT', '/api/admin/integration/settings', admin, settings(scp.port))).status).toBe(200);
    const mapping = await h.call('PUT', '/api/admin/integration/card-mappings', admin, {
      rows: [{ code: 'CTCHEST', system: 'L', cardId: 'chest-ct' }],
    });
    expect(mapping.json).toEqual({ saved: 1, remapped: 0 });
  });
  afterEach(async () => {
    await h.close();
  });

  it("queries the worklist on demand: today's bookings for the scanner, mapped, entered once", async () => {
    const q = await h.call('POST', '/api/admin/integration/worklist/query', admin, {});
    expect(q.json.scanners).toEqual([
      { scanner: 'CT 1', ok: true, received: 2, added: 2, updated: 0, unmapped: 1, skipped: 0 },
    ]);
    const again = await h.call(
      'POST',
      '/api/admin/integration/worklist/query',
      { bearer: ADMIN_TOKEN },
      { scanner: 'CT 1' },
    );
    expect(again.json.scanners).toMatchObject([{ ok: true, added: 0, updated: 2 }]);

    const list = await h.call('GET', '/api/worklist/scheduled', tech);
    expect(list.status).toBe(200);
    expect(list.json.bookings).toEqual([
      expect.objectContaining({
        accessionNumber: 'A1',
        cardId: 'chest-ct',
        scanner: 'CT 1',
        patient: expect.objectContaining({
          id: 'P1',
          birthDate: '1980-01-01',
          sex: 'male',
          name: expect.objectContaining({ text: '张伟' }),
        }),
        requestedProcedure: { code: 'CTCHEST', system: 'L', meaning: 'CT chest' },
        scheduledStart: expect.stringMatching(/T10:30:00$/),
      }),
      expect.objectContaining({ accessionNumber: 'A2', cardId: null, unmappedReason: 'unknownCode' }),
    ]);

    const status = await h.call('GET', '/api/integration/status', admin);
    expect(status.json.bookings).toEqual({
      open: 2,
      unmapped: [{ accessionNumber: 'A2', code: 'CTXYZ', modality: 'CT', reason: 'unknownCode' }],
    });
    expect(status.json.exchanges).toEqual([
      { endpoint: 'mwl:CT 1', lastOkAt: START, lastErrorAt: null, lastError: null },
    ]);
    // Mapping the code later gives the open booking its card.
    const mapped = await h.call('PUT', '/api/admin/integration/card-mappings', admin, {
      rows: [
        { code: 'CTCHEST', system: 'L', cardId: 'chest-ct' },
        { code: 'CTXYZ', cardId: 'chest-ct' },
      ],
    });
    expect(mapped.json).toEqual({ saved: 2, remapped: 1 });
  });

  it('the server queries each worklist on its schedule by itself (the background timers)', async () => {
    await h.call('PUT', '/api/admin/integration/settings', admin, {
      ...settings(scp.port),
      worklist: { ...settings(scp.port).worklist, intervalMs: 60_000 },
    });
    let clock = START;
    const timers = startIntegrationTimers(h.store, { now: () => clock, drainEveryMs: 50, log: () => {} });
    try {
      const until = Date.now() + 15_000;
      while ((await h.store.openBookings(10)).length < 2 && Date.now() < until) await sleep(100);
      expect((await h.store.exchangeStatus()).map((e) => [e.endpoint, e.lastOkAt])).toEqual([['mwl:CT 1', START]]);
      // Within the interval: no second query; after it, one more.
      await sleep(300);
      expect((await h.store.exchangeStatus())[0]!.lastOkAt).toBe(START);
      clock += 60_000;
      while ((await h.store.exchangeStatus())[0]!.lastOkAt === START && Date.now() < until) await sleep(100);
      expect((await h.store.exchangeStatus())[0]!.lastOkAt).toBe(START + 60_000);
    } finally {
      timers.stop();
    }
  });

  it('a worklist server that is down is an error on the status, and changes nothing', async () => {
    const port = await freePort();
    await h.call('PUT', '/api/admin/integration/settings', admin, settings(port));
    const q = await h.call('POST', '/api/admin/integration/worklist/query', admin, {});
    expect(q.json.scanners).toEqual([
      { scanner: 'CT 1', ok: false, kind: 'refused', error: expect.stringContaining('is down') },
    ]);
    const status = await h.call('GET', '/api/integration/status', admin);
    expect(status.json.exchanges).toEqual([
      { endpoint: 'mwl:CT 1', lastOkAt: null, lastErrorAt: START, lastError: expect.stringContaining('is down') },
    ]);
    expect((status.json.bookings as { open: number }).open).toBe(0);
  });

  it('takes FHIR bookings from the EMR; the same accession from the worklist is the same booking', async () => {
    const res = await post(fhirBooking('A1', 'MRN-1'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.json().issue[0].details.text).toBe('1 bookings added, 0 updated, 0 without a card, 0 skipped');
    await h.call('POST', '/api/admin/integration/worklist/query', admin, {});
    const list = (await h.call('GET', '/api/worklist/scheduled', tech)).json.bookings as { accessionNumber: string }[];
    expect(list.map((b) => b.accessionNumber)).toEqual(['A1', 'A2']);
    await post(fhirBooking('A1', 'MRN-1')); // the EMR again, without a scanner: the worklist's stays
    const again = (await h.call('GET', '/api/worklist/scheduled', tech)).json.bookings as { scanner: string }[];
    expect(again.map((b) => b.scanner)).toEqual(['CT 1', 'CT 1']);
  });

  it('refuses malformed FHIR with an OperationOutcome naming the path, and stores nothing', async () => {
    const bad = fhirBooking('A7', 'MRN-7', 'sleeping');
    const res = await post(bad);
    expect(res.statusCode).toBe(400);
    const outcome = res.json();
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue.map((i: { expression?: string[] }) => i.expression?.join())).toContain(
      'Bundle.entry[1].resource.status',
    );
    expect((await post(fhirBooking('A8', 'MRN-8'), 'wrong-token-wrong-token-wrong')).statusCode).toBe(401);
    expect((await h.call('GET', '/api/worklist/scheduled', tech)).json.bookings).toEqual([]);
    const status = await h.call('GET', '/api/integration/status', admin);
    expect(status.json.exchanges).toEqual([
      expect.objectContaining({
        endpoint: 'fhir:inbound',
        lastOkAt: null,
        lastError: 'a posted booking was not valid FHIR R4',
      }),
    ]);
  });

  it('refuses a card mapping naming an unknown card, naming the row', async () => {
    const res = await h.call('PUT', '/api/admin/integration/card-mappings', admin, {
      rows: [{ code: 'X', cardId: 'no-such-card' }],
    });
    expect(res.status).toBe(400);
    expect(res.json.details).toEqual(['rows[0].cardId: no card "no-such-card"']);
  });
});
