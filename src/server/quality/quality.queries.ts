// The quality records' events, read from the log for the quality read model (quality.model.ts).
// No table of its own: quality events are few (tens a day) and the log's (type, at) index finds them.
import type { QualityEvent } from '../../domain/quality/quality.projection';
import type { Dialect } from '../store/dialect';

export type QualityStore = {
  /** The events of these types, decoded, in arrival order. */
  qualityEvents(types: readonly string[]): Promise<QualityEvent[]>;
};

/** The one place a quality read turns a stored row into its event: at-rest decoding goes here. */
export function eventBody(row: { readonly type: string; readonly body: string }): QualityEvent {
  return JSON.parse(row.body) as QualityEvent;
}

export function qualityQueries(d: Dialect): QualityStore {
  return {
    async qualityEvents(types) {
      if (!types.length) return [];
      const rows = await d.db
        .selectFrom('events')
        .select(['type', 'body'])
        .where('type', 'in', [...types])
        .orderBy('seq')
        .execute();
      return rows.map(eventBody);
    },
  };
}
