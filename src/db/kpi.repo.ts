// The QA dashboard's inputs on the tablet, offline: the runs that arrived in a period (by the runs
// table's arrival index), each projected from its whole event log by the same pure projection the
// server runs (kept in memory per run's event count, kpi-projection-cache.ts), and the quality
// records folded by the quality projection. What comes out is exactly what the server's /api/kpi
// feeds the KPI functions, so both sides give the same figures on the same data. Reads first (one
// read-only transaction), then opening (Web Crypto) outside it.
import type { Role } from '../domain/auth/roles';
import type { KpiInput } from '../domain/kpi/kpi';
import type { Period } from '../domain/kpi/kpi.filter';
import { projectRun, type ProjectedRun } from '../domain/run/run.projection';
import type { RunEvent } from '../domain/run/run.event';
import type { Scanner } from '../domain/scanners/scanner';
import type { SopDefinition } from '../domain/sop/sop.schema';
import type { Vault } from './crypto/vault';
import type { EventRecord, ScanCardDb } from './db';
import { projectionCache, type ProjectionCache } from './kpi-projection-cache';
import { projectStored, qualitySources } from './quality.repo';
import { openEvents } from './run-codec';
import type { SopLookup } from './runs.repo';

export type KpiLoadOptions = {
  /** Card versions at hand; a run pinned to one not found is `sopUnknown` (counted, not timed). */
  readonly sops: SopLookup;
  /** Every card version (earlier built-ins, stored imports): asked for only when `sops` misses one. */
  readonly allSops?: () => Promise<SopLookup>;
  readonly scanners: readonly Scanner[];
  /** Roles to add to the synced directory (the signed-in user's, before the directory arrives). */
  readonly roles?: ReadonlyMap<string, Role>;
  readonly timeZone: string;
};

const RUN_TYPES = new Set(['run.created', 'run.command']);

type Held = { readonly runId: string; readonly events: number } & (
  { readonly cached: ProjectedRun } | { readonly records: EventRecord[] }
);

/**
 * The runs that arrived in [from, to): their rows (one read; each carries the run's event count,
 * rewritten in the same transaction as every event stored for the run), then the stored log of only
 * those runs the cache does not hold at that count. Counting each stream in Chromium's IndexedDB
 * took 20 s for 4,110 runs under load; one read of the rows takes a fraction of that.
 */
async function heldRuns(db: ScanCardDb, from: number, to: number, cache: ProjectionCache): Promise<Held[]> {
  return db.transaction('r', [db.runs, db.events], async () => {
    const rows = await db.runs.where('arrivedAt').between(from, to, true, false).toArray();
    const stream = (id: string) => db.events.where('[streamId+hlc]').between([id, ''], [id, '\uffff']);
    return Promise.all(
      rows.map(async ({ id: runId, eventCount: events }): Promise<Held> => {
        const cached = cache.get(runId, events);
        return cached ? { runId, events, cached } : { runId, events, records: await stream(runId).toArray() };
      }),
    );
  });
}

/** Projected runs that arrived in [from, to), from their logs (or the cache, for logs unchanged since). */
export async function projectedRunsIn(
  db: ScanCardDb,
  vault: Vault,
  period: Period,
  o: Pick<KpiLoadOptions, 'sops' | 'allSops'>,
): Promise<ProjectedRun[]> {
  const cache = projectionCache(db, vault);
  const held = await heldRuns(db, period.from, period.to, cache);
  const logs = await Promise.all(
    held.map(async (h) =>
      'cached' in h
        ? undefined
        : ((await openEvents(
            vault,
            h.records.filter((r) => RUN_TYPES.has(r.type)),
            db,
          )) as RunEvent[]),
    ),
  );
  const pinned = logs.map((log) => {
    const created = log?.find((e) => e.type === 'run.created');
    return created?.type === 'run.created' ? created.payload.sop : undefined;
  });
  let sops = o.sops;
  if (o.allSops && pinned.some((p) => p && !sops(p.id, p.version))) sops = await o.allSops();
  return held.flatMap((h, i) => {
    if ('cached' in h) return [h.cached];
    const p = pinned[i];
    if (!p) return []; // a log without its creation: not a run yet
    const run = projectRun(logs[i]!, sops(p.id, p.version));
    cache.put(h.runId, h.events, run);
    return [run];
  });
}

/** Everything the KPI functions take for the period and the one before it (the comparison). */
export async function loadKpiInput(db: ScanCardDb, vault: Vault, period: Period, o: KpiLoadOptions): Promise<KpiInput> {
  const from = period.from - (period.to - period.from);
  const [runs, sources] = await Promise.all([
    projectedRunsIn(db, vault, { from, to: period.to }, o),
    qualitySources(db),
  ]);
  const roles = new Map([...sources.roles, ...(o.roles ?? [])]);
  const quality = await projectStored(vault, { records: sources.records, roles }, o.scanners);
  return { runs, quality, timeZone: o.timeZone };
}

/** A lookup over every card version: the built-ins given, then the ones stored on this tablet. */
export async function everySop(db: ScanCardDb, builtIns: readonly SopDefinition[]): Promise<SopLookup> {
  const all = new Map(
    [...(await db.sops.toArray()).map((r) => r.definition), ...builtIns].map((s) => [`${s.id}@${s.version}`, s]),
  );
  return (id, version) => all.get(`${id}@${version}`);
}
