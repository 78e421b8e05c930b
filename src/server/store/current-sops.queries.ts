// Which version of a card new runs use, where the department chose one (migration 0003). The default
// for cards without a row (newest built-in) is the server's rule, not the store's: current-sops.ts.
import type { Kysely } from 'kysely';
import type { Dialect } from './dialect';
import type { Database } from './schema';

type Tables = { currentSops: { sopId: string; version: number; setAt: number; setBy: string | null } };

export type CurrentSopStore = {
  /** Card id → version, for the cards the department set. */
  chosenSopVersions(): Promise<Map<string, number>>;
  setCurrentSop(c: { id: string; version: number; userId: string | null; now: number }): Promise<void>;
  /** Versions of a card the server stores (built-ins are not stored). */
  storedSopVersions(id: string): Promise<number[]>;
};

export function currentSopQueries(d: Dialect): CurrentSopStore {
  const db: Kysely<Database & Tables> = d.db.withTables<Tables>();
  return {
    async chosenSopVersions() {
      const rows = await db.selectFrom('currentSops').select(['sopId', 'version']).execute();
      return new Map(rows.map((r) => [r.sopId, r.version]));
    },
    async setCurrentSop(c) {
      const row = { sopId: c.id, version: c.version, setAt: c.now, setBy: c.userId };
      await db
        .insertInto('currentSops')
        .values(row)
        .onConflict((oc) => oc.column('sopId').doUpdateSet({ version: c.version, setAt: c.now, setBy: c.userId }))
        .execute();
    },
    async storedSopVersions(id) {
      const rows = await db.selectFrom('sops').select('version').where('id', '=', id).orderBy('version').execute();
      return rows.map((r) => r.version);
    },
  };
}
