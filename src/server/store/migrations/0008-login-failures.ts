// Wrong-secret counts per user AND tablet: 8 wrong PINs typed on one tablet lock that user on that
// tablet only (any tablet could lock any account while the count was the user's). The old per-user
// columns (users.failures, users.last_failure_at) are left as they were and no longer read or written.
import type { Migration } from './migrate';

export const migration: Migration = {
  async up(db, ddl) {
    await db.schema
      .createTable('login_failures')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('last_failure_at', ddl.int64, (c) => c.notNull())
      .addPrimaryKeyConstraint('login_failures_pk', ['user_id', 'device_id'])
      .execute();
  },
};
