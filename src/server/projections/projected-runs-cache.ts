// The projected runs the QA dashboard reads, kept in memory per store: /api/kpi over a year opened
// and parsed 50,005 sealed documents on every request (13 s of CPU). Each request now reads only
// the stamps of the period's projections (clear columns: run, status, event count, engine version,
// projection time), and opens just the documents whose stamp changed since (a push, a card that
// arrived, a rebuild re-projects a run and moves its stamp). Bounded: beyond MAX_RUNS it starts afresh.
import type { ProjectedRun } from '../../domain/run/run.projection';
import type { ProjectionStamp } from '../store/projections.types';
import type { SyncStore } from '../store/store';

const MAX_RUNS = 120_000;

type Entry = { readonly stamp: string; readonly run: ProjectedRun };
const byStore = new WeakMap<SyncStore, Map<string, Entry>>();

const stampOf = (s: ProjectionStamp) => `${s.status}|${s.eventCount}|${s.engineVersion}|${s.projectedAt}`;

/** Every projected run that arrived in [from, to), by arrival then run id, as the projection documents them. */
export async function cachedProjectedRuns(store: SyncStore, from: number, to: number): Promise<ProjectedRun[]> {
  let cache = byStore.get(store);
  if (!cache) byStore.set(store, (cache = new Map()));
  const stamps = await store.projectionStamps({ from, to });
  const stale = stamps.filter((s) => cache.get(s.runId)?.stamp !== stampOf(s)).map((s) => s.runId);
  if (cache.size + stale.length > MAX_RUNS) cache.clear();
  for (const row of await store.projectionsOf(stale))
    if (row.body !== null) cache.set(row.runId, { stamp: stampOf(row), run: JSON.parse(row.body) as ProjectedRun });
  // A run re-projected between the two reads carries its newer document: still that run.
  return stamps.flatMap((s) => {
    const e = cache.get(s.runId);
    return e ? [e.run] : [];
  });
}
