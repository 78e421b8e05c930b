// The server's read model of runs. Each run a push touched is projected again from its whole log
// through the domain's projectRun (the tablet's own replay; no second reading) inside the push
// transaction: an event and the projection that reads it commit together or not at all, so a crash
// can never leave a stored event unprojected, and nothing needs repairing at start-up. A run that
// cannot be projected (no run.created, a card this release cannot read) is recorded as
// `projectionFailed` with the reason: it never refuses the push, and the other runs carry on.
import { eventTypes } from '../../domain/events/registry';
import { ENGINE_VERSION } from '../../domain/run/run.engine';
import { compareEvents, type RunEvent } from '../../domain/run/run.event';
import { projectRun, type ProjectedRun } from '../../domain/run/run.projection';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import type { BuiltIns } from '../built-ins';
import type { ProjectionRow } from '../store/projections.types';
import { sopKey, type NewEventRow, type Tx } from '../store/store';
import { afterProjection } from '../integration/completion';
import { cardsFor, type Card } from './cards';

const sopOf = (card: Card | undefined) => (card && 'sop' in card ? card.sop : undefined);

const PROBLEM_MAX_LENGTH = 500;

/** Event types the registry sends to the run read model, and those among them that open a run. */
export const runEventTypes = () => eventTypes().filter((e) => e.server === 'run');
export const runTypes = () => runEventTypes().map((e) => e.type);
export const runOpeningTypes = () =>
  runEventTypes()
    .filter((e) => e.stream.kind === 'run' && e.stream.opens)
    .map((e) => e.type);

export type ProjectionOutcome = { readonly runs: number; readonly problems: { runId: string; problem: string }[] };

/** The push's one call: projects the runs its new events belong to, and the runs that waited for a card it brought. */
export async function projectPushedRuns(
  tx: Tx,
  builtIns: BuiltIns,
  pushed: { readonly events: readonly NewEventRow[]; readonly sops: readonly SopDefinition[]; readonly now: number },
): Promise<ProjectionOutcome> {
  const types = new Set(runTypes());
  const touched = new Set(pushed.events.filter((e) => types.has(e.type)).map((e) => e.streamId));
  for (const runId of await tx.runsAwaitingSop(pushed.sops.map((s) => ({ id: s.id, version: s.version }))))
    touched.add(runId);
  // The push's events are at hand in clear: only the runs' earlier events are read and opened.
  const known = new Map(pushed.events.map((e) => [e.id, e.body]));
  return projectRuns(tx, builtIns, [...touched], pushed.now, known);
}

/** Projects these runs from their logs and saves the projections, in the caller's transaction. */
export async function projectRuns(
  tx: Tx,
  builtIns: BuiltIns,
  runIds: readonly string[],
  now: number,
  known?: ReadonlyMap<string, string>,
): Promise<ProjectionOutcome> {
  // Retention's archive left these runs' figures and removed what replaying them needs: keep them as they are.
  const retained = await tx.retainedRuns(runIds);
  if (retained.size) runIds = runIds.filter((id) => !retained.has(id));
  if (!runIds.length) return { runs: 0, problems: [] };
  const bodies = await tx.runEventBodies(runIds, runTypes(), known);
  const logs = runIds.map((runId) => ({ runId, log: (bodies.get(runId) ?? []).map((b) => JSON.parse(b) as RunEvent) }));
  const keys = new Map<string, { id: string; version: number }>();
  for (const { log } of logs) {
    const sop = headerOf(log)?.sop;
    if (sop) keys.set(sopKey(sop.id, sop.version), sop);
  }
  const cards = await cardsFor(tx, builtIns, [...keys.values()]);
  const rows = logs.map(({ runId, log }) => projectionRow(runId, log, cards, now));
  await tx.saveProjections(rows);
  await afterProjection(tx, logs, rows, (h) => sopOf(cards.get(sopKey(h.sop.id, h.sop.version))), now);
  return {
    runs: rows.length,
    problems: rows.flatMap((r) => (r.problem ? [{ runId: r.runId, problem: r.problem }] : [])),
  };
}

function headerOf(log: readonly RunEvent[]) {
  const created = log.filter((e) => e.type === 'run.created').sort(compareEvents)[0];
  return created?.type === 'run.created' ? created.payload : undefined;
}

function projectionRow(runId: string, log: readonly RunEvent[], cards: Map<string, Card>, now: number): ProjectionRow {
  const header = headerOf(log);
  const card = header && cards.get(sopKey(header.sop.id, header.sop.version));
  try {
    if (card && 'problem' in card) throw new Error(card.problem);
    return rowOf(projectRun(log, card?.sop), now);
  } catch (e) {
    const problem = (e instanceof Error ? e.message : String(e)).slice(0, PROBLEM_MAX_LENGTH);
    return {
      runId,
      status: 'projectionFailed',
      kind: header?.kind ?? null,
      sopId: header?.sop.id ?? null,
      sopVersion: header?.sop.version ?? null,
      priority: header?.priority ?? null,
      scanner: header?.scanner ?? null,
      arrivedAt: header?.arrivedAt ?? null,
      modality: null,
      completedAt: null,
      cancelledAt: null,
      needsReview: false,
      skipCount: 0,
      fastPathCount: 0,
      eventCount: log.length,
      lastEventAt: log.length ? Math.max(...log.map((e) => e.at)) : null,
      engineVersion: ENGINE_VERSION,
      projectedAt: now,
      problem,
      body: null,
    };
  }
}

/** The read model's row of a projected run (exported for the KPI benchmark, which stores a year of them). */
export function rowOf(p: ProjectedRun, now: number): ProjectionRow {
  return {
    runId: p.runId,
    status: p.status,
    kind: p.kind,
    sopId: p.sop.id,
    sopVersion: p.sop.version,
    priority: p.priority,
    scanner: p.scanner,
    arrivedAt: p.arrivedAt,
    modality: p.modality ?? null,
    completedAt: p.completedAt ?? null,
    cancelledAt: p.cancelledAt ?? null,
    needsReview: p.needsReview.length > 0,
    skipCount: p.skips.length,
    fastPathCount: p.fastPaths.length,
    eventCount: p.eventCount,
    lastEventAt: p.lastEventAt,
    engineVersion: p.engineVersion,
    projectedAt: now,
    problem: null,
    body: JSON.stringify(p),
  };
}
