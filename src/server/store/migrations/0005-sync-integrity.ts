// What sync needs to survive a restore and to notice lost events:
// - server_identity: which server this is, and its epoch (a new one after a restore: tablets then
//   start their cursors again and re-send what the server lacks);
// - device_streams: per device, how many events the server holds and the sequence number of the
//   newest, kept in the push transaction (the divergence check compares it on every sync);
// - refusals: events a push refused for good, so a gap in a device's numbers can be explained.
import { sql } from 'kysely';
import type { Migration } from './migrate';

export const migration: Migration = {
  async up(db, ddl) {
    const { int64, seq } = ddl;
    await db.schema
      .createTable('server_identity')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('epoch', 'text', (c) => c.notNull())
      .addColumn('epoch_since', int64, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('device_streams')
      .addColumn('device', 'text', (c) => c.primaryKey())
      .addColumn('events', int64, (c) => c.notNull())
      .addColumn('last_seq', int64, (c) => c.notNull())
      .execute();
    await sql`insert into device_streams (device, events, last_seq)
              select device, count(*), max(seq) from events group by device`.execute(db);

    await db.schema
      .createTable('refusals')
      .addColumn('seq', seq.type, seq.define)
      .addColumn('device', 'text', (c) => c.notNull())
      .addColumn('device_seq', int64)
      .addColumn('event_id', 'text')
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('error', 'text', (c) => c.notNull())
      .addColumn('at', int64, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('refusals_device').on('refusals').columns(['device', 'device_seq']).execute();
  },
};
