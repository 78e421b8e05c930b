// Keys kept in the database only wrapped by a key-encryption key that is not in it (its id is on
// the row, so rotation knows what to re-wrap): `seal` keys that rows are sealed under, and the one
// `audit` key that signs the audit chain. Rows an older release wrote in clear are sealed, and its
// audit rows chained, when the server first opens the database (seal-clear-rows.ts, audit-chain.ts).
import type { Migration } from './migrate';

export const migration: Migration = {
  async up(db, ddl) {
    await db.schema
      .createTable('data_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('kek_id', 'text', (c) => c.notNull())
      .addColumn('wrapped', ddl.bytes, (c) => c.notNull())
      .addColumn('created_at', ddl.int64, (c) => c.notNull())
      .execute();

    // The audit trail, server and tablet entries in one table, each chained to the one before it
    // (audit-chain.ts) and refused UPDATE and DELETE by the database itself.
    await db.schema
      .createTable('audit_log')
      .addColumn('seq', ddl.seq.type, ddl.seq.define)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('at', ddl.int64, (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('device_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('detail', 'text')
      .addColumn('claimed_user', 'text')
      .addColumn('claimed_at', ddl.int64)
      .addColumn('mac', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    await ddl.appendOnly(db, 'audit_log', 'the audit trail is append-only');
  },
};
