// The retention command (`npm run server -- retention`): runs whose newest event is older than the
// cutoff are archived (every event of a sensitive type, by the registry's flag, loses its payload for
// a marked redaction; the projection keeps its figures and loses what was typed) or erased (events
// and projection deleted). Either way each run and event id is kept as a tombstone, so a tablet's
// re-push is acknowledged without storing anything, and pulls skip the run. The only code in the
// server that deletes; what it did goes into the audit trail.
import { randomUUID } from 'node:crypto';
import { redactEvent } from '../../domain/events/redaction';
import { eventTypes, isSensitive } from '../../domain/events/registry';
import { archivedProjection } from '../../domain/run/run.archive';
import type { ProjectedRun } from '../../domain/run/run.projection';
import { canonicalJson } from '../canonical-json';
import type { RetainedEventRow, RetentionMode, RetentionTx } from '../store/retention.queries';
import type { SyncStore } from '../store/store';

export const DAY_MS = 86_400_000;
const RUNS_PER_TRANSACTION = 200;

export type RetentionRequest = {
  readonly olderThanDays: number;
  readonly mode: RetentionMode;
  readonly dryRun: boolean;
  readonly now: number;
  /** Who ran it and how, for the audit trail (e.g. `server CLI "retention …" as root`). */
  readonly by: string;
};

export type RetentionReport = {
  readonly mode: RetentionMode;
  readonly dryRun: boolean;
  readonly cutoff: number;
  readonly runs: number;
  readonly events: number;
  /** Archive: events whose payload was (or would be) replaced; erase: 0. */
  readonly redacted: number;
};

/** Stream types of runs: the registry's entries whose stream is a run. */
const runStreamTypes = () =>
  eventTypes()
    .filter((e) => e.stream.kind === 'run')
    .map((e) => e.type);

export async function runRetention(store: SyncStore, r: RetentionRequest): Promise<RetentionReport> {
  if (!Number.isInteger(r.olderThanDays) || r.olderThanDays < 1)
    throw new Error('--older-than-days must be a whole number of days, at least 1');
  const cutoff = r.now - r.olderThanDays * DAY_MS;
  const what = `${r.mode} of runs whose last event is before ${new Date(cutoff).toISOString()} (${r.olderThanDays} days)`;
  if (r.dryRun) return store.retentionTransaction((tx) => plan(tx, r.mode, cutoff));

  await audit(store, r, `started: ${what}, by ${r.by}`);
  const total = { runs: 0, events: 0, redacted: 0 };
  for (;;) {
    const done = await store.retentionTransaction((tx) => retainBatch(tx, r.mode, cutoff, r.now));
    if (!done.runs) break;
    total.runs += done.runs;
    total.events += done.events;
    total.redacted += done.redacted;
  }
  await audit(
    store,
    r,
    `done: ${what}: ${total.runs} runs, ${total.events} events${r.mode === 'archive' ? ` (${total.redacted} redacted)` : ' deleted'}, by ${r.by}`,
  );
  return { mode: r.mode, dryRun: false, cutoff, ...total };
}

/** The dry run: what a real run would touch, read in one transaction, written nowhere. */
async function plan(tx: RetentionTx, mode: RetentionMode, cutoff: number): Promise<RetentionReport> {
  const runIds = await tx.retentionCandidates({
    cutoff,
    mode,
    types: runStreamTypes(),
    limit: Number.MAX_SAFE_INTEGER,
  });
  const rows = await tx.runEventRows(runIds);
  const redacted = mode === 'archive' ? rows.filter((e) => isSensitive(e.type) && !isArchived(e)).length : 0;
  return { mode, dryRun: true, cutoff, runs: runIds.length, events: rows.length, redacted };
}

async function retainBatch(tx: RetentionTx, mode: RetentionMode, cutoff: number, now: number) {
  const runIds = await tx.retentionCandidates({ cutoff, mode, types: runStreamTypes(), limit: RUNS_PER_TRANSACTION });
  if (!runIds.length) return { runs: 0, events: 0, redacted: 0 };
  const rows = await tx.runEventRows(runIds);
  const hidden = await tx.addTombstones(mode, cutoff, now, runIds, rows);
  await tx.lessenStreams(hidden);
  if (mode === 'erase') {
    await tx.deleteProjections(runIds);
    return { runs: runIds.length, events: await tx.deleteRunEvents(runIds), redacted: 0 };
  }
  const changed = rows.flatMap((e) => {
    const body = redactedBody(e, now);
    return body === e.body ? [] : [{ id: e.id, body }];
  });
  await tx.replaceEventBodies(changed);
  for (const [runId, body] of await tx.projectionBodies(runIds))
    if (body !== null)
      await tx.replaceProjectionBody(runId, JSON.stringify(archivedProjection(JSON.parse(body) as ProjectedRun, now)));
  return { runs: runIds.length, events: rows.length, redacted: changed.length };
}

const isArchived = (e: RetainedEventRow) => redactedBody(e, 0) === e.body;

/** The stored body with its payload redacted (canonical JSON, as every body is stored). */
function redactedBody(e: RetainedEventRow, at: number): string {
  const event = JSON.parse(e.body) as { type: string; payload: unknown };
  const out = redactEvent(event, at);
  return out === event ? e.body : canonicalJson(out);
}

const audit = (store: SyncStore, r: RetentionRequest, detail: string) =>
  store.appendAudit({
    id: randomUUID(),
    at: r.now,
    action: 'data.retention',
    subject: `retention.${r.mode}`,
    detail: detail.slice(0, 500),
  });
