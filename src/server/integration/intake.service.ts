// Bookings into the store, whichever standard they came in: each is mapped to a card through the
// site's table (unmapped ones are kept, with the reason, for an admin to map; never guessed) and
// written by accession number, so the same booking from the worklist and the EMR, or sent twice,
// is one row.
import type { BookingRow } from '../store/integration.queries';
import type { SyncStore } from '../store/store';
import { cardFor } from './card-mapping';
import type { IntakeResult, ScheduledProcedure } from './scheduled-procedure';

export type IntakeSummary = {
  readonly received: number;
  readonly added: number;
  readonly updated: number;
  readonly unmapped: number;
  readonly skipped: IntakeResult['skipped'];
};

export async function storeBookings(
  store: SyncStore,
  result: IntakeResult,
  opts: { readonly now: number; readonly scanner?: string },
): Promise<IntakeSummary> {
  const table = await store.cardMapping();
  // The same accession twice in one answer: the last one sent wins, as a later update would.
  const byAccession = new Map(result.procedures.map((p) => [p.accessionNumber, p]));
  const rows = [...byAccession.values()].map((p) => bookingRow(p, table, opts));
  const { added, updated } = await store.upsertBookings(rows);
  return {
    received: result.procedures.length,
    added,
    updated,
    unmapped: rows.filter((r) => r.cardId === null).length,
    skipped: result.skipped,
  };
}

function bookingRow(
  p: ScheduledProcedure,
  table: Awaited<ReturnType<SyncStore['cardMapping']>>,
  opts: { now: number; scanner?: string },
): BookingRow {
  const card = cardFor(p, table);
  return {
    accessionNumber: p.accessionNumber,
    source: p.source,
    procedure: p,
    cardId: 'cardId' in card ? card.cardId : null,
    unmappedReason: 'reason' in card ? card.reason : null,
    code: p.requestedProcedure?.code ?? null,
    modality: p.modality ?? null,
    scanner: opts.scanner ?? null,
    scheduledStart: p.scheduledStart ?? null,
    receivedAt: opts.now,
    updatedAt: opts.now,
    runId: null,
  };
}

/** After the mapping table changed: open bookings get their card again (started ones keep theirs). */
export async function remapOpenBookings(store: SyncStore): Promise<number> {
  const table = await store.cardMapping();
  const changes = (await store.openBookings(10_000)).flatMap((b) => {
    const card = cardFor(b.procedure, table);
    const cardId = 'cardId' in card ? card.cardId : null;
    const unmappedReason = 'reason' in card ? card.reason : null;
    return cardId === b.cardId && unmappedReason === b.unmappedReason
      ? []
      : [{ accessionNumber: b.accessionNumber, cardId, unmappedReason }];
  });
  await store.setBookingCards(changes);
  return changes.length;
}
