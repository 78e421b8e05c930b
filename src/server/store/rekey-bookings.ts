// The second half of migration 0013, which needs the keys a migration does not have: 0010's bookings
// (kept aside as scheduled_procedures_legacy, keyed by the accession number, sealed or still in clear)
// move into scheduled_procedures under their blind index, re-sealed bound to it; then the old table is
// dropped and the freed space erased, so no accession number is left in the file or the tables.
import { bookingKey, legacyBookingAad, sealBooking } from '../integration/booking-seal';
import type { ScheduledProcedure } from '../integration/scheduled-procedure';
import type { Dialect } from './dialect';
import { LEGACY_BOOKINGS } from './migrations/0013-booking-blind-index';
import type { Sealer } from './sealing';

type LegacyRow = {
  accessionNumber: string;
  source: string;
  sealed: string;
  cardId: string | null;
  unmappedReason: string | null;
  code: string | null;
  modality: string | null;
  scanner: string | null;
  scheduledStart: string | null;
  receivedAt: number;
  updatedAt: number;
  runId: string | null;
};
type Tables = {
  scheduledProceduresLegacy: LegacyRow;
  scheduledProcedures: Omit<LegacyRow, 'accessionNumber'> & { bookingKey: string };
};

/** Moves 0010's bookings, if any are left; returns how many. */
export async function rekeyBookings(d: Dialect, sealer: Sealer): Promise<number> {
  if (!(await legacyTableExists(d))) return 0;
  const n = await d.transaction(async (trx) => {
    const db = trx.withTables<Tables>();
    const rows = await db.selectFrom('scheduledProceduresLegacy').selectAll().execute();
    for (const { accessionNumber, sealed, ...r } of rows) {
      const procedure = JSON.parse(
        await sealer.openText(sealed, legacyBookingAad(accessionNumber)),
      ) as ScheduledProcedure;
      const key = bookingKey(sealer, accessionNumber);
      await db
        .insertInto('scheduledProcedures')
        .values({ ...r, bookingKey: key, sealed: sealBooking(sealer, key, procedure) })
        .onConflict((oc) => oc.column('bookingKey').doNothing())
        .execute();
    }
    await trx.schema.dropTable(LEGACY_BOOKINGS).execute();
    return rows.length;
  }, 'push');
  if (n) await d.eraseFreedSpace(['scheduled_procedures']);
  return n;
}

/** Asked of the table itself, not the catalogue: PostgreSQL's lists every schema's tables. */
const legacyTableExists = (d: Dialect) =>
  d.db
    .withTables<Tables>()
    .selectFrom('scheduledProceduresLegacy')
    .select('runId')
    .limit(1)
    .execute()
    .then(
      () => true,
      (e: unknown) => {
        if (/no such table|does not exist/.test(String(e))) return false;
        throw e;
      },
    );
