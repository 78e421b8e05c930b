// The audit trail (append-only) and what reports read from the log: the merged audit view, figure
// counts by a JSON field, and exam runs with their commands. A run's commands are put in order by
// the domain's compareEvents, the one definition of a merged log's order, never by SQL.
import { sql } from 'kysely';
import { compareEvents } from '../../domain/run/run.event';
import type { AuditAction, SyncEvent } from '../../domain/sync/protocol.schema';
import { chunks, type Dialect } from './dialect';
import type { SyncStore } from './store';

type Command = Extract<SyncEvent, { type: 'run.command' }>;

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
    async countEventsBy(type, path, range) {
      const rows = await db
        .selectFrom('events')
        .select((eb) => [jsonText(eb.ref('body'), path).as('k'), eb.fn.countAll<number>().as('n')])
        .where('type', '=', type)
        .where('at', '>=', range.from)
        .where('at', '<', range.to)
        .groupBy(sql.ref('k'))
        .execute();
      return Object.fromEntries(rows.map((r) => [String(r.k), Number(r.n)]));
    },
    async examRuns(range, limit) {
      const rows = await db
        .selectFrom('events as c')
        .select((eb) => [
          'c.body',
          eb
            .selectFrom('events as e')
            .whereRef('e.streamId', '=', 'c.streamId')
            .select(eb.fn.countAll<number>().as('n'))
            .as('eventCount'),
          eb
            .selectFrom('events as e')
            .whereRef('e.streamId', '=', 'c.streamId')
            .select((e) => e.fn.max('e.at').as('last'))
            .as('lastEventAt'),
        ])
        .where('c.type', '=', 'run.created')
        .where('c.at', '>=', range.from)
        .where('c.at', '<', range.to)
        .where((eb) => eb(jsonText(eb.ref('c.body'), ['payload', 'kind']), '=', 'exam'))
        .orderBy('c.at')
        .orderBy('c.seq')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ body: r.body, eventCount: Number(r.eventCount), lastEventAt: Number(r.lastEventAt) }));
    },
    async runCommands(streamIds) {
      const out: Command[] = [];
      for (const part of chunks(streamIds)) {
        const rows = await db
          .selectFrom('events')
          .select('body')
          .where('type', '=', 'run.command')
          .where('streamId', 'in', part)
          .execute();
        for (const r of rows) out.push(JSON.parse(r.body) as Command);
      }
      return out.sort(compareEvents);
    },
  } satisfies Partial<SyncStore>;
}
