// The run read model's table (migration 0002): what the projection writes inside a push or rebuild
// transaction, and what exports and figures read. The JSON document is the domain's ProjectedRun;
// the columns beside it are copies a dashboard filters on, so no query here interprets a log. The
// document holds free text (skip, cancel and early-close reasons, answers) and so does a failure's
// `problem`: both are sealed like the events they come from; the columns hold no patient data.
import type { Kysely } from 'kysely';
import { compareEvents } from '../../domain/run/run.event';
import type { SyncEvent } from '../../domain/sync/protocol.schema';
import { chunks, type Dialect } from './dialect';
import type { ProjectionRow, ProjectionStore, ProjectionTx, ServerRunStatus } from './projections.types';
import type { Database } from './schema';
import { openEventBody, projectionAad, type Sealer } from './sealing';

type Tables = {
  runProjections: Omit<ProjectionRow, 'needsReview' | 'status' | 'kind'> & {
    status: string;
    kind: string | null;
    /** Written as 1/0; read back as number (SQLite) or boolean (PostgreSQL). */
    needsReview: number | boolean;
  };
};
const withProjections = (db: Kysely<Database>) => db.withTables<Tables>();

type Created = Extract<SyncEvent, { type: 'run.created' }>;

const ROW_COLUMNS = [
  'runId',
  'status',
  'kind',
  'sopId',
  'sopVersion',
  'priority',
  'scanner',
  'arrivedAt',
  'modality',
  'completedAt',
  'cancelledAt',
  'needsReview',
  'skipCount',
  'fastPathCount',
  'eventCount',
  'lastEventAt',
  'engineVersion',
  'projectedAt',
  'problem',
  'body',
] as const;
const UPSERT_ROWS = 200; // 20 parameters a row

const sealed = (sealer: Sealer, r: ProjectionRow) => ({
  ...r,
  needsReview: Number(r.needsReview),
  body: r.body === null ? null : sealer.sealText(r.body, projectionAad(r.runId, 'body')),
  problem: r.problem === null ? null : sealer.sealText(r.problem, projectionAad(r.runId, 'problem')),
});

const opened = async (sealer: Sealer, r: Tables['runProjections']): Promise<ProjectionRow> => ({
  ...r,
  status: r.status as ServerRunStatus,
  kind: r.kind as ProjectionRow['kind'],
  needsReview: Boolean(r.needsReview),
  body: r.body === null ? null : await sealer.openText(r.body, projectionAad(r.runId, 'body')),
  problem: r.problem === null ? null : await sealer.openText(r.problem, projectionAad(r.runId, 'problem')),
});

export function projectionTx(trx: Kysely<Database>, sealer: Sealer): ProjectionTx {
  const db = withProjections(trx);
  return {
    async runEventBodies(runIds, types, known) {
      const out = new Map<string, string[]>();
      for (const part of chunks(runIds)) {
        const rows = await db
          .selectFrom('events')
          .select(['id', 'streamId', 'body'])
          .where('streamId', 'in', part)
          .where('type', 'in', [...types])
          .execute();
        for (const r of rows) {
          const body = known?.get(r.id) ?? (await openEventBody(sealer, r));
          const list = out.get(r.streamId);
          if (list) list.push(body);
          else out.set(r.streamId, [body]);
        }
      }
      return out;
    },
    async runsAwaitingSop(keys) {
      if (!keys.length) return [];
      const rows = await db
        .selectFrom('runProjections')
        .select('runId')
        .where('status', '=', 'sopUnknown')
        .where((eb) => eb.or(keys.map((k) => eb.and({ sopId: k.id, sopVersion: k.version }))))
        .execute();
      return rows.map((r) => r.runId);
    },
    async saveProjections(rows) {
      for (const part of chunks(rows, UPSERT_ROWS))
        await db
          .insertInto('runProjections')
          .values(part.map((r) => sealed(sealer, r)))
          .onConflict((oc) =>
            oc
              .column('runId')
              .doUpdateSet((eb) =>
                Object.fromEntries(ROW_COLUMNS.filter((c) => c !== 'runId').map((c) => [c, eb.ref(`excluded.${c}`)])),
              ),
          )
          .execute();
    },
  };
}

