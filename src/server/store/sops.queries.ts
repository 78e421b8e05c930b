// Card publication: a user allowed to edit cards publishes a version for new runs. The version is
// stored (if it is not built in or stored already, with exactly this content), made current and the
// publication recorded, in one transaction under the push lock (pushes also add versions).
import { recordPublication } from './current-sops.queries';
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
        await recordPublication(trx, p);
        return 'published' as const;
      }, 'push');
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
