// The quality records' events, read from the log for the quality read model (quality.model.ts).
// No table of its own: quality events are few (tens a day) and the log's (type, at) index finds them.
import type { Dialect } from '../store/dialect';

export type QualityStore = {
  /** Bodies (canonical JSON) of the events of these types, in arrival order. */
  qualityEventBodies(types: readonly string[]): Promise<string[]>;
};

export function qualityQueries(d: Dialect): QualityStore {
  return {
    async qualityEventBodies(types) {
      if (!types.length) return [];
      const rows = await d.db
        .selectFrom('events')
        .select('body')
        .where('type', 'in', [...types])
        .orderBy('seq')
        .execute();
      return rows.map((r) => r.body);
    },
  };
}
