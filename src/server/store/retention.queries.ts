// Retention's tables (migration 0009): tombstones of runs the retention command archived or erased
// and of every event id in them. The push reads them (a retained id is known, a retained run takes
// no new events), the projection leaves retained runs alone, and the retention command itself
// rewrites, deletes and records here, inside the push-locked transaction.
import type { Kysely } from 'kysely';
import { chunks, type Dialect } from './dialect';
import type { Database } from './schema';
import { eventAad, openEventBody, projectionAad, type Sealer } from './sealing';
import { isSensitive } from '../../domain/events/registry';

export type RetentionMode = 'archive' | 'erase';

export type RetentionTables = {
  retainedRuns: { runId: string; mode: string; cutoff: number; retainedAt: number };
  retainedEvents: { eventId: string; runId: string; seq: number; device: string; deviceSeq: number; mode: string };
};
type Db = Kysely<
  Database &
    RetentionTables & {
      deviceStreams: { device: string; events: number };
      runProjections: { runId: string; body: string | null };
    }
>;

export type RetainedEventRow = {
  readonly seq: number;
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly device: string;
  readonly deviceSeq: number;
  readonly body: string;
};

/** What a push and the projection ask about retention, inside their transaction. */
export type RetentionReadTx = {
  /** Of these event ids, those in a run the retention command archived or erased. */
  retainedEventIds(ids: readonly string[]): Promise<Set<string>>;
  /** Of these runs, those the retention command archived or erased, with how. */
  retainedRuns(runIds: readonly string[]): Promise<Map<string, RetentionMode>>;
};

/** What the retention command does, a batch of runs per transaction. */
export type RetentionTx = RetentionReadTx & {
  /**
   * Runs (of the given stream types) whose newest event is older than `cutoff` both by the tablet's
   * clock and by the server's receipt, and not yet retained this far (an archived run can still be erased).
   */
  retentionCandidates(q: {
    readonly cutoff: number;
    readonly mode: RetentionMode;
    readonly types: readonly string[];
    readonly limit: number;
  }): Promise<string[]>;
  runEventRows(runIds: readonly string[]): Promise<RetainedEventRow[]>;
  replaceEventBodies(rows: readonly { id: string; body: string }[]): Promise<void>;
  deleteRunEvents(runIds: readonly string[]): Promise<number>;
  projectionBodies(runIds: readonly string[]): Promise<Map<string, string | null>>;
  replaceProjectionBody(runId: string, body: string | null): Promise<void>;
  deleteProjections(runIds: readonly string[]): Promise<number>;
  /** Records (or moves on to `erase`) the tombstones; returns the events newly hidden from pulls, per device. */
  addTombstones(
    mode: RetentionMode,
    cutoff: number,
    at: number,
    runIds: readonly string[],
    events: readonly RetainedEventRow[],
  ): Promise<Map<string, number>>;
  /** The divergence check's per-device counts: pulls no longer hand these out. */
  lessenStreams(hidden: ReadonlyMap<string, number>): Promise<void>;
};

export function retentionReadTx(trx: Kysely<Database>): RetentionReadTx {
  const db = trx.withTables<RetentionTables>();
  return {
    async retainedEventIds(ids) {
      const out = new Set<string>();
      for (const part of chunks(ids))
        for (const r of await db.selectFrom('retainedEvents').select('eventId').where('eventId', 'in', part).execute())
          out.add(r.eventId);
      return out;
    },
    async retainedRuns(runIds) {
      const out = new Map<string, RetentionMode>();
      for (const part of chunks(runIds))
        for (const r of await db
          .selectFrom('retainedRuns')
          .select(['runId', 'mode'])
          .where('runId', 'in', part)
          .execute())
          out.set(r.runId, r.mode as RetentionMode);
      return out;
    },
  };
}

