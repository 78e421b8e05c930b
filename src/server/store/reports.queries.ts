// The audit trail (append-only): server entries, and the merged view with the tablets' audit.entry
// events. (Exports and figures read the run projection: projections.queries.ts.)
import { sql } from 'kysely';
import type { AuditAction } from '../../domain/sync/protocol.schema';
import type { Dialect } from './dialect';
import type { SyncStore } from './store';

export function reportQueries(d: Dialect) {
  const { db, jsonText } = d;
  return {
    async appendAudit(e) {
      await db
        .insertInto('audit')
        .values({
          id: e.id,
          at: e.at,
          userId: e.userId ?? null,
          deviceId: e.deviceId ?? null,
          action: e.action,
          subject: e.subject ?? null,
          detail: e.detail ?? null,
        })
        .execute();
    },
    async auditEntries(q) {
      const server = db
        .selectFrom('audit')
        .select(['id', 'at', 'userId', 'deviceId', 'action', 'subject', 'detail', sql<string>`'server'`.as('source')]);
      const tablet = db
        .selectFrom('events')
        .where('type', '=', 'audit.entry')
        .select((eb) => [
          'id',
          'at',
          jsonText(eb.ref('body'), ['user']).as('userId'),
          eb.ref('device').as('deviceId'),
          sql<string>`${jsonText(eb.ref('body'), ['payload', 'action'])}`.as('action'),
          jsonText(eb.ref('body'), ['payload', 'subject']).as('subject'),
          jsonText(eb.ref('body'), ['payload', 'detail']).as('detail'),
          sql<string>`'tablet'`.as('source'),
        ]);
      const rows = await db
        .selectFrom(server.unionAll(tablet).as('merged'))
        .selectAll()
        .where('at', '>=', q.from)
        .where('at', '<', q.to)
        .$if(q.userId !== undefined, (qb) => qb.where('userId', '=', q.userId!))
        .$if(q.action !== undefined, (qb) => qb.where('action', '=', q.action!))
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(q.limit)
        .offset(q.offset)
        .execute();
      return rows.map((r) => ({ ...r, action: r.action as AuditAction, source: r.source as 'server' | 'tablet' }));
    },
  } satisfies Partial<SyncStore>;
}
