// The event log and SOP versions: what a push writes (inside the serialised push transaction) and
// what a pull reads. Written once for both dialects. Bodies of types that hold patient data (the
// registry says which) are sealed on the way in and opened on the way out: callers see canonical JSON.
import type { Kysely } from 'kysely';
import { isSensitive } from '../../domain/events/registry';
import type { AuditChain } from './audit-chain';
import { chunks, type Dialect } from './dialect';
import { integrationTx } from './integration.queries';
import { identityOf, type IntegrityTables } from './integrity.queries';
import { projectionTx } from './projections.queries';
import { retentionReadTx, type RetentionTables } from './retention.queries';
import type { Database } from './schema';
import { eventAad, openEventBody, type Sealer } from './sealing';
import { sopKey, type PushTx, type SyncStore } from './store';

export function pushTx(trx: Kysely<Database>, rowsPerInsert: number, sealer: Sealer, chain: AuditChain): PushTx {
  const itx = trx.withTables<IntegrityTables>();
  return {
    identity: (now) => identityOf(itx, now),
    appendAudit: (entries) => chain.append(trx, entries),
    async batch(batchId) {
      return trx
        .selectFrom('batches')
        .select(['device', 'hash', 'response'])
        .where('batchId', '=', batchId)
        .executeTakeFirst();
    },
    async eventBodies(ids) {
      const out = new Map<string, string>();
      for (const part of chunks(ids))
        for (const r of await trx.selectFrom('events').select(['id', 'body']).where('id', 'in', part).execute())
          out.set(r.id, await openEventBody(sealer, r));
      return out;
    },
    async runCreators(streamIds) {
      const out = new Map<string, string>();
      for (const part of chunks(streamIds)) {
        const rows = await trx
          .selectFrom('events')
          .select(['streamId', 'id'])
          .where('type', '=', 'run.created')
          .where('streamId', 'in', part)
          .orderBy('seq')
          .execute();
        for (const r of rows) if (!out.has(r.streamId)) out.set(r.streamId, r.id);
      }
      return out;
    },
    async seqsTaken(device, seqs) {
      const out = new Map<number, string>();
      for (const part of chunks(seqs))
        for (const r of await trx
          .selectFrom('events')
          .select(['deviceSeq', 'id'])
          .where('device', '=', device)
          .where('deviceSeq', 'in', part)
          .execute())
          out.set(r.deviceSeq, r.id);
      return out;
    },
    async sopBodies(keys) {
      const out = new Map<string, string>();
      for (const part of chunks(keys)) {
        const rows = await trx
          .selectFrom('sops')
          .select(['id', 'version', 'body'])
          .where((eb) => eb.or(part.map((k) => eb.and({ id: k.id, version: k.version }))))
          .execute();
        for (const r of rows) out.set(sopKey(r.id, r.version), r.body);
      }
      return out;
    },
    async insertSop(s) {
      await trx
        .insertInto('sops')
        .values({ id: s.id, version: s.version, body: s.body, source: s.source, addedAt: s.now })
        .execute();
    },
    async insertEvents(rows, receivedAt) {
      // Rows (and multi-row VALUES) are numbered in list order, so the batch keeps its order in the log.
      for (const part of chunks(rows, rowsPerInsert))
        await trx
          .insertInto('events')
          .values(
            part.map((r) => ({
              id: r.id,
              streamId: r.streamId,
              type: r.type,
              device: r.device,
              deviceSeq: r.deviceSeq,
              hlc: r.hlc,
              at: r.at,
              receivedAt,
              body: isSensitive(r.type) ? sealer.sealText(r.body, eventAad(r.id)) : r.body,
            })),
          )
          .execute();
    },
    async noteStream(device, added) {
      if (!added) return;
      const { last } = await trx
        .selectFrom('events')
        .select((eb) => eb.fn.max('seq').as('last'))
        .executeTakeFirstOrThrow(); // pushes take turns: the newest rows are this push's
      await itx
        .insertInto('deviceStreams')
        .values({ device, events: added, lastSeq: Number(last) })
        .onConflict((oc) =>
          oc.column('device').doUpdateSet((eb) => ({
            events: eb('deviceStreams.events', '+', added),
            lastSeq: Number(last),
          })),
        )
        .execute();
    },
    async recordRefusals(rows, now) {
      for (const part of chunks(rows, 100))
        await itx
          .insertInto('refusals')
          .values(part.map((r) => ({ ...r, at: now })))
          .execute();
    },
    async saveBatch(batchId, rec, now) {
      await trx
        .insertInto('batches')
        .values({ batchId, device: rec.device, hash: rec.hash, response: rec.response, receivedAt: now })
        .execute();
    },
  };
}

export function syncQueries(d: Dialect, sealer: Sealer, chain: AuditChain) {
  const { db } = d;
  return {
    transaction: (work) =>
      d.transaction(
        (trx) =>
          work({
            ...pushTx(trx, d.rowsPerInsert, sealer, chain),
            ...projectionTx(trx, sealer),
            ...retentionReadTx(trx),
            ...integrationTx(trx, sealer),
          }),
        'push',
      ),
    async eventsAfter(after, limit, excludeDevice) {
      // Scan a window of sequence numbers; the cursor moves past this device's own events too.
      // Runs the retention command archived are not handed out again (erased ones are gone).
      const rows = await db
        .withTables<RetentionTables>()
        .selectFrom('events')
        .leftJoin('retainedEvents as r', 'r.eventId', 'events.id')
        .select([
          'events.seq',
          'events.id',
          'events.device',
          'events.receivedAt',
          'events.body',
          'r.eventId as retained',
        ])
        .where('events.seq', '>', after)
        .orderBy('events.seq')
        .limit(limit + 1)
        .execute();
      const window = rows.slice(0, limit);
      const mine = window.filter((r) => r.device !== excludeDevice && r.retained === null);
      return {
        rows: await Promise.all(
          mine.map(async (r) => ({
            seq: r.seq,
            id: r.id,
            device: r.device,
            receivedAt: r.receivedAt,
            body: await openEventBody(sealer, r),
          })),
        ),
        lastSeq: window.at(-1)?.seq ?? after,
        lastId: window.at(-1)?.id ?? null,
        more: rows.length > limit,
      };
    },
    async sopsAfter(after) {
      return db.selectFrom('sops').select(['seq', 'body']).where('seq', '>', after).orderBy('seq').execute();
    },
    async eventCount() {
      const r = await db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  } satisfies Partial<SyncStore>;
}
