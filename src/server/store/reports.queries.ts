// The audit trail (append-only, chained: audit-chain.ts) and what reports read from the log: figure
// counts by a JSON field, and exam runs with their commands. A run's commands are put in order by
// the domain's compareEvents, the one definition of a merged log's order, never by SQL. Bodies of
// patient-data types are sealed, so what needs their fields opens them here rather than asking SQL.
import { compareEvents } from '../../domain/run/run.event';
import type { AuditAction, SyncEvent } from '../../domain/sync/protocol.schema';
import type { AuditChain } from './audit-chain';
import { chunks, type Dialect } from './dialect';
import type { Sealer } from './sealing';
import type { SyncStore } from './store';
import { openEventBody } from './sync.queries';

const PAGE = 1000;

/** The value at a fixed path of a parsed event, as the text SQL's JSON extraction would give. */
function fieldAt(event: unknown, path: readonly string[]): string {
  let v: unknown = event;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v === undefined || v === null ? 'null' : String(v);
}

type Command = Extract<SyncEvent, { type: 'run.command' }>;

export function reportQueries(d: Dialect, sealer: Sealer, chain: AuditChain) {
  const { db } = d;
  return {
    appendAudit: (e) => d.transaction((trx) => chain.append(trx, [e]), 'audit'),
    async auditEntries(q) {
      const rows = await db
        .selectFrom('auditLog')
        .select(['id', 'at', 'userId', 'deviceId', 'action', 'subject', 'detail', 'source', 'claimedUser', 'claimedAt'])
        .where('at', '>=', q.from)
        .where('at', '<', q.to)
        .$if(q.userId !== undefined, (qb) => qb.where('userId', '=', q.userId!))
        .$if(q.action !== undefined, (qb) => qb.where('action', '=', q.action!))
        .orderBy('at', 'desc')
        .orderBy('seq', 'desc')
        .limit(q.limit)
        .offset(q.offset)
        .execute();
      return rows.map((r) => ({ ...r, action: r.action as AuditAction }));
    },
    async countEventsBy(type, path, range) {
      const counts: Record<string, number> = {};
      for (let after = 0; ;) {
        const rows = await db
          .selectFrom('events')
          .select(['seq', 'id', 'body'])
          .where('type', '=', type)
          .where('at', '>=', range.from)
          .where('at', '<', range.to)
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(PAGE)
          .execute();
        for (const r of rows) {
          const k = fieldAt(JSON.parse(await openEventBody(sealer, r)), path);
          counts[k] = (counts[k] ?? 0) + 1;
        }
        if (rows.length < PAGE) return counts;
        after = rows.at(-1)!.seq;
      }
    },
    async examRuns(range, limit) {
      const out: { body: string; eventCount: number; lastEventAt: number }[] = [];
      for (let offset = 0; out.length < limit; offset += PAGE) {
        const rows = await db
          .selectFrom('events as c')
          .select((eb) => [
            'c.id',
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
          .orderBy('c.at')
          .orderBy('c.seq')
          .limit(PAGE)
          .offset(offset)
          .execute();
        for (const r of rows) {
          const body = await openEventBody(sealer, r);
          if ((JSON.parse(body) as Extract<SyncEvent, { type: 'run.created' }>).payload.kind !== 'exam') continue;
          out.push({ body, eventCount: Number(r.eventCount), lastEventAt: Number(r.lastEventAt) });
          if (out.length === limit) break;
        }
        if (rows.length < PAGE) break;
      }
      return out;
    },
    async runCommands(streamIds) {
      const out: Command[] = [];
      for (const part of chunks(streamIds)) {
        const rows = await db
          .selectFrom('events')
          .select(['id', 'body'])
          .where('type', '=', 'run.command')
          .where('streamId', 'in', part)
          .execute();
        for (const r of rows) out.push(JSON.parse(await openEventBody(sealer, r)) as Command);
      }
      return out.sort(compareEvents);
    },
  } satisfies Partial<SyncStore>;
}
