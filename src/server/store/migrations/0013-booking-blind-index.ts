// Bookings keyed by a blind index instead of the accession number in clear (an identifier at rest):
// `scheduled_procedures` is made anew with `booking_key` (HMAC-SHA256 of the accession number under
// the database's blind-index key, store/sealing.ts) as its key and no accession column; the
// accession number is only inside the sealed booking. Migrations have no keys, so 0010's table is
// kept aside here as `scheduled_procedures_legacy`, and the first opening moves its rows across,
// re-keyed and re-sealed, then drops it (store/rekey-bookings.ts).
import type { Migration } from './migrate';

export const LEGACY_BOOKINGS = 'scheduled_procedures_legacy';

export const migration: Migration = {
  async up(db, ddl) {
    await db.schema.alterTable('scheduled_procedures').renameTo(LEGACY_BOOKINGS).execute();
    await db.schema
      .createTable('scheduled_procedures')
      .addColumn('booking_key', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('sealed', 'text', (c) => c.notNull())
      .addColumn('card_id', 'text')
      .addColumn('unmapped_reason', 'text')
      .addColumn('code', 'text')
      .addColumn('modality', 'text')
      .addColumn('scanner', 'text')
      .addColumn('scheduled_start', 'text')
      .addColumn('received_at', ddl.int64, (c) => c.notNull())
      .addColumn('updated_at', ddl.int64, (c) => c.notNull())
      .addColumn('run_id', 'text')
      // Named: PostgreSQL keeps the renamed table's "scheduled_procedures_pkey" until it is dropped.
      .addPrimaryKeyConstraint('scheduled_procedures_key_pk', ['booking_key'])
      .execute();
  },
};
