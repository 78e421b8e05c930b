// The checks of a push that need no database, event by event: text the stores cannot hold, the wire
// schema, who recorded it, its stream rule, two bodies under one id; and the SOP definitions sent
// along. Each problem refuses only the event it is in (see push.service.ts for the rest).
import { can, type Role } from '../domain/auth/roles';
import { decodeHlc } from '../domain/clock/hlc';
import { eventType, parseWireEvent, streamProblem } from '../domain/events/registry';
import { UUID_PATTERN } from '../domain/events/text-rules';
import type { SopDefinition } from '../domain/sop/sop.schema';
import { formatSopErrors, validateSop } from '../domain/sop/sop.validate';
import { MAX_CLOCK_AHEAD_MS, type Refusal, type SyncEvent } from '../domain/sync/protocol.schema';
import { unstorableText } from '../domain/sync/storable';
import { canonicalJson } from './canonical-json';
import { isBuiltInSopText } from './sop-rules';
import { sopKey } from './store/store';

/** An event that passed the checks here: its place in the batch and its canonical body. */
export type Candidate = { readonly index: number; readonly event: SyncEvent; readonly body: string };

export function refusal(
  index: number,
  id: string | null,
  code: Refusal['code'],
  error: string,
  details?: readonly string[],
): Refusal {
  const [status, retry] = REFUSALS[code];
  return { id, index, status, code, error, ...(details?.length && { details }), retry };
}

/** Each code's HTTP-like status, and whether the same event may be accepted later as it is. */
const REFUSALS: Record<Refusal['code'], [Refusal['status'], boolean]> = {
  invalid: [400, false],
  sopInvalid: [400, false],
  foreignDevice: [403, false],
  idConflict: [409, false],
  seqReused: [409, false],
  runExists: [409, false],
  sopConflict: [409, false],
  tooLarge: [413, false],
  stream: [422, false],
  runRefused: [422, false],
  runUnknown: [422, true],
  sopUnknown: [422, true],
  clockAhead: [422, true],
  forbidden: [403, false],
  authorSignIn: [403, true],
};

const ROLE_WORDS: Record<Role, string> = {
  technologist: 'a technologist',
  trainer: 'a trainer',
  qaLead: 'a QA lead',
  admin: 'an administrator',
};

/**
 * Moves only some roles may make (the registry's `requires`): stored only from their author, signed
 * in on the pushing tablet, with one of the roles. Another author waits (retry) until they are the one
 * signed in; an author without the role, or naming someone else as the one who made the move (its
 * `authorField`), is refused for good. The rest pass unchanged.
 */
export function checkRoles(
  fresh: readonly Candidate[],
  signedIn: { readonly id: string; readonly role: Role } | undefined,
  refused: Refusal[],
): Candidate[] {
  return fresh.filter((c) => {
    const needs = eventType(c.event.type)?.requires;
    if (!needs) return true;
    const only = `only ${needs.by} may ${needs.move}`;
    if (signedIn?.id !== c.event.user)
      refused.push(
        refusal(
          c.index,
          c.event.id,
          'authorSignIn',
          `${only}: it is stored once its author is signed in on this tablet, and sent again then`,
        ),
      );
    else if (!needs.anyOf.some((p) => can(signedIn.role, p)))
      refused.push(refusal(c.index, c.event.id, 'forbidden', `${only} (recorded by ${ROLE_WORDS[signedIn.role]})`));
    else if (needs.authorField && (c.event.payload as Record<string, unknown>)[needs.authorField] !== c.event.user)
      // A trainer may not sign in someone else's name: the assessor is the one who records it, for good.
      refused.push(
        refusal(c.index, c.event.id, 'forbidden', `${only} in their own name: ${needs.authorField} must be its author`),
      );
    else return true;
    return false;
  });
}

const readableId = (raw: unknown): string | null => {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && UUID_PATTERN.test(id) ? id : null;
};

