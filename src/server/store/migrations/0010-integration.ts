// The hospital link (src/server/integration/):
// - scheduled_procedures: bookings from the RIS/EMR, one row per accession number (a booking sent
//   twice is the same row: "entered once"); `sealed` holds the booking with its identifiers, written
//   only through integration/booking-seal.ts; the other columns carry no patient identifier;
// - card_mappings: the site's procedure code → card table ('' = any scheme / any modality);
// - integration_settings: one JSON document per key (endpoints, schedule, export identifiers);
// - integration_status: per endpoint, the last successful exchange and the last error;
// - fhir_outbox: exam records waiting for (or delivered to) the EMR, one per run.
import type { Migration } from './migrate';

export const migration: Migration = {
  async up(db, ddl) {
    const { int64, flag } = ddl;
    await db.schema
      .createTable('scheduled_procedures')
      .addColumn('accession_number', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('sealed', 'text', (c) => c.notNull())
      .addColumn('card_id', 'text')
      .addColumn('unmapped_reason', 'text')
      .addColumn('code', 'text')
      .addColumn('modality', 'text')
      .addColumn('scanner', 'text')
      .addColumn('scheduled_start', 'text')
      .addColumn('received_at', int64, (c) => c.notNull())
      .addColumn('updated_at', int64, (c) => c.notNull())
      .addColumn('run_id', 'text')
      .execute();
    await db.schema
      .createTable('card_mappings')
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('system', 'text', (c) => c.notNull())
      .addColumn('modality', 'text', (c) => c.notNull())
      .addColumn('card_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('card_mappings_pk', ['code', 'system', 'modality'])
      .execute();
    await db.schema
      .createTable('integration_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', int64, (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();
    await db.schema
      .createTable('integration_status')
      .addColumn('endpoint', 'text', (c) => c.primaryKey())
      .addColumn('last_ok_at', int64)
      .addColumn('last_error_at', int64)
      .addColumn('last_error', 'text')
      .execute();
    await db.schema
      .createTable('fhir_outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('bundle', 'text', (c) => c.notNull())
      .addColumn('created_at', int64, (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', int64, (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('error_order', int64)
      .addColumn('alert', flag, (c) => c.notNull())
      .addColumn('acknowledged_at', int64)
      .execute();
    await db.schema.createIndex('fhir_outbox_due').on('fhir_outbox').columns(['state', 'next_attempt_at']).execute();
    await db.schema.createIndex('fhir_outbox_run').on('fhir_outbox').column('run_id').execute();
  },
};
