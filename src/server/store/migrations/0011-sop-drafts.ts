// The card editor's workflow (issue 15):
// - sop_drafts: at most one draft per card (the primary key), edited by one or more people (the
//   `editors`, a JSON list of user ids: none of them may approve it), with the change note;
// - sop_approvals: who wrote and who approved each version, when and why (append-only: the
//   versions themselves are the immutable rows of `sops`);
// - sop_retirements: cards no new run may use (a card with runs is retired, never deleted); the
//   next published version of the card brings it back.
import type { Migration } from './migrate';

export const migration: Migration = {
  async up(db, ddl) {
    const { int64 } = ddl;
    await db.schema
      .createTable('sop_drafts')
      .addColumn('sop_id', 'text', (c) => c.primaryKey())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('editors', 'text', (c) => c.notNull())
      .addColumn('change_note', 'text', (c) => c.notNull())
      .addColumn('base_version', 'integer')
      .addColumn('rollback_of', 'integer')
      .addColumn('created_at', int64, (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', int64, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sop_approvals')
      .addColumn('seq', ddl.seq.type, ddl.seq.define)
      .addColumn('sop_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('authors', 'text', (c) => c.notNull())
      .addColumn('approved_by', 'text', (c) => c.notNull())
      .addColumn('change_note', 'text', (c) => c.notNull())
      .addColumn('rollback_of', 'integer')
      .addColumn('approved_at', int64, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sop_approvals_sop').on('sop_approvals').columns(['sop_id', 'version']).execute();
    await ddl.appendOnly(db, 'sop_approvals', 'card approvals are append-only: publish a new version instead');
    await db.schema
      .createTable('sop_retirements')
      .addColumn('sop_id', 'text', (c) => c.primaryKey())
      .addColumn('retired_by', 'text', (c) => c.notNull())
      .addColumn('retired_at', int64, (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .execute();
  },
};
