// The hospital's scheduled bookings on the tablet, as the server last listed them (GET
// /api/worklist/scheduled). Each booking is sealed whole (it names the patient) and gets a local id,
// kept across refreshes by accession number, so `/new?booking=<id>` never puts an identifier in a URL.
import type { ScheduledBooking } from '../domain/integration/scheduled-booking';
import type { Vault } from './crypto/vault';
import type { BookingRecord, ScanCardDb } from './db';

export type StoredBooking = ScheduledBooking & { readonly localId: string };

/** Dexie only (for live queries): the stored records, still sealed. */
export const bookingSources = (db: ScanCardDb): Promise<BookingRecord[]> => db.bookings.toArray();

/** Opens the records (Web Crypto: outside any transaction), in scheduled order. */
export async function openBookings(vault: Vault, records: readonly BookingRecord[]): Promise<StoredBooking[]> {
  const open = await Promise.all(
    records.map(async (r) => ({ ...(await vault.open<ScheduledBooking>(r.sealed, r.id)), localId: r.id })),
  );
  return open.sort(
    (a, b) =>
      (a.scheduledStart ?? '').localeCompare(b.scheduledStart ?? '') ||
      a.accessionNumber.localeCompare(b.accessionNumber),
  );
}

export async function getBooking(db: ScanCardDb, vault: Vault, localId: string): Promise<StoredBooking | undefined> {
  const r = await db.bookings.get(localId);
  return r && { ...(await vault.open<ScheduledBooking>(r.sealed, r.id)), localId: r.id };
}

/**
 * Replaces the kept list with the server's: a booking still listed keeps its local id, one no longer
 * listed goes, except those `keep` names (a run in progress started from it: its identity step needs it).
 */
export async function replaceBookings(
  db: ScanCardDb,
  vault: Vault,
  bookings: readonly ScheduledBooking[],
  now: number,
  keep: ReadonlySet<string> = new Set(),
): Promise<void> {
  const before = await openBookings(vault, await db.bookings.toArray());
  const idOf = new Map(before.map((b) => [b.accessionNumber, b.localId]));
  const listed = new Set(bookings.map((b) => b.accessionNumber));
  const kept = (
    await db.bookings.bulkGet(
      before.filter((b) => keep.has(b.accessionNumber) && !listed.has(b.accessionNumber)).map((b) => b.localId),
    )
  ).flatMap((r) => (r ? [r] : []));
  const records = await Promise.all(
    bookings.map(async (b) => {
      const id = idOf.get(b.accessionNumber) ?? crypto.randomUUID();
      return { id, fetchedAt: now, sealed: await vault.seal(b, id) };
    }),
  );
  await db.transaction('rw', db.bookings, async () => {
    await db.bookings.clear();
    await db.bookings.bulkAdd([...records, ...kept]);
  });
}
