// The hospital link's rows at rest: a stolen copy of the database (every PostgreSQL row, every byte
// of the SQLite file and its WAL) shows no patient id, name, birth date or accession number from a
// booking or from an exam record waiting for the EMR; bookings are keyed by a blind index (HMAC) and
// still found by accession number; what the server reads back opens to what was stored; 0010's
// bookings (in clear, or sealed and keyed by accession) are moved under the blind index the next time
// the store opens; the EMR's error words (which may echo the patient) are sealed too; a sealed
// booking moved onto another row does not open.
import { existsSync, readFileSync } from 'node:fs';
import type { Bundle } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { legacyBookingAad } from '../../../src/server/integration/booking-seal';
import { storeBookings } from '../../../src/server/integration/intake.service';
import type { ScheduledProcedure } from '../../../src/server/integration/scheduled-procedure';
import { loadMigrations, migrate } from '../../../src/server/store/migrations/migrate';
import { openSealer } from '../../../src/server/store/sealing';
import { ENGINES, keyringOf, openTestStore, type TestDb } from '../engines';

const PATIENT = { id: 'MRN-BOOKED-55102', name: 'Meilin Hiddenname', birthDate: '1961-03-14' };
const ACCESSION = 'ACSN-77120-HIDDEN';
const SECRETS = [...Object.values(PATIENT), ACCESSION];

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

  it('keys bookings by a blind index, yet finds them by accession number', async () => {
    db = await engine.create();
    const store = await openTestStore(db);
    await storeBookings(store, { procedures: [booking(ACCESSION), booking('ACSN-2')], skipped: [] }, { now: 1000 });
    // Received again: the same row, found by its accession number.
    expect(
      await store.upsertBookings([{ ...(await store.bookingsOf([ACCESSION]))[0]!, scanner: 'CT 2', updatedAt: 2000 }]),
    ).toEqual({ added: 0, updated: 1 });
    await store.setBookingCards([{ accessionNumber: ACCESSION, cardId: 'chest-ct', unmappedReason: null }]);
    expect(await store.bookingsOf([ACCESSION])).toEqual([
      expect.objectContaining({ accessionNumber: ACCESSION, scanner: 'CT 2', cardId: 'chest-ct' }),
    ]);
    await store.markBookingStarted(ACCESSION, 'run-7');
    expect((await store.openBookings(10)).map((b) => b.accessionNumber)).toEqual(['ACSN-2']);
    await store.close();

    const raw = await db.raw();
    const rows = await raw.rows('scheduled_procedures', 'booking_key');
    await raw.close();
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(Object.keys(r)).not.toContain('accession_number');
      expect(String(r.booking_key)).toMatch(/^[\w-]{43}$/); // HMAC-SHA256, base64url
    }
    expect(rows.find((r) => r.run_id === 'run-7')).toBeDefined();
    expectNoIdentifier(await everythingStored(db));
  });

  it("moves 0010's bookings (in clear, or sealed and keyed by accession) under the blind index", async () => {
    db = await engine.create();
    const d = db.dialect();
    const all = await loadMigrations();
    await migrate(
      d,
      all.filter((m) => m.name < '0013'),
    );
    const { sealer } = await openSealer(d, keyringOf(db), 1);
    await d.close();
    const sealed = sealer.sealText(JSON.stringify(booking('ACSN-SEALED-1')), legacyBookingAad('ACSN-SEALED-1'));
    const raw = await db.raw();
    await raw.exec(`INSERT INTO scheduled_procedures (accession_number, source, sealed, received_at, updated_at, run_id)
      VALUES ('${ACCESSION}', 'fhir', '${JSON.stringify(booking(ACCESSION))}', 1, 1, NULL),
             ('ACSN-SEALED-1', 'dicom-mwl', '${sealed}', 2, 2, 'run-3')`);
    await raw.exec(`INSERT INTO fhir_outbox (id, run_id, bundle, created_at, state, attempts, next_attempt_at, alert)
      VALUES ('rec-2', 'run-2', '${JSON.stringify(bundle)}', 1, 'pending', 0, 1, ${engine.name === 'postgres' ? 'FALSE' : 0})`);
    await raw.close();
    expect(await everythingStored(db)).toContain(ACCESSION); // the starting point: keyed and written in clear

    const store = await openTestStore(db);
    expect((await store.openBookings(10)).map((b) => b.procedure)).toEqual([booking(ACCESSION)]);
    expect(await store.bookingsOf(['ACSN-SEALED-1'])).toEqual([
      expect.objectContaining({ runId: 'run-3', source: 'dicom-mwl', procedure: booking('ACSN-SEALED-1') }),
    ]);
    expect((await store.outbox.get('rec-2'))!.bundle).toEqual(bundle);
    await store.close();
    const after = await db.raw();
    expect((await after.schema()).some((l) => l.includes('scheduled_procedures_legacy'))).toBe(false);
    await after.close();
    expectNoIdentifier(await everythingStored(db));
    // Opening again moves nothing twice.
    const again = await openTestStore(db);
    expect(await again.bookingsOf([ACCESSION, 'ACSN-SEALED-1'])).toHaveLength(2);
    await again.close();
  });

  it('refuses a sealed booking moved onto another row', async () => {
    db = await engine.create();
    const store = await openTestStore(db);
    await storeBookings(store, { procedures: [booking('ACC-3'), booking('ACC-4')], skipped: [] }, { now: 1000 });
    await store.close();
    const raw = await db.raw();
    const [a, b] = (await raw.rows('scheduled_procedures', 'booking_key')) as { sealed: string; booking_key: string }[];
    await raw.exec(`UPDATE scheduled_procedures SET sealed = '${a!.sealed}' WHERE booking_key = '${b!.booking_key}'`);
    await raw.close();
    const reopened = await openTestStore(db);
    await expect(reopened.openBookings(10)).rejects.toThrow(/booking-key:[\w-]+ does not open/);
    await reopened.close();
  });
});
