// Stores a pushed batch, answering event by event: each event is stored once by id, or refused with
// its reason; a refused event never holds back the others. Checks that need the database (replayed
// batch ids, conflicting ids, reused sequence numbers, a run created twice, unknown runs or SOP
// versions) run inside the same transaction as the insert, so two tablets pushing at once cannot
// slip past them. Pushes take turns (the push lock), so sequence numbers commit in order.
import type { Role } from '../domain/auth/roles';
import { eventType } from '../domain/events/registry';
import type { SopDefinition } from '../domain/sop/sop.schema';
import type { PushResponse, Refusal, SyncEvent } from '../domain/sync/protocol.schema';
import { canonicalJson, sha256 } from './canonical-json';
import { tabletEntry } from './store/audit-chain';
import { projectPushedRuns } from './projections/project-runs';
import { splitRetained } from './retention/push-guard';
import { aheadBy, checkEvents, checkRoles, checkSops, pinnedSop, refusal, type Candidate } from './push-checks';
import { type NewEventRow, type SyncStore, type Tx } from './store/store';

export type PushResult = { status: 200; body: PushResponse } | { status: 409; body: { error: string } };

export type PushInput = {
  readonly batchId: string;
  readonly deviceId: string;
  /** As sent: each is checked (and refused) on its own. */
  readonly events: readonly unknown[];
  readonly sops: readonly unknown[];
  readonly now: number;
  /** The signed-in user whose session pushed, if any: tablets' audit entries are attributed to it, never to their payload. */
  readonly userId?: string | null;
  /** The person signed in on the pushing tablet, if any: role-checked moves are stored only from them. */
  readonly signedIn?: { readonly id: string; readonly role: Role };
};

export async function pushBatch(
  store: SyncStore,
  builtIns: ReadonlyMap<string, SopDefinition>,
  input: PushInput,
  /** The run read model, updated in the push transaction (a benchmark measures the push without it). */
  updateReadModel: typeof projectPushedRuns = projectPushedRuns,
): Promise<PushResult> {
  const checked = checkEvents(input.events, input.deviceId);
  const sops = checkSops(input.sops, checked.candidates);
  const hash = sha256(canonicalJson({ events: input.events, sops: input.sops }));

  return store.transaction(async (tx): Promise<PushResult> => {
    const server = await tx.identity(input.now);
    const prior = await tx.batch(input.batchId);
    if (prior) {
      if (prior.device === input.deviceId && prior.hash === hash) {
        // The same answer as the first time, but the time is now's: tablets correct their clocks by it.
        const first = JSON.parse(prior.response) as PushResponse;
        return { status: 200, body: { ...first, refused: first.refused ?? [], serverTime: input.now, server } };
      }
      return {
        status: 409,
        body: { error: 'this batch id was already used for different content; send new events under a new batch id' },
      };
    }

    const retained = await splitRetained(tx, checked.candidates);
    const candidates = retained.rest;
    const refused = [...checked.refused, ...retained.refused];
    const existing = await tx.eventBodies(candidates.map((c) => c.event.id));
    const duplicates = [
      ...retained.known,
      ...candidates.filter((c) => existing.get(c.event.id) === c.body).map((c) => c.event.id),
    ];
    const fresh: Candidate[] = [];
    for (const c of candidates) {
      if (!existing.has(c.event.id)) fresh.push(c);
      else if (existing.get(c.event.id) !== c.body)
        refused.push(refusal(c.index, c.event.id, 'idConflict', 'an event with this id is stored with other content'));
    }
    const allowed = checkRoles(fresh, input.signedIn, refused);
    const { accepted, storedSops } = await admit(tx, builtIns, sops, allowed, input, refused);

    // Cards pinned by a stored event (new or a duplicate: a run stored before its card) that the server lacks.
    const duplicateIds = new Set(duplicates); // a re-sent batch of 20,000 events made `includes` quadratic
    const holders = [...accepted, ...candidates.filter((c) => duplicateIds.has(c.event.id))];
    const newSops = await storeSentSops(tx, builtIns, sops, holders, storedSops, input);
    const rows = accepted.map(row);
    await tx.insertEvents(rows, input.now);
    await tx.noteStream(input.deviceId, accepted.length);
    // Tablets' audit entries join the chain, attributed from the session that pushed them, never from their payload.
    const by = { deviceId: input.deviceId, userId: input.userId ?? null, receivedAt: input.now };
    await tx.appendAudit(accepted.flatMap((c) => tabletEntry(c.event, by) ?? []));
    refused.sort((a, b) => a.index - b.index);
    const forGood = refused.filter((r) => !r.retry);
    await tx.recordRefusals(
      forGood.map((r) => ({
        device: input.deviceId,
        deviceSeq: seqOf(input.events[r.index]),
        eventId: r.id,
        code: r.code,
        error: r.error,
      })),
      input.now,
    );
    const response: PushResponse = {
      accepted: accepted.map((c) => c.event.id),
      duplicates,
      refused,
      ...(sops.refused.length && { refusedSops: sops.refused }),
      serverTime: input.now,
      server,
    };
    await tx.saveBatch(input.batchId, { device: input.deviceId, hash, response: JSON.stringify(response) }, input.now);
    // Only what this push stored reaches the read model: refused events never do.
    await updateReadModel(tx, builtIns, { events: rows, sops: newSops, now: input.now });
    return { status: 200, body: response };
  });
}

/**
 * The new events that may be stored, in batch order; the others are added to `refused`. Order of
 * the checks: the event itself (clock, sequence number), then a run's creation (created twice, its
 * card), then events in a run's stream (their run must be stored or created by this batch).
 */
