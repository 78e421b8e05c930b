// The server's read model of runs: one row per run, written by the projection (src/server/projections/)
// from the event log through the domain's projectRun, never edited by hand and always rebuildable.
// `body` is the ProjectedRun as JSON; the other columns are copies of its fields a dashboard filters
// and sorts on. `status` adds `projectionFailed` (with `problem`) to the projection's own statuses.
import type { Migration } from './migrate';

export const migration: Migration = {
  async up(db, ddl) {
    const { int64, flag } = ddl;
    await db.schema
      .createTable('run_projections')
      .addColumn('run_id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      // Null only when the log has no run.created event (a projection failure).
      .addColumn('kind', 'text')
      .addColumn('sop_id', 'text')
      .addColumn('sop_version', 'integer')
      .addColumn('priority', 'text')
      .addColumn('scanner', 'text')
      .addColumn('arrived_at', int64)
      .addColumn('modality', 'text')
      .addColumn('completed_at', int64)
      .addColumn('cancelled_at', int64)
      .addColumn('needs_review', flag, (c) => c.notNull())
      .addColumn('skip_count', 'integer', (c) => c.notNull())
      .addColumn('fast_path_count', 'integer', (c) => c.notNull())
      .addColumn('event_count', 'integer', (c) => c.notNull())
      .addColumn('last_event_at', int64)
      .addColumn('engine_version', 'integer', (c) => c.notNull())
      .addColumn('projected_at', int64, (c) => c.notNull())
      .addColumn('problem', 'text')
      .addColumn('body', 'text')
      .execute();
    for (const [name, columns] of [
      ['run_projections_arrived', ['arrived_at']],
      ['run_projections_completed', ['completed_at']],
      ['run_projections_engine', ['engine_version']],
      ['run_projections_sop', ['sop_id', 'sop_version']],
      ['run_projections_status', ['status', 'arrived_at']],
      ['run_projections_kind', ['kind', 'arrived_at']],
      ['run_projections_priority', ['priority', 'arrived_at']],
      ['run_projections_scanner', ['scanner', 'arrived_at']],
      ['run_projections_review', ['needs_review', 'arrived_at']],
    ] as const)
      await db.schema
        .createIndex(name)
        .on('run_projections')
        .columns([...columns])
        .execute();
  },
};
