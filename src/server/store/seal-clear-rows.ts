// A database from before sealing holds patient data and tablet keys in clear: seal those rows once,
// the first time this release opens it, then make the freed space unreadable (SQLite: zeroed pages,
// the WAL truncated; PostgreSQL: the tables rewritten without their dead row versions).
import { isSensitive } from '../../domain/events/registry';
import type { Dialect } from './dialect';
import { dekAad, eventAad, isSealedBytes, isSealedText, type Sealer } from './sealing';

const PAGE = 500;

export async function sealClearRows(d: Dialect, sealer: Sealer): Promise<{ events: number; deks: number }> {
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
    return { events, deks };
  }, 'push');
  if (counts.events || counts.deks) await d.eraseFreedSpace(['events', 'devices']);
  return counts;
}
