// Who published which card version for new runs, and when: append-only, so the history stays. The
// version a new run uses is the one published last for its card (built-in cards count as published
// by the release until someone publishes another). Cards that tablets push with their runs are
// stored in `sops` for replay only and are never offered for new runs unless someone publishes them.
import type { Migration } from './migrate';

export const migration: Migration = {
  async up(db, ddl) {
    await db.schema
      .createTable('sop_publications')
      .addColumn('seq', ddl.seq.type, ddl.seq.define)
      .addColumn('sop_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('published_by', 'text', (c) => c.notNull())
      .addColumn('published_at', ddl.int64, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sop_publications_sop').on('sop_publications').columns(['sop_id', 'seq']).execute();
    await ddl.appendOnly(db, 'sop_publications', 'card publications are append-only: publish again instead');
  },
};
