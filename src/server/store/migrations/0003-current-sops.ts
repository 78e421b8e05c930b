// Which version of each card new runs use, as the department set it (a card without a row: its newest
// built-in version, see src/server/current-sops.ts). Runs already started keep the version they pinned.
import type { Migration } from './migrate';

export const migration: Migration = {
  async up(db, ddl) {
    await db.schema
      .createTable('current_sops')
      .addColumn('sop_id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('set_at', ddl.int64, (c) => c.notNull())
      .addColumn('set_by', 'text')
      .execute();
  },
};
