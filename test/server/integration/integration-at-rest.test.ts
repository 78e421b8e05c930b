// The hospital link's rows at rest: a stolen copy of the database (every PostgreSQL row, every byte
// of the SQLite file and its WAL) shows no patient id, name or birth date from a booking or from an
// exam record waiting for the EMR; what the server reads back opens to what was stored; rows a
// release before sealing wrote in clear are sealed the next time the store opens; the EMR's error
// words (which may echo the patient) are sealed too; a sealed booking
// moved onto another accession number does not open.
import { existsSync, readFileSync } from 'node:fs';
import type { Bundle } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { storeBookings } from '../../../src/server/integration/intake.service';
import type { ScheduledProcedure } from '../../../src/server/integration/scheduled-procedure';
import { ENGINES, openTestStore, type TestDb } from '../engines';

const PATIENT = { id: 'MRN-BOOKED-55102', name: 'Meilin Hiddenname', birthDate: '1961-03-14' };
const SECRETS = Object.values(PATIENT);

const booking = (accessionNumber: string): ScheduledProcedure => ({
  source: 'fhir',
  patient: { id: PATIENT.id, sex: 'female', name: { text: PATIENT.name }, birthDate: PATIENT.birthDate },
  accessionNumber,
  requestedProcedure: { code: '24627-2', system: 'http://loinc.org' },
  modality: 'CT',
  warnings: [],
});
const bundle: Bundle = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    {
      resource: {
        resourceType: 'Patient',
        identifier: [{ value: PATIENT.id }],
        name: [{ text: PATIENT.name }],
        birthDate: PATIENT.birthDate,
      },
    },
  ],
};

async function everythingStored(db: TestDb): Promise<string> {
  const raw = await db.raw();
  const rows = (await raw.dump()).join('\n');
  await raw.close();
  const files = db.file
    ? [db.file, `${db.file}-wal`, `${db.file}-shm`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'))
    : [];
  return [rows, ...files].join('\n');
}
const expectNoIdentifier = (stored: string) => {
  for (const s of SECRETS) {
    expect(stored, s).not.toContain(s);
    expect(stored, `${s} as hex`).not.toContain(Buffer.from(s, 'utf8').toString('hex'));
  }
};

describe.each(ENGINES)('bookings and the FHIR outbox at rest on $name', (engine) => {
  let db: TestDb;
  afterEach(async () => {
    await db.dispose();
  });

  it('hold no patient identifier in clear, and open to what was stored', async () => {
    db = await engine.create();
    const store = await openTestStore(db);
    await storeBookings(store, { procedures: [booking('ACC-1')], skipped: [] }, { now: 1000 });
    await store.outbox.enqueue({ id: 'rec-1', runId: 'run-1', bundle, at: 1000 });
    expect((await store.openBookings(10))[0]!.procedure.patient).toMatchObject({ id: PATIENT.id });
    expect((await store.outbox.get('rec-1'))!.bundle).toEqual(bundle);
    expect((await store.outbox.due(2000, 10))[0]!.bundle).toEqual(bundle);
    await store.close();
    expectNoIdentifier(await everythingStored(db));
  });

  it("keeps the EMR's error words sealed: an OperationOutcome may echo the patient", async () => {
    db = await engine.create();
    const store = await openTestStore(db);
    const said = `Patient ${PATIENT.name} (${PATIENT.id}) does not match the order`;
    await store.outbox.enqueue({ id: 'rec-5', runId: 'run-5', bundle, at: 1000 });
    await store.outbox.recordRetry('rec-5', { attempts: 1, error: said, nextAttemptAt: 5000, alert: true });
    await store.noteExchange('emr', 1000, said);
    expect((await store.outbox.status()).lastError).toBe(said);
    expect((await store.outbox.recent(10))[0]!.lastError).toBe(said);
    expect((await store.exchangeStatus()).find((x) => x.endpoint === 'emr')!.lastError).toBe(said);
    await store.outbox.recordRejected('rec-5', { attempts: 2, error: said });
    expect((await store.outbox.get('rec-5'))!.lastError).toBe(said);
    await store.close();
    expectNoIdentifier(await everythingStored(db));
  });

  it('seals the bookings and outbox entries a release before sealing wrote in clear', async () => {
    db = await engine.create();
    await (await openTestStore(db)).close(); // migrated, with its sealing key: what 0010 left behind
    const raw = await db.raw();
    await raw.exec(`INSERT INTO scheduled_procedures (accession_number, source, sealed, received_at, updated_at)
      VALUES ('ACC-2', 'fhir', '${JSON.stringify(booking('ACC-2'))}', 1, 1)`);
    await raw.exec(`INSERT INTO fhir_outbox (id, run_id, bundle, created_at, state, attempts, next_attempt_at, alert)
      VALUES ('rec-2', 'run-2', '${JSON.stringify(bundle)}', 1, 'pending', 0, 1, ${engine.name === 'postgres' ? 'FALSE' : 0})`);
    await raw.close();
    expect(await everythingStored(db)).toContain(PATIENT.id); // the starting point: in clear
    const store = await openTestStore(db);
    expect((await store.openBookings(10))[0]!.procedure).toEqual(booking('ACC-2'));
    expect((await store.outbox.get('rec-2'))!.bundle).toEqual(bundle);
    await store.close();
    expectNoIdentifier(await everythingStored(db));
  });

  it('refuses a sealed booking moved onto another accession number', async () => {
    db = await engine.create();
    const store = await openTestStore(db);
    await storeBookings(store, { procedures: [booking('ACC-3'), booking('ACC-4')], skipped: [] }, { now: 1000 });
    await store.close();
    const raw = await db.raw();
    const [a] = (await raw.rows('scheduled_procedures', 'accession_number')) as { sealed: string }[];
    await raw.exec(`UPDATE scheduled_procedures SET sealed = '${a!.sealed}' WHERE accession_number = 'ACC-4'`);
    await raw.close();
    const reopened = await openTestStore(db);
    await expect(reopened.openBookings(10)).rejects.toThrow(/booking:ACC-4 does not open/);
    await reopened.close();
  });
});
