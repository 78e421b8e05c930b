// A database from before sealing holds patient data and tablet keys in clear: seal those rows once,
// the first time this release opens it, then make the freed space unreadable (SQLite: zeroed pages,
// the WAL truncated; PostgreSQL: the tables rewritten without their dead row versions).
import { isSensitive } from '../../domain/events/registry';
import type { Kysely } from 'kysely';
import type { Dialect } from './dialect';
import { outboxAad } from './fhir-outbox.queries';
import type { Database } from './schema';
import { dekAad, eventAad, isSealedBytes, isSealedText, projectionAad, type Sealer } from './sealing';

const PAGE = 500;

export async function sealClearRows(
  d: Dialect,
  sealer: Sealer,
): Promise<{ events: number; deks: number; projections: number }> {
  const counts = await d.transaction(async (trx) => {
    const types = (await trx.selectFrom('events').select('type').distinct().execute())
      .map((r) => r.type)
      .filter(isSensitive);
    let events = 0;
    for (let after = 0; types.length;) {
      const rows = await trx
        .selectFrom('events')
        .select(['seq', 'id', 'body'])
        .where('type', 'in', types)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(PAGE)
        .execute();
      if (!rows.length) break;
      for (const r of rows.filter((r) => !isSealedText(r.body))) {
        await trx
          .updateTable('events')
          .set({ body: sealer.sealText(r.body, eventAad(r.id)) })
          .where('seq', '=', r.seq)
          .execute();
        events++;
      }
      after = rows.at(-1)!.seq;
    }
    let deks = 0;
    for (const dv of await trx.selectFrom('devices').select(['id', 'dek']).where('dek', 'is not', null).execute()) {
      if (!dv.dek || isSealedBytes(dv.dek)) continue;
      await trx
        .updateTable('devices')
        .set({ dek: sealer.sealBytes(dv.dek, dekAad(dv.id)) })
        .where('id', '=', dv.id)
        .execute();
      deks++;
    }
    return { events, deks, projections: await sealProjections(trx, sealer) };
  }, 'push');
  if (counts.events || counts.deks || counts.projections)
    await d.eraseFreedSpace(['events', 'devices', 'run_projections']);
  return counts;
}

/** The run read model (a release before sealing wrote its documents and problems in clear). */
async function sealProjections(trx: Kysely<Database>, sealer: Sealer): Promise<number> {
  const db = trx.withTables<{ runProjections: { runId: string; body: string | null; problem: string | null } }>();
  let n = 0;
  for (let after = ''; ;) {
    const rows = await db
      .selectFrom('runProjections')
      .select(['runId', 'body', 'problem'])
      .where('runId', '>', after)
      .orderBy('runId')
      .limit(PAGE)
      .execute();
    if (!rows.length) return n;
    for (const r of rows) {
      const seal = (v: string | null, field: 'body' | 'problem') =>
        v === null || isSealedText(v) ? v : sealer.sealText(v, projectionAad(r.runId, field));
      const body = seal(r.body, 'body');
      const problem = seal(r.problem, 'problem');
      if (body === r.body && problem === r.problem) continue;
      await db.updateTable('runProjections').set({ body, problem }).where('runId', '=', r.runId).execute();
      n++;
    }
    after = rows.at(-1)!.runId;
  }
}

/**
 * FHIR outbox entries (migration 0010 wrote them in clear, under a sealing key that already
 * existed): sealed on every open until none is left, so this runs apart from `fresh`. 0010's
 * bookings are moved, re-keyed and sealed by rekey-bookings.ts.
 */
export async function sealClearIntegrationRows(d: Dialect, sealer: Sealer): Promise<number> {
  const n = await d.transaction(async (trx) => {
    const db = trx.withTables<{ fhirOutbox: { id: string; bundle: string } }>();
    let n = 0;
    const entries = await db
      .selectFrom('fhirOutbox')
      .select(['id', 'bundle'])
      .where('bundle', 'not like', '~1.%')
      .execute();
    for (const e of entries) {
      const bundle = sealer.sealText(e.bundle, outboxAad(e.id));
      await db.updateTable('fhirOutbox').set({ bundle }).where('id', '=', e.id).execute();
      n++;
    }
    return n;
  }, 'push');
  if (n) await d.eraseFreedSpace(['fhir_outbox']);
  return n;
}