// Bodies are opened on the way out and sealed again on the way in, as the push and projection store them.
export function retentionTx(trx: Kysely<Database>, sealer: Sealer): RetentionTx {
  const db = trx as unknown as Db;
  const read = retentionReadTx(trx);
  return {
    ...read,
    async retentionCandidates(q) {
      const rows = await db
        .selectFrom('events as e')
        .select('e.streamId')
        .where('e.type', 'in', [...q.types])
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('retainedRuns as r')
                .select('r.runId')
                .whereRef('r.runId', '=', 'e.streamId')
                .$if(q.mode === 'erase', (qb) => qb.where('r.mode', '=', 'erase')),
            ),
          ),
        )
        .groupBy('e.streamId')
        .having((eb) => eb.and([eb(eb.fn.max('e.at'), '<', q.cutoff), eb(eb.fn.max('e.receivedAt'), '<', q.cutoff)]))
        .orderBy('e.streamId')
        .limit(q.limit)
        .execute();
      return rows.map((r) => r.streamId);
    },
    async runEventRows(runIds) {
      const out: RetainedEventRow[] = [];
      for (const part of chunks(runIds))
        out.push(
          ...(await db
            .selectFrom('events')
            .select(['seq', 'id', 'streamId', 'type', 'device', 'deviceSeq', 'body'])
            .where('streamId', 'in', part)
            .orderBy('seq')
            .execute()),
        );
      return Promise.all(out.map(async (r) => ({ ...r, body: await openEventBody(sealer, r) })));
    },
    async replaceEventBodies(rows) {
      const types = new Map<string, string>();
      for (const part of chunks(rows.map((r) => r.id)))
        for (const r of await db.selectFrom('events').select(['id', 'type']).where('id', 'in', part).execute())
          types.set(r.id, r.type);
      for (const r of rows) {
        const body = isSensitive(types.get(r.id) ?? '') ? sealer.sealText(r.body, eventAad(r.id)) : r.body;
        await db.updateTable('events').set({ body }).where('id', '=', r.id).execute();
      }
    },
    async deleteRunEvents(runIds) {
      let n = 0;
      for (const part of chunks(runIds))
        n += Number((await db.deleteFrom('events').where('streamId', 'in', part).executeTakeFirst()).numDeletedRows);
      return n;
    },
    async projectionBodies(runIds) {
      const out = new Map<string, string | null>();
      for (const part of chunks(runIds))
        for (const r of await db
          .selectFrom('runProjections')
          .select(['runId', 'body'])
          .where('runId', 'in', part)
          .execute())
          out.set(r.runId, r.body === null ? null : await sealer.openText(r.body, projectionAad(r.runId, 'body')));
      return out;
    },
    async replaceProjectionBody(runId, body) {
      const sealed = body === null ? null : sealer.sealText(body, projectionAad(runId, 'body'));
      await db.updateTable('runProjections').set({ body: sealed }).where('runId', '=', runId).execute();
    },
    async deleteProjections(runIds) {
      let n = 0;
      for (const part of chunks(runIds))
        n += Number(
          (await db.deleteFrom('runProjections').where('runId', 'in', part).executeTakeFirst()).numDeletedRows,
        );
      return n;
    },
    async addTombstones(mode, cutoff, at, runIds, events) {
      for (const part of chunks(runIds, 100))
        await db
          .insertInto('retainedRuns')
          .values(part.map((runId) => ({ runId, mode, cutoff, retainedAt: at })))
          .onConflict((oc) => oc.column('runId').doUpdateSet({ mode, cutoff, retainedAt: at }))
          .execute();
      const known = await read.retainedEventIds(events.map((e) => e.id));
      const hidden = new Map<string, number>();
      for (const e of events) if (!known.has(e.id)) hidden.set(e.device, (hidden.get(e.device) ?? 0) + 1);
      for (const part of chunks(events, 80))
        await db
          .insertInto('retainedEvents')
          .values(
            part.map((e) => ({
              eventId: e.id,
              runId: e.streamId,
              seq: e.seq,
              device: e.device,
              deviceSeq: e.deviceSeq,
              mode,
            })),
          )
          .onConflict((oc) => oc.column('eventId').doUpdateSet({ mode }))
          .execute();
      return hidden;
    },
    async lessenStreams(hidden) {
      for (const [device, n] of hidden)
        await db
          .updateTable('deviceStreams')
          .set((eb) => ({ events: eb('events', '-', n) }))
          .where('device', '=', device)
          .execute();
    },
  };
}

/** The retention command's transaction: batches take turns with pushes (the push lock). */
export function retentionQueries(d: Dialect, sealer: Sealer) {
  return {
    retentionTransaction: <T>(work: (tx: RetentionTx) => Promise<T>) =>
      d.transaction((trx) => work(retentionTx(trx, sealer)), 'push'),
  };
}
export type RetentionStore = ReturnType<typeof retentionQueries>;