export function checkEvents(
  raw: readonly unknown[],
  deviceId: string,
): { candidates: Candidate[]; refused: Refusal[] } {
  const refused: Refusal[] = [];
  const passed: Candidate[] = [];
  for (const [index, value] of raw.entries()) {
    const id = readableId(value);
    const where = `events[${index}]`;
    const unstorable = unstorableText(value, where);
    if (unstorable) {
      refused.push(refusal(index, id, 'invalid', 'the event holds text that cannot be stored', [unstorable]));
      continue;
    }
    const parsed = parseWireEvent(value);
    if ('problems' in parsed) {
      const details = parsed.problems.map((p) => (p.startsWith('(event)') ? `${where}${p.slice(7)}` : `${where}.${p}`));
      refused.push(refusal(index, id, 'invalid', 'the event does not fit the wire schema', details));
      continue;
    }
    const e = parsed.event;
    if (e.device !== deviceId)
      refused.push(
        refusal(index, id, 'foreignDevice', `recorded by device ${e.device}: push it with that device's token`),
      );
    else {
      const stream = streamProblem(e);
      if (stream) refused.push(refusal(index, id, 'stream', `${where}.${stream}`));
      else passed.push({ index, event: e, body: canonicalJson(e) });
    }
  }
  // One id, two bodies in one batch: neither can be trusted. The same body twice is one event.
  const bodies = new Map<string, Set<string>>();
  for (const c of passed) bodies.set(c.event.id, (bodies.get(c.event.id) ?? new Set()).add(c.body));
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const c of passed) {
    if (bodies.get(c.event.id)!.size > 1)
      refused.push(refusal(c.index, c.event.id, 'idConflict', 'the batch holds two different events with this id'));
    else if (!seen.has(c.event.id)) candidates.push(c);
    seen.add(c.event.id);
  }
  return { candidates, refused: refused.sort((a, b) => a.index - b.index) };
}

/** How far ahead of `now` an event is stamped (its time or its clock stamp), when that is too far. */
export function aheadBy(e: SyncEvent, now: number): number | undefined {
  const ahead = Math.max(e.at, decodeHlc(e.hlc).wall) - now;
  return ahead > MAX_CLOCK_AHEAD_MS ? ahead : undefined;
}

export type SentSops = {
  /** Valid definitions by key, canonical. */
  readonly bodies: ReadonlyMap<string, string>;
  readonly definitions: ReadonlyMap<string, SopDefinition>;
  /** Keys of definitions that were sent invalid, with the problem. */
  readonly invalid: ReadonlyMap<string, string[]>;
  readonly refused: { index: number; error: string }[];
};

/** The SOP definitions sent with a batch; only those some event of the batch pins are considered. */
export function checkSops(raw: readonly unknown[], candidates: readonly Candidate[]): SentSops {
  const pinned = new Set(candidates.flatMap((c) => pinnedSop(c.event) ?? []));
  const bodies = new Map<string, string>();
  const definitions = new Map<string, SopDefinition>();
  const invalid = new Map<string, string[]>();
  const refused: { index: number; error: string }[] = [];
  for (const [index, value] of raw.entries()) {
    const { id, version } = (value ?? {}) as { id?: unknown; version?: unknown };
    const key = typeof id === 'string' && typeof version === 'number' ? sopKey(id, version) : undefined;
    if (!key || !pinned.has(key)) {
      refused.push({ index, error: `sops[${index}] is not pinned by any event in this batch: not stored` });
      continue;
    }
    const unstorable = unstorableText(value, `sops[${index}]`);
    const v = unstorable ? undefined : validateSop(value, { builtInText: isBuiltInSopText });
    if (!v?.ok) {
      const problems = unstorable ? [unstorable] : formatSopErrors(v!.ok ? [] : v!.errors).split('\n');
      invalid.set(key, problems);
      refused.push({ index, error: `invalid SOP definition sops[${index}]: ${problems.slice(0, 3).join('; ')}` });
      continue;
    }
    bodies.set(key, canonicalJson(v.sop));
    definitions.set(key, v.sop);
  }
  return { bodies, definitions, invalid, refused };
}

/** The SOP version an event pins (its registry entry says which field), as a key. */
export function pinnedSop(e: SyncEvent): string | undefined {
  const sop = eventType(e.type)?.pinsSop?.(e.payload);
  return sop && sopKey(sop.id, sop.version);
}
