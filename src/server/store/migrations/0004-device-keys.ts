// Device identity by key pair (issue 10): a tablet's public key (JWK) and its thumbprint on the
// device row, the key that used each enrolment code (so a repeated request answers the same), single-use
// sign-in challenges, short-lived device sessions, and a credential version per user that tells tablets
// when a user's wrapped key must go (PIN reset, deactivation, role change).
import type { Migration } from './migrate';

export const migration: Migration = {
  async up(db, ddl) {
    const { int64 } = ddl;
    await db.schema.alterTable('devices').addColumn('public_key', 'text').execute();
    await db.schema.alterTable('devices').addColumn('key_id', 'text').execute();
    await db.schema.createIndex('devices_key_id').unique().on('devices').column('key_id').execute();
    await db.schema.alterTable('enrollment_codes').addColumn('used_key', 'text').execute();

    await db.schema
      .createTable('device_challenges')
      .addColumn('challenge_hash', 'text', (c) => c.primaryKey())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('expires_at', int64, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('device_sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('created_at', int64, (c) => c.notNull())
      .addColumn('expires_at', int64, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('device_sessions_device').on('device_sessions').column('device_id').execute();

    await db.schema
      .alterTable('users')
      .addColumn('credential_version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
