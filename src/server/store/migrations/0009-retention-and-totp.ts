// Retention (issue 10, item 10) and admins' TOTP (item 9):
// - retained_runs / retained_events: tombstones of runs archived (identifiers removed) or erased by
//   the retention command, and of every event id in them, with its place in the log. A tablet that
//   still holds such a run re-pushes it as known (acknowledged, never stored again); pulls skip it,
//   and the sequence and divergence checks count an erased event as still there.
// - user_totp: an admin's TOTP secret (pending until a first code confirms it) and the last time
//   step used, so no code is accepted twice.
import type { Migration } from './migrate';

export const migration: Migration = {
  async up(db, ddl) {
    const { int64, flag } = ddl;
    await db.schema
      .createTable('retained_runs')
      .addColumn('run_id', 'text', (c) => c.primaryKey())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('cutoff', int64, (c) => c.notNull())
      .addColumn('retained_at', int64, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('retained_events')
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('seq', int64, (c) => c.notNull())
      .addColumn('device', 'text', (c) => c.notNull())
      .addColumn('device_seq', int64, (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('retained_events_seq').on('retained_events').column('seq').execute();
    await db.schema
      .createIndex('retained_events_device')
      .on('retained_events')
      .columns(['device', 'device_seq'])
      .execute();

    await db.schema
      .createTable('user_totp')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
      // Base32 text, not yet sealed: main has no server key (item 4 seals it; see totp.queries.ts).
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('enabled', flag, (c) => c.notNull())
      .addColumn('last_step', int64, (c) => c.notNull())
      .addColumn('created_at', int64, (c) => c.notNull())
      .execute();
  },
};
