// Projected runs the dashboard has read, kept in memory so a re-read (after every stored event, or a
// new filter) opens and projects only the runs whose log changed: 4,110 runs took 16–18 s each time.
// Keyed by the run's event count on its runs row (rewritten in the same transaction as every event
// stored for the run): the log is append-only and every event immutable, so the same count is the
// same log. Held per vault (one per unlocked session: a lock or sign-out
// drops it with its key) and per database (clinical or demo). Not kept at rest: a projection holds
// identifiers and free text, which would have to be sealed, and opening it would cost what it saves.
// Runs whose card was not at hand are not kept: the card may arrive.
import type { ProjectedRun } from '../domain/run/run.projection';
import type { Vault } from './crypto/vault';
import type { ScanCardDb } from './db';

type Entry = { readonly events: number; readonly run: ProjectedRun };

/** More runs than a tablet holds in a quarter: beyond it the cache starts afresh rather than grow. */
const MAX_RUNS = 30_000;

const byVault = new WeakMap<Vault, WeakMap<ScanCardDb, Map<string, Entry>>>();

export type ProjectionCache = {
  /** The run projected from exactly `events` stored events, if it was. */
  get(runId: string, events: number): ProjectedRun | undefined;
  put(runId: string, events: number, run: ProjectedRun): void;
};

export function projectionCache(db: ScanCardDb, vault: Vault): ProjectionCache {
  let dbs = byVault.get(vault);
  if (!dbs) byVault.set(vault, (dbs = new WeakMap()));
  let runs = dbs.get(db);
  if (!runs) dbs.set(db, (runs = new Map()));
  const map = runs;
  return {
    get: (runId, events) => {
      const e = map.get(runId);
      return e?.events === events ? e.run : undefined;
    },
    put(runId, events, run) {
      if (run.status === 'sopUnknown') {
        map.delete(runId);
        return;
      }
      if (map.size >= MAX_RUNS && !map.has(runId)) map.clear();
      map.set(runId, { events, run });
    },
  };
}
