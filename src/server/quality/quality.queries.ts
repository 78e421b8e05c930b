// The quality records' events, read from the log for the quality read model (quality.model.ts).
// No table of its own: quality events are few (tens a day) and the log's (type, at) index finds them.
import type { QualityEvent } from '../../domain/quality/quality.projection';
import type { Dialect } from '../store/dialect';
import { openEventBody, type Sealer } from '../store/sealing';

export type QualityStore = {
  /** The events of these types, decoded, in arrival order. */
  qualityEvents(types: readonly string[]): Promise<QualityEvent[]>;
};

export function qualityQueries(d: Dialect, sealer: Sealer): QualityStore {
  return {
    async qualityEvents(types) {
      if (!types.length) return [];
      const rows = await d.db
        .selectFrom('events')
        .select(['id', 'body'])
        .where('type', 'in', [...types])
        .orderBy('seq')
        .execute();
      // Sensitive records (adverse events, rejects naming a run) are sealed at rest: opened here.
      return Promise.all(rows.map(async (r) => JSON.parse(await openEventBody(sealer, r)) as QualityEvent));
    },
  };
}
