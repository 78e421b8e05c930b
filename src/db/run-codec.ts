// Converts between what the app works with (events and run rows in clear) and what IndexedDB
// stores (sealed). Runs outside Dexie transactions: Web Crypto must not be awaited inside one.
import type { Sealed, Vault } from './crypto/vault';
import { openPaged } from './event-pages';
import type { EventRecord, RunRecord, RunRow, RunSummary, ScanCardDb, StoredEvent } from './db';

/**
 * How an event's payload is stored: sealed when its registry entry says it holds patient data, bound
 * to the event id (a sealed payload moved onto another event does not open).
 */
export async function storedPayload(
  vault: Vault,
  type: string,
  payload: unknown,
  eventId: string,
): Promise<{ payload: unknown } | { sealed: Sealed }> {
  return (await isSensitive())(type) ? { sealed: await vault.seal(payload, eventId) } : { payload };
}

// The registry loads with the first write or merge, not with the first screen (it brings the
// validator); kept once loaded, since even a cached import() costs per call.
let sensitive: ((type: string) => boolean) | undefined;
const isSensitive = async () => (sensitive ??= (await import('../domain/events/registry')).isSensitive);

export async function sealEvent(vault: Vault, e: StoredEvent): Promise<EventRecord> {
  const { payload, ...meta } = e;
  return { ...meta, ...(await storedPayload(vault, e.type, payload, e.id)) };
}

export async function openEvent(vault: Vault, r: EventRecord): Promise<StoredEvent> {
  if (r.inPage) throw new Error('a page-sealed event opens with openEvents(vault, records, db)');
  if (!r.sealed) return r as StoredEvent; // clear by design, or written before sealing existed
  const { sealed, ...meta } = r;
  return { ...meta, payload: await vault.open(sealed, r.id) } as StoredEvent;
}

export function summaryOf(row: RunRow): RunSummary {
  const { patient: _omit, ...header } = row.header;
  void _omit;
  const ctx = row.state.context;
  return { ...header, step: ctx.path.at(-1) ?? '', timers: Object.values(ctx.timers).flatMap((t) => (t ? [t] : [])) };
}

// Opened rows, per key, remembered with the exact ciphertext they came from: a tap writes a row and
// the screen reads it straight back, and neither should pay for a decryption. Signing out drops
// the key, and with it this cache (WeakMap).
const opened = new WeakMap<Vault, Map<string, { ct: string; row: RunRow }>>();
const cacheOf = (vault: Vault) => {
  let c = opened.get(vault);
  if (!c) opened.set(vault, (c = new Map()));
  return c;
};

/** The run as this key last sealed or opened it (no read, no decryption): a screen draws it at once
 * while its live query confirms it. Undefined when not seen since sign-in. */
export const cachedRun = (vault: Vault, id: string): RunRow | undefined => opened.get(vault)?.get(id)?.row;

export async function sealRun(vault: Vault, row: RunRow): Promise<RunRecord> {
  const { header, state, ...clear } = row;
  const sealed = await vault.seal({ patient: header.patient, state }, row.id);
  cacheOf(vault).set(row.id, { ct: sealed.ct, row });
  return { ...clear, summary: summaryOf(row), sealed };
}

/** A run row written before sealing existed (v1): the plain row itself. */
const legacyRow = (r: RunRecord): RunRow | undefined => (r.sealed ? undefined : (r as unknown as RunRow));

/** The no-identity summary of any stored run, old or new. */
export const summaryOfRecord = (r: RunRecord): RunSummary => r.summary ?? summaryOf(legacyRow(r)!);

export async function openRun(vault: Vault, r: RunRecord): Promise<RunRow> {
  const legacy = legacyRow(r);
  if (legacy) return legacy;
  const hit = cacheOf(vault).get(r.id);
  if (hit && hit.ct === r.sealed.ct) return hit.row;
  const { summary, sealed, ...clear } = r;
  const { step: _step, timers: _timers, ...header } = summary;
  void _step;
  void _timers;
  const inner = await vault.open<Pick<RunRow, 'state'> & { patient?: RunRow['header']['patient'] }>(sealed, r.id);
  const row: RunRow = {
    ...clear,
    header: { ...header, ...(inner.patient && { patient: inner.patient }) },
    state: inner.state,
  };
  cacheOf(vault).set(r.id, { ct: sealed.ct, row });
  return row;
}

export const openRuns = (vault: Vault, records: readonly RunRecord[]) =>
  Promise.all(records.map((r) => openRun(vault, r)));
/** Opens records; pulled run events sealed by page need `db` (their pages are read once each). */
export async function openEvents(
  vault: Vault,
  records: readonly EventRecord[],
  db?: ScanCardDb,
): Promise<StoredEvent[]> {
  const paged = await openPaged(vault, db, records);
  return Promise.all(
    records.map((r) => {
      if (!r.inPage) return openEvent(vault, r);
      const { inPage: _place, ...meta } = r;
      void _place;
      return { ...meta, payload: paged.get(r.id) } as StoredEvent;
    }),
  );
}

/**
 * Seals what was stored in clear before sealing existed (database v1): run rows and run events.
 * Runs once a key is open; each write checks the record is still the one that was read.
 */
export async function sealLegacyRecords(db: ScanCardDb, vault: Vault): Promise<number> {
  const sensitive = await isSensitive();
  const rows = (await db.runs.toArray()).filter((r) => !r.sealed);
  const events = (await db.events.toArray()).filter((e) => sensitive(e.type) && !e.sealed && e.payload !== undefined);
  const sealedRows = await Promise.all(rows.map((r) => sealRun(vault, r as unknown as RunRow)));
  const sealedEvents = await Promise.all(events.map((e) => sealEvent(vault, e as StoredEvent)));
  await db.transaction('rw', [db.runs, db.events], async () => {
    for (const r of sealedRows) if (!(await db.runs.get(r.id))?.sealed) await db.runs.put(r);
    for (const e of sealedEvents) if (!(await db.events.get(e.id))?.sealed) await db.events.put(e);
  });
  return rows.length + events.length;
}
