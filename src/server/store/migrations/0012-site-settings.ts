// Site settings and tablets' last sync, for the admin console:
// - site_settings: one JSON document per key ("site": timer standards, idle-lock time), who changed
//   it last and when (every change is also in the audit trail);
// - device_sync: when each tablet last pushed and last pulled (the devices list shows "last sync";
//   one row per tablet, overwritten, so it never grows with traffic).
import type { Migration } from './migrate';

export const migration: Migration = {
  async up(db, ddl) {
    await db.schema
      .createTable('site_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', ddl.int64, (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .execute();
    await db.schema
      .createTable('device_sync')
      .addColumn('device_id', 'text', (c) => c.primaryKey())
      .addColumn('last_push_at', ddl.int64)
      .addColumn('last_pull_at', ddl.int64)
      .execute();
  },
};