async function admit(
  tx: Tx,
  builtIns: ReadonlyMap<string, SopDefinition>,
  sops: ReturnType<typeof checkSops>,
  fresh: readonly Candidate[],
  input: PushInput,
  refused: Refusal[],
): Promise<{ accepted: Candidate[]; storedSops: ReadonlyMap<string, string> }> {
  const refuse = (c: Candidate, code: Refusal['code'], error: string, details?: string[]) => {
    refused.push(refusal(c.index, c.event.id, code, error, details));
    return false;
  };
  const taken = await tx.seqsTaken(
    input.deviceId,
    fresh.map((c) => c.event.deviceSeq),
  );
  const seqs = new Map<number, string>();
  let ok = fresh.filter((c) => {
    const e = c.event;
    const ahead = aheadBy(e, input.now);
    if (ahead !== undefined)
      return refuse(
        c,
        'clockAhead',
        `stamped ${Math.round(ahead / 60_000)} min ahead of the server's clock (more than 5 min: is the tablet's clock wrong?); it is sent again once the server's time reaches it`,
      );
    const other = taken.get(e.deviceSeq) ?? seqs.get(e.deviceSeq);
    if (other !== undefined)
      return refuse(c, 'seqReused', `deviceSeq ${e.deviceSeq} of this device already names event ${other}`);
    seqs.set(e.deviceSeq, e.id);
    return true;
  });

  const runRule = (e: SyncEvent) => {
    const rule = eventType(e.type)?.stream;
    return rule?.kind === 'run' ? { opens: rule.opens !== undefined } : undefined;
  };
  const creators = await tx.runCreators([...new Set(ok.filter((c) => runRule(c.event)).map((c) => c.event.streamId))]);
  const pinned = [...new Set(ok.flatMap((c) => pinnedSop(c.event) ?? []))];
  const stored = await tx.sopBodies(pinned.filter((k) => !builtIns.has(k)).map(parseKey));
  const createdHere = new Map<string, string>();
  ok = ok.filter((c) => {
    const e = c.event;
    if (!runRule(e)?.opens) return true;
    const creator = creators.get(e.streamId) ?? createdHere.get(e.streamId);
    if (creator !== undefined)
      return refuse(c, 'runExists', `run ${e.streamId} was already created by event ${creator}`);
    const key = pinnedSop(e);
    if (key && !builtIns.has(key)) {
      const known = stored.get(key);
      const sent = sops.bodies.get(key);
      if (sops.invalid.has(key))
        return refuse(c, 'sopInvalid', `the definition of ${key} sent with it is invalid`, sops.invalid.get(key));
      if (known !== undefined && sent !== undefined && known !== sent)
        return refuse(c, 'sopConflict', `${key} was sent with content different from the server's copy`);
      if (known === undefined && sent === undefined)
        return refuse(c, 'sopUnknown', `the server does not have ${key}: send its definition with the run`);
    } else if (key && sops.bodies.has(key) && sops.bodies.get(key) !== canonicalJson(builtIns.get(key)))
      return refuse(c, 'sopConflict', `${key} is a built-in card: a different definition under its version is refused`);
    createdHere.set(e.streamId, e.id);
    return true;
  });

  // A creation refused in this batch (for any reason, read from the event as sent) explains its run's other events.
  const refusedCreation = new Map(
    refused.flatMap((r) => {
      const e = input.events[r.index] as { type?: unknown; streamId?: unknown } | null;
      return e?.type === 'run.created' && typeof e.streamId === 'string' ? [[e.streamId, r] as const] : [];
    }),
  );
  const accepted = ok.filter((c) => {
    const e = c.event;
    if (runRule(e)?.opens !== false || creators.has(e.streamId) || createdHere.has(e.streamId)) return true;
    const creation = refusedCreation.get(e.streamId);
    if (creation && !creation.retry)
      return refuse(c, 'runRefused', `the run.created event of run ${e.streamId} was refused: ${creation.error}`);
    return refuse(
      c,
      'runUnknown',
      `the server does not know run ${e.streamId} yet (its run.created event has not arrived); it is sent again later`,
    );
  });
  return { accepted, storedSops: stored };
}

async function storeSentSops(
  tx: Tx,
  builtIns: ReadonlyMap<string, SopDefinition>,
  sops: ReturnType<typeof checkSops>,
  holders: readonly Candidate[],
  known: ReadonlyMap<string, string>,
  input: PushInput,
): Promise<SopDefinition[]> {
  const pinned = new Set(holders.flatMap((c) => pinnedSop(c.event) ?? []));
  const wanted = [...sops.bodies.keys()].filter((k) => pinned.has(k) && !builtIns.has(k) && !known.has(k));
  const stored = await tx.sopBodies(wanted.map(parseKey));
  const added: SopDefinition[] = [];
  for (const key of wanted.filter((k) => !stored.has(k))) {
    const sop = sops.definitions.get(key)!;
    const body = sops.bodies.get(key)!;
    await tx.insertSop({ id: sop.id, version: sop.version, body, source: `device:${input.deviceId}`, now: input.now });
    added.push(sop);
  }
  return added;
}

const row = ({ event: e, body }: Candidate): NewEventRow => ({
  id: e.id,
  streamId: e.streamId,
  type: e.type,
  device: e.device,
  deviceSeq: e.deviceSeq,
  hlc: e.hlc,
  at: e.at,
  body,
});

const seqOf = (raw: unknown): number | null => {
  const n = (raw as { deviceSeq?: unknown } | null)?.deviceSeq;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : null;
};

function parseKey(key: string): { id: string; version: number } {
  const at = key.lastIndexOf('@');
  return { id: key.slice(0, at), version: Number(key.slice(at + 1)) };
}
