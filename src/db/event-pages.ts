// Pulled run events at rest, sealed a page at a time: a pull of 10,000 events costs a handful of
// AES-GCM seals instead of 10,000 (each Web Crypto call costs far more than the bytes it seals).
// A page record holds the ids of its events in clear and their payloads sealed, with the page id
// and the ids bound as additional data; each event record names its page and its place in it. So a
// changed page does not open, a page stored under another id does not open, and an event pointed
// at another page (or another place) is refused because that place names another event.
// Only run events are sealed this way (the bulk of any pull, read through streamEvents and the
// KPI logs, which have the database to hand); every other type is sealed on its own as before.
// Runs outside Dexie transactions: Web Crypto must not be awaited inside one.
import { SealedDataError, type Sealed, type Vault } from './crypto/vault';
import type { EventRecord, ScanCardDb, StoredEvent } from './db';

export type EventPageRecord = { readonly id: string; readonly ids: readonly string[]; readonly sealed: Sealed };
/** Where a page-sealed event's payload is: page id, and its index in the page's `ids`. */
export type PagePlace = { readonly page: string; readonly n: number };

/** Types sealed by the page. */
export const PAGED_TYPES: ReadonlySet<string> = new Set(['run.created', 'run.command']);
/** At most this many payloads in one page envelope: reading one run never opens more than this. */
export const PAGE_EVENTS = 250;

const aad = (pageId: string, ids: readonly string[]) => `events-page:${pageId}:${ids.join(',')}`;

// Pages opened or sealed lately, per key (a rebuild reads the runs of the page just merged). Small:
// each holds up to PAGE_EVENTS payloads. Signing out drops the key and this with it.
const CACHED_PAGES = 16;
const recent = new WeakMap<Vault, Map<string, { ids: readonly string[]; payloads: readonly unknown[] }>>();
function remember(vault: Vault, id: string, page: { ids: readonly string[]; payloads: readonly unknown[] }) {
  let c = recent.get(vault);
  if (!c) recent.set(vault, (c = new Map()));
  c.delete(id);
  c.set(id, page);
  if (c.size > CACHED_PAGES) c.delete(c.keys().next().value!);
}

/** Seals the run events of a pulled page by page; returns the event records (paged ones without payload) and the pages. */
export async function sealByPage(
  vault: Vault,
  events: readonly StoredEvent[],
  sealOne: (e: StoredEvent) => Promise<EventRecord>,
  newId: () => string = () => crypto.randomUUID(),
): Promise<{ records: EventRecord[]; pages: EventPageRecord[] }> {
  const paged = events.filter((e) => PAGED_TYPES.has(e.type));
  const place = new Map<string, PagePlace>();
  const chunks: StoredEvent[][] = [];
  for (let i = 0; i < paged.length; i += PAGE_EVENTS) chunks.push(paged.slice(i, i + PAGE_EVENTS));
  const [pages, others] = await Promise.all([
    Promise.all(
      chunks.map(async (chunk): Promise<EventPageRecord> => {
        const id = newId();
        const ids = chunk.map((e) => e.id);
        const payloads = chunk.map((e) => e.payload);
        ids.forEach((eventId, n) => place.set(eventId, { page: id, n }));
        const sealed = await vault.seal(payloads, aad(id, ids));
        remember(vault, id, { ids, payloads });
        return { id, ids, sealed };
      }),
    ),
    Promise.all(events.filter((e) => !PAGED_TYPES.has(e.type)).map(sealOne)),
  ]);
  const byId = new Map(others.map((r) => [r.id, r]));
  const records = events.map((e): EventRecord => {
    const p = place.get(e.id);
    if (!p) return byId.get(e.id)!;
    const { payload: _clear, ...meta } = e;
    void _clear;
    return { ...meta, inPage: p };
  });
  return { records, pages };
}

/** Opens the pages these records name (from the recent ones, else read and opened once each). */
async function openPages(vault: Vault, db: ScanCardDb, ids: readonly string[]) {
  const out = new Map<string, { ids: readonly string[]; payloads: readonly unknown[] }>();
  const cache = recent.get(vault);
  const missing = ids.filter((id) => {
    const hit = cache?.get(id);
    if (hit) out.set(id, hit);
    return !hit;
  });
  const stored = await db.eventPages.bulkGet([...missing]);
  await Promise.all(
    stored.map(async (page, i) => {
      const id = missing[i]!;
      if (!page) throw new SealedDataError(`page ${id} of pulled events is missing`);
      let payloads: unknown[];
      try {
        payloads = await vault.open<unknown[]>(page.sealed, aad(id, page.ids));
      } catch {
        throw new SealedDataError(`page ${id} of pulled events cannot be opened with this tablet's key`);
      }
      if (!Array.isArray(payloads) || payloads.length !== page.ids.length)
        throw new SealedDataError(`page ${id} of pulled events does not match its ids`);
      const opened = { ids: page.ids, payloads };
      remember(vault, id, opened);
      out.set(id, opened);
    }),
  );
  return out;
}

/** The payloads of page-sealed records, by event id. Throws SealedDataError for any that does not check out. */
export async function openPaged(
  vault: Vault,
  db: ScanCardDb | undefined,
  records: readonly EventRecord[],
): Promise<Map<string, unknown>> {
  const paged = records.filter((r) => r.inPage);
  if (!paged.length) return new Map();
  if (!db) throw new Error('page-sealed events need their database to open');
  const pages = await openPages(vault, db, [...new Set(paged.map((r) => r.inPage!.page))]);
  return new Map(
    paged.map((r) => {
      const { page, n } = r.inPage!;
      const opened = pages.get(page)!;
      if (opened.ids[n] !== r.id) throw new SealedDataError(`event ${r.id} is not where its page record says`);
      return [r.id, opened.payloads[n]];
    }),
  );
}
