// Which version of a card new runs use, where the department chose one (migration 0003), and the
// append-only history of who made which version current and when (sop_publications, migration 0005).
// The default for cards without a row (newest built-in) is the server's rule, not the store's: current-sops.ts.
import type { Kysely } from 'kysely';
import type { Dialect } from './dialect';
import type { Database } from './schema';

type Tables = { currentSops: { sopId: string; version: number; setAt: number; setBy: string | null } };

export type CurrentSopStore = {
  /** Card id → version, for the cards the department set. */
  chosenSopVersions(): Promise<Map<string, number>>;
  /** Makes a version current and records the publication (who, when), in one transaction. */
  setCurrentSop(c: Publication): Promise<void>;
  /** Versions of a card the server stores (built-ins are not stored). */
  storedSopVersions(id: string): Promise<number[]>;
};

type Publication = { readonly id: string; readonly version: number; readonly userId: string; readonly now: number };

/** Inside the caller's transaction: the current version of the card, and the publication appended. */
export async function recordPublication(trx: Kysely<Database>, c: Publication): Promise<void> {
  const db = trx.withTables<Tables>();
  await db
    .insertInto('currentSops')
    .values({ sopId: c.id, version: c.version, setAt: c.now, setBy: c.userId })
    .onConflict((oc) => oc.column('sopId').doUpdateSet({ version: c.version, setAt: c.now, setBy: c.userId }))
    .execute();
  await trx
    .insertInto('sopPublications')
    .values({ sopId: c.id, version: c.version, publishedBy: c.userId, publishedAt: c.now })
    .execute();
}

export function currentSopQueries(d: Dialect): CurrentSopStore {
  const db: Kysely<Database & Tables> = d.db.withTables<Tables>();
  return {
    async chosenSopVersions() {
      const rows = await db.selectFrom('currentSops').select(['sopId', 'version']).execute();
      return new Map(rows.map((r) => [r.sopId, r.version]));
    },
    setCurrentSop: (c) => d.transaction((trx) => recordPublication(trx, c)),
    async storedSopVersions(id) {
      const rows = await db.selectFrom('sops').select('version').where('id', '=', id).orderBy('version').execute();
      return rows.map((r) => r.version);
    },
  };
}
