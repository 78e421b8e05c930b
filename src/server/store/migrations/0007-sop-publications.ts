// Who published which card version for new runs, and when: append-only, so the history stays when
// current_sops (0003) is overwritten by the next choice. Choices made before this migration enter the
// history as they stand. Cards that tablets push with their runs are stored in `sops` for replay only
// and are never offered for new runs unless someone with sops.edit publishes them.
import { sql } from 'kysely';
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
    await sql`insert into sop_publications (sop_id, version, published_by, published_at)
      select sop_id, version, set_by, set_at from current_sops where set_by is not null order by set_at, sop_id`.execute(
      db,
    );
    await ddl.appendOnly(db, 'sop_publications', 'card publications are append-only: publish again instead');
  },
};
