// Encryption at rest: the data keys rows are sealed under, each wrapped by a key-encryption key
// that is not in the database (its id is on the row, so rotation knows what to re-wrap). Rows
// written before this release are sealed when the server first opens the database (legacy.ts).
import type { Migration } from './migrate';

export const migration: Migration = {
  async up(db, ddl) {
    await db.schema
      .createTable('data_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kek_id', 'text', (c) => c.notNull())
      .addColumn('wrapped', ddl.bytes, (c) => c.notNull())
      .addColumn('created_at', ddl.int64, (c) => c.notNull())
      .execute();
  },
};
