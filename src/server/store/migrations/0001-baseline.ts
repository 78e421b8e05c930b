// The schema of release 0.1, which made its tables at start-up with CREATE TABLE IF NOT EXISTS and
// had no migrations. Everything here is "if not exists" (or replaces itself), so this migration
// both creates a fresh database and adopts a 0.1 one in place, leaving its rows untouched; the two
// end with the same schema (test/server/upgrade.test.ts compares them).
import type { Migration } from './migrate';

export const migration: Migration = {
  async up(db, ddl) {
    const { int64, flag, bytes, seq } = ddl;
    await db.schema.dropTable('schema_version').ifExists().execute(); // 0.1 made it and never used it

    await db.schema
      .createTable('devices')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.unique())
      .addColumn('enrolled_at', int64, (c) => c.notNull())
      .addColumn('revoked_at', int64)
      .execute();
    // 0.1 added the escrowed data key to existing files this way, so it is the last column everywhere.
    await ddl.addColumnIfMissing(db, 'devices', 'dek', bytes);

    await db.schema
      .createTable('enrollment_codes')
      .ifNotExists()
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('created_at', int64, (c) => c.notNull())
      .addColumn('expires_at', int64, (c) => c.notNull())
      .addColumn('used_at', int64)
      .addColumn('used_by', 'text')
      .execute();

    await db.schema
      .createTable('events')
      .ifNotExists()
      .addColumn('seq', seq.type, seq.define)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('stream_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('device', 'text', (c) => c.notNull())
      .addColumn('device_seq', int64, (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('at', int64, (c) => c.notNull())
      .addColumn('received_at', int64, (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
    for (const [name, columns] of [
      ['events_stream', ['stream_id', 'type']],
      ['events_device', ['device', 'device_seq']],
      ['events_type_at', ['type', 'at']],
    ] as const)
      await db.schema
        .createIndex(name)
        .ifNotExists()
        .on('events')
        .columns([...columns])
        .execute();

    await db.schema
      .createTable('batches')
      .ifNotExists()
      .addColumn('batch_id', 'text', (c) => c.primaryKey())
      .addColumn('device', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('response', 'text', (c) => c.notNull())
      .addColumn('received_at', int64, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sops')
      .ifNotExists()
      .addColumn('seq', seq.type, seq.define)
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('added_at', int64, (c) => c.notNull())
      .addUniqueConstraint('sops_id_version_key', ['id', 'version'])
      .execute();

    await db.schema
      .createTable('users')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('username_key', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('active', flag, (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_failure_at', int64, (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', int64, (c) => c.notNull())
      .addColumn('updated_at', int64, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('user_tokens')
      .ifNotExists()
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('created_at', int64, (c) => c.notNull())
      .addColumn('expires_at', int64, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('user_tokens_user').ifNotExists().on('user_tokens').column('user_id').execute();
    await db.schema.createIndex('user_tokens_device').ifNotExists().on('user_tokens').column('device_id').execute();

    await db.schema
      .createTable('audit')
      .ifNotExists()
      .addColumn('seq', seq.type, seq.define)
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('at', int64, (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('device_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('audit_at').ifNotExists().on('audit').column('at').execute();
    await ddl.appendOnly(db, 'audit', 'the audit trail is append-only');
  },
};
