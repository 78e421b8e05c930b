// Stores a pushed batch: everything or nothing, each event once by id. Checks that need the
// database (replayed batch ids, conflicting ids, unknown runs or SOP versions) run inside the same
// transaction as the insert, so two tablets pushing at once cannot slip past them.
import { eventType, streamProblem } from '../domain/events/registry';
import type { SopDefinition } from '../domain/sop/sop.schema';
import type { PushResponse, SyncEvent } from '../domain/sync/protocol.schema';
import { canonicalJson, sha256 } from './canonical-json';
import { tabletEntry } from './store/audit-chain';
import { projectPushedRuns } from './projections/project-runs';
import { sopKey, type NewEventRow, type SyncStore } from './store/store';

export type PushResult =
  { status: 200; body: PushResponse } | { status: 403 | 409 | 422; body: { error: string; details?: string[] } };

export type PushInput = {
  readonly batchId: string;
  readonly deviceId: string;
  readonly events: readonly SyncEvent[];
  readonly sops: readonly SopDefinition[];
  readonly now: number;
  /** The signed-in user whose session pushed, if any: tablets' audit entries are attributed to it, never to their payload. */
  readonly userId?: string | null;
};

const reject = (status: 403 | 409 | 422, error: string, details?: string[]): PushResult => ({
  status,
  body: { error, ...(details && { details }) },
});

export async function pushBatch(
  store: SyncStore,
  builtIns: ReadonlyMap<string, SopDefinition>,
  input: PushInput,
  /** The run read model, updated in the push transaction (a benchmark measures the push without it). */
  updateReadModel: typeof projectPushedRuns = projectPushedRuns,
): Promise<PushResult> {
  const problems = shapeProblems(input);
  if (problems.foreign.length)
    return reject(403, 'events recorded by another device cannot be pushed with this token', problems.foreign);
  if (problems.shape.length) return reject(422, 'some events are inconsistent', problems.shape);

  const bodies = new Map<string, string>();
  for (const e of input.events) {
    const body = canonicalJson(e);
    const seen = bodies.get(e.id);
    if (seen !== undefined && seen !== body)
      return reject(422, 'the batch holds two different events with the same id', [e.id]);
    bodies.set(e.id, body);
  }
  const events = [...new Map(input.events.map((e) => [e.id, e])).values()];
  const sopBodies = new Map(input.sops.map((s) => [sopKey(s.id, s.version), canonicalJson(s)]));
  const hash = sha256(canonicalJson({ events: [...bodies.values()], sops: [...sopBodies.values()] }));

  return store.transaction(async (tx): Promise<PushResult> => {
    const prior = await tx.batch(input.batchId);
    if (prior) {
      if (prior.device === input.deviceId && prior.hash === hash)
        return { status: 200, body: JSON.parse(prior.response) as PushResponse };
      return reject(409, 'this batch id was already used for different content; send new events under a new batch id');
    }

    const existing = await tx.eventBodies([...bodies.keys()]);
    const conflicting = [...existing].filter(([id, body]) => bodies.get(id) !== body).map(([id]) => id);
    if (conflicting.length)
      return reject(409, 'events with these ids are already stored with different content', conflicting);

    // Events in a run's stream need the run: created in this batch, or already stored.
    const runRule = (e: SyncEvent) => {
      const rule = eventType(e.type)?.stream;
      return rule?.kind === 'run' ? { opens: rule.opens !== undefined } : undefined;
    };
    const createdHere = new Set(events.filter((e) => runRule(e)?.opens).map((e) => e.streamId));
    const needRuns = [
      ...new Set(
        events.filter((e) => runRule(e)?.opens === false && !createdHere.has(e.streamId)).map((e) => e.streamId),
      ),
    ];
    const knownRuns = await tx.runsCreated(needRuns);
    const unknownRuns = needRuns.filter((r) => !knownRuns.has(r));
    if (unknownRuns.length)
      return reject(
        422,
        'events refer to runs the server does not know (send their run.created event first)',
        unknownRuns,
      );

    const pinned = [...new Set(events.flatMap((e) => pinnedSop(e) ?? []))];
    const sent = [...sopBodies.keys()];
    const stored = await tx.sopBodies([...new Set([...pinned, ...sent])].map(parseKey));
    for (const [key, body] of sopBodies) {
      const known = builtIns.has(key) ? canonicalJson(builtIns.get(key)) : stored.get(key);
      if (known !== undefined && known !== body)
        return reject(409, 'an SOP version was sent with content different from the stored one', [key]);
    }
    const unknownSops = pinned.filter((k) => !builtIns.has(k) && !stored.has(k) && !sopBodies.has(k));
    if (unknownSops.length)
      return reject(422, 'runs pin SOP versions the server does not have (send their definitions)', unknownSops);

    for (const [key, body] of sopBodies) {
      if (builtIns.has(key) || stored.has(key)) continue;
      const { id, version } = parseKey(key);
      await tx.insertSop({ id, version, body, source: `device:${input.deviceId}`, now: input.now });
    }
    const fresh: NewEventRow[] = events
      .filter((e) => !existing.has(e.id))
      .map((e) => ({
        id: e.id,
        streamId: e.streamId,
        type: e.type,
        device: e.device,
        deviceSeq: e.deviceSeq,
        hlc: e.hlc,
        at: e.at,
        body: bodies.get(e.id)!,
      }));
    await tx.insertEvents(fresh, input.now);
    const by = { deviceId: input.deviceId, userId: input.userId ?? null, receivedAt: input.now };
    await tx.appendAudit(events.flatMap((e) => (existing.has(e.id) ? [] : (tabletEntry(e, by) ?? []))));
    const response: PushResponse = {
      accepted: fresh.map((r) => r.id),
      duplicates: [...existing.keys()],
      serverTime: input.now,
    };
    await tx.saveBatch(input.batchId, { device: input.deviceId, hash, response: JSON.stringify(response) }, input.now);
    await updateReadModel(tx, builtIns, { events: fresh, sops: input.sops, now: input.now });
    return { status: 200, body: response };
  });
}

function parseKey(key: string): { id: string; version: number } {
  const at = key.lastIndexOf('@');
  return { id: key.slice(0, at), version: Number(key.slice(at + 1)) };
}

/** The SOP version an event pins (its registry entry says which field), as a key. */
function pinnedSop(e: SyncEvent): string | undefined {
  const sop = eventType(e.type)?.pinsSop?.(e.payload);
  return sop && sopKey(sop.id, sop.version);
}

/** Checks that need no database: who recorded the events, and whether each fits its type's stream rule. */
export function shapeProblems(input: Pick<PushInput, 'deviceId' | 'events' | 'sops'>) {
  const foreign: string[] = [];
  const shape: string[] = [];
  for (const e of input.events) {
    if (e.device !== input.deviceId) foreign.push(`event ${e.id} was recorded by device ${e.device}`);
    const stream = streamProblem(e);
    if (stream) shape.push(`event ${e.id}: ${stream}`);
  }
  const pinned = new Set(input.events.map(pinnedSop));
  for (const sop of input.sops)
    if (!pinned.has(sopKey(sop.id, sop.version)))
      shape.push(`SOP ${sopKey(sop.id, sop.version)} is not pinned by any run in this batch`);
  return { foreign, shape };
}
