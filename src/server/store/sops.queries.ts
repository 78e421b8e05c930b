// Card publication: a user allowed to edit cards publishes a version for new runs. The version is
// stored (if it is not built in or stored already, with exactly this content) and the publication
// recorded, in one transaction under the push lock (pushes also add versions).
import { sql } from 'kysely';
import type { Dialect } from './dialect';
import type { SopPublication, SyncStore } from './store';

export function sopQueries(d: Dialect) {
  const { db } = d;
  return {
    publishSop(p) {
      return d.transaction(async (trx) => {
        if (!p.builtIn) {
          const stored = await trx
            .selectFrom('sops')
            .select('body')
            .where('id', '=', p.id)
            .where('version', '=', p.version)
            .executeTakeFirst();
          if (stored && stored.body !== p.body) return 'conflict' as const;
          if (!stored)
            await trx
              .insertInto('sops')
              .values({ id: p.id, version: p.version, body: p.body, source: 'published', addedAt: p.now })
              .execute();
        }
        await trx
          .insertInto('sopPublications')
          .values({ sopId: p.id, version: p.version, publishedBy: p.userId, publishedAt: p.now })
          .execute();
        return 'published' as const;
      }, 'push');
    },
    async currentSops() {
      // The last publication of each card.
      return db
        .selectFrom('sopPublications as p')
        .select(['p.sopId as id', 'p.version', 'p.publishedBy', 'p.publishedAt'])
        .where('p.seq', '=', (eb) =>
          eb
            .selectFrom('sopPublications as q')
            .select(sql<number>`max(q.seq)`.as('m'))
            .whereRef('q.sopId', '=', 'p.sopId'),
        )
        .orderBy('p.sopId')
        .execute();
    },
    async sopSources() {
      return db.selectFrom('sops').select(['id', 'version', 'source']).orderBy('seq').execute();
    },
    async sopPublications(): Promise<SopPublication[]> {
      return db
        .selectFrom('sopPublications')
        .select(['sopId as id', 'version', 'publishedBy', 'publishedAt'])
        .orderBy('seq')
        .execute();
    },
  } satisfies Partial<SyncStore>;
}