export function projectionQueries(d: Dialect, sealer: Sealer): ProjectionStore {
  const db = withProjections(d.db);
  return {
    async projectedRuns(q) {
      const rows = await db
        .selectFrom('runProjections')
        .select(ROW_COLUMNS)
        .where('arrivedAt', '>=', q.from)
        .where('arrivedAt', '<', q.to)
        .$if(q.kind !== undefined, (qb) => qb.where('kind', '=', q.kind!))
        .orderBy('arrivedAt')
        .orderBy('runId')
        .limit(q.limit)
        .execute();
      return Promise.all(rows.map((r) => opened(sealer, r)));
    },
    async projectionsOf(runIds) {
      const out: ProjectionRow[] = [];
      for (const part of chunks(runIds))
        for (const r of await db.selectFrom('runProjections').select(ROW_COLUMNS).where('runId', 'in', part).execute())
          out.push(await opened(sealer, r));
      return out;
    },
    async projectionCounts(range) {
      const rows = await db
        .selectFrom('runProjections')
        .select((eb) => [
          'kind',
          'priority',
          'sopId',
          'scanner',
          'status',
          eb.fn.countAll<number>().as('runs'),
          eb.fn.sum<number>(eb.case().when('needsReview', '=', eb.lit(true)).then(1).else(0).end()).as('needsReview'),
          eb.fn.sum<number>('skipCount').as('skips'),
          eb.fn.sum<number>('fastPathCount').as('fastPaths'),
        ])
        .where('arrivedAt', '>=', range.from)
        .where('arrivedAt', '<', range.to)
        .groupBy(['kind', 'priority', 'sopId', 'scanner', 'status'])
        .execute();
      return rows.map((r) => ({
        ...r,
        runs: Number(r.runs),
        needsReview: Number(r.needsReview),
        skips: Number(r.skips),
        fastPaths: Number(r.fastPaths),
      }));
    },
    async projectionStamps(range) {
      const rows = await db
        .selectFrom('runProjections')
        .select(['runId', 'status', 'eventCount', 'engineVersion', 'projectedAt'])
        .where('arrivedAt', '>=', range.from)
        .where('arrivedAt', '<', range.to)
        .where('body', 'is not', null)
        .orderBy('arrivedAt')
        .orderBy('runId')
        .execute();
      return rows.map((r) => ({
        ...r,
        eventCount: Number(r.eventCount),
        engineVersion: Number(r.engineVersion),
        projectedAt: Number(r.projectedAt),
      }));
    },
    async runHeaders(runIds) {
      const out = new Map<string, Created>();
      for (const part of chunks(runIds)) {
        const rows = await db
          .selectFrom('events')
          .select(['id', 'body'])
          .where('type', '=', 'run.created')
          .where('streamId', 'in', part)
          .execute();
        for (const r of rows) {
          const e = JSON.parse(await openEventBody(sealer, r)) as Created;
          const seen = out.get(e.streamId);
          if (!seen || compareEvents(e, seen) < 0) out.set(e.streamId, e);
        }
      }
      return out;
    },
    async runsToProject(q) {
      if (q.all) {
        const rows = await db
          .selectFrom('events')
          .select('streamId')
          .distinct()
          .where('type', 'in', [...q.types])
          .orderBy('streamId')
          .execute();
        return rows.map((r) => r.streamId);
      }
      const missing = db
        .selectFrom('events as e')
        .select('e.streamId as runId')
        .where('e.type', 'in', [...q.openingTypes])
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('runProjections as p').select('p.runId').whereRef('p.runId', '=', 'e.streamId'))),
        );
      const stale = db.selectFrom('runProjections').select('runId').where('engineVersion', '<', q.engineVersion);
      const rows = await missing.union(stale).execute();
      return rows.map((r) => r.runId).sort();
    },
  };
}
