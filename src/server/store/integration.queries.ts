// The hospital link's tables (migrations 0010, 0013): settings, the card-mapping table, bookings,
// and each endpoint's last exchange. Bookings are keyed by a blind index of the accession number and
// written and read only as sealed text (integration/booking-seal.ts): no column holds an identifier.
import { sql, type Kysely } from 'kysely';
import { bookingKey, openBooking, sealBooking } from '../integration/booking-seal';
import type { CardMappingRow } from '../integration/card-mapping';
import type { ScheduledProcedure } from '../integration/scheduled-procedure';
import type { IntegrationSettings } from '../integration/settings';
import type { Dialect } from './dialect';
import { storeOutbox } from './fhir-outbox.queries';
import type { Database } from './schema';
import type { Sealer } from './sealing';

/** A booking as callers see it: the procedure opened; the store seals it on the way in. */
export type BookingRow = Omit<StoredBooking, 'sealed' | 'bookingKey'> & {
  readonly accessionNumber: string;
  readonly procedure: ScheduledProcedure;
};
type StoredBooking = {
  readonly bookingKey: string;
  readonly source: string;
  readonly sealed: string;
  readonly cardId: string | null;
  readonly unmappedReason: string | null;
  readonly code: string | null;
  readonly modality: string | null;
  readonly scanner: string | null;
  readonly scheduledStart: string | null;
  readonly receivedAt: number;
  readonly updatedAt: number;
  readonly runId: string | null;
};
export type ExchangeStatus = {
  readonly endpoint: string;
  readonly lastOkAt: number | null;
  readonly lastErrorAt: number | null;
  readonly lastError: string | null;
};

type Tables = {
  scheduledProcedures: StoredBooking;
  cardMappings: { code: string; system: string; modality: string; cardId: string };
  integrationSettings: { key: string; value: string; updatedAt: number; updatedBy: string | null };
  integrationStatus: ExchangeStatus;
};

const SETTINGS_KEY = 'integration';
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const num = (v: number | null) => (v === null ? null : Number(v));
const opener =
  (sealer: Sealer) =>
  async (r: StoredBooking): Promise<BookingRow> => {
    const { sealed, bookingKey: key, ...rest } = r;
    const procedure = await openBooking(sealer, key, sealed);
    return {
      ...rest,
      accessionNumber: procedure.accessionNumber,
      procedure,
      receivedAt: Number(r.receivedAt),
      updatedAt: Number(r.updatedAt),
    };
  };

/** Reads and writes usable inside a transaction (the push's, for completions and started bookings). */
export function integrationTx(base: Kysely<Database>, sealer: Sealer) {
  const db = base.withTables<Tables>();
  const booking = opener(sealer);
  return {
    outbox: storeOutbox(base, sealer),
    async integrationSettings(): Promise<IntegrationSettings> {
      const r = await db
        .selectFrom('integrationSettings')
        .select('value')
        .where('key', '=', SETTINGS_KEY)
        .executeTakeFirst();
      return r ? (JSON.parse(r.value) as IntegrationSettings) : {};
    },
    /** A run started from a booking: it leaves the tablets' worklist (the first run to claim it keeps it). */
    async markBookingStarted(accessionNumber: string, runId: string): Promise<void> {
      await db
        .updateTable('scheduledProcedures')
        .set({ runId })
        .where('bookingKey', '=', bookingKey(sealer, accessionNumber))
        .where('runId', 'is', null)
        .execute();
    },
    async bookingsOf(accessionNumbers: readonly string[]): Promise<BookingRow[]> {
      if (!accessionNumbers.length) return [];
      const rows = await db
        .selectFrom('scheduledProcedures')
        .selectAll()
        .where(
          'bookingKey',
          'in',
          accessionNumbers.map((a) => bookingKey(sealer, a)),
        )
        .execute();
      return Promise.all(rows.map(booking));
    },
  };
}
export type IntegrationTx = ReturnType<typeof integrationTx>;

const exchangeErrorAad = (endpoint: string) => `integration-status:${endpoint}`;

export function integrationQueries(d: Dialect, sealer: Sealer) {
  const db = d.db.withTables<Tables>();
  const booking = opener(sealer);
  return {
    ...integrationTx(d.db, sealer),
    async saveIntegrationSettings(s: IntegrationSettings, userId: string | null, now: number): Promise<void> {
      const row = { key: SETTINGS_KEY, value: JSON.stringify(s), updatedAt: now, updatedBy: userId };
      await db
        .insertInto('integrationSettings')
        .values(row)
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updatedAt: now, updatedBy: userId }))
        .execute();
    },
    async cardMapping(): Promise<CardMappingRow[]> {
      const rows = await db
        .selectFrom('cardMappings')
        .selectAll()
        .orderBy('code')
        .orderBy('system')
        .orderBy('modality')
        .execute();
      return rows.map((r) => ({
        code: r.code,
        ...(r.system && { system: r.system }),
        ...(r.modality && { modality: r.modality }),
        cardId: r.cardId,
      }));
    },
    /** Replaces the whole table. */
    async saveCardMapping(rows: readonly CardMappingRow[]): Promise<void> {
      await d.transaction(async (trx) => {
        const t = trx.withTables<Tables>();
        await t.deleteFrom('cardMappings').execute();
        for (const r of rows)
          await t
            .insertInto('cardMappings')
            .values({ code: r.code, system: r.system ?? '', modality: r.modality ?? '', cardId: r.cardId })
            .execute();
      });
    },
    /** One row per accession number: a booking received again updates its row, never adds one. */
    async upsertBookings(rows: readonly BookingRow[]): Promise<{ added: number; updated: number }> {
      return d.transaction(async (trx) => {
        const t = trx.withTables<Tables>();
        let added = 0;
        for (const { procedure, ...r } of rows) {
          const { accessionNumber, ...columns } = r;
          const key = bookingKey(sealer, accessionNumber);
          const sealed = sealBooking(sealer, key, procedure);
          const existing = await t
            .selectFrom('scheduledProcedures')
            .select(['bookingKey', 'scanner'])
            .where('bookingKey', '=', key)
            .executeTakeFirst();
          const changes = {
            source: r.source,
            sealed,
            cardId: r.cardId,
            unmappedReason: r.unmappedReason,
            code: r.code,
            modality: r.modality,
            // A booking that came without a scanner (from the EMR) keeps the one its worklist named.
            scanner: r.scanner ?? existing?.scanner ?? null,
            scheduledStart: r.scheduledStart,
            updatedAt: r.updatedAt,
          };
          if (existing) await t.updateTable('scheduledProcedures').set(changes).where('bookingKey', '=', key).execute();
          else {
            await t
              .insertInto('scheduledProcedures')
              .values({ ...columns, bookingKey: key, sealed })
              .execute();
            added += 1;
          }
        }
        return { added, updated: rows.length - added };
      });
    },
    /** Bookings no run has started yet, by scheduled start. */
    async openBookings(limit: number): Promise<BookingRow[]> {
      const rows = await db
        .selectFrom('scheduledProcedures')
        .selectAll()
        .where('runId', 'is', null)
        .orderBy(sql`scheduled_start is null`) // unscheduled last on both engines
        .orderBy('scheduledStart')
        .orderBy('bookingKey')
        .limit(limit)
        .execute();
      // Ties by accession number, as people read the list (the key's order means nothing).
      const opened = await Promise.all(rows.map(booking));
      return opened.sort(
        (x, y) =>
          Number(x.scheduledStart === null) - Number(y.scheduledStart === null) ||
          cmp(x.scheduledStart ?? '', y.scheduledStart ?? '') ||
          cmp(x.accessionNumber, y.accessionNumber),
      );
    },
    async storedSopIds(): Promise<string[]> {
      const rows = await d.db.selectFrom('sops').select('id').distinct().execute();
      return rows.map((r) => r.id);
    },
    /** New card assignments for open bookings (after the mapping table changed). */
    async setBookingCards(
      rows: readonly { accessionNumber: string; cardId: string | null; unmappedReason: string | null }[],
    ) {
      await d.transaction(async (trx) => {
        const t = trx.withTables<Tables>();
        for (const r of rows)
          await t
            .updateTable('scheduledProcedures')
            .set({ cardId: r.cardId, unmappedReason: r.unmappedReason })
            .where('bookingKey', '=', bookingKey(sealer, r.accessionNumber))
            .execute();
      });
    },
    async noteExchange(endpoint: string, at: number, said?: string): Promise<void> {
      // The other side's words may echo a patient: sealed like the rows they are about.
      const error = said && sealer.sealText(said, exchangeErrorAad(endpoint));
      const values = error
        ? { endpoint, lastOkAt: null, lastErrorAt: at, lastError: error }
        : { endpoint, lastOkAt: at, lastErrorAt: null, lastError: null };
      await db
        .insertInto('integrationStatus')
        .values(values)
        .onConflict((oc) =>
          oc.column('endpoint').doUpdateSet(error ? { lastErrorAt: at, lastError: error } : { lastOkAt: at }),
        )
        .execute();
    },
    async exchangeStatus(): Promise<ExchangeStatus[]> {
      const rows = await db.selectFrom('integrationStatus').selectAll().orderBy('endpoint').execute();
      return Promise.all(
        rows.map(async (r) => ({
          ...r,
          lastOkAt: num(r.lastOkAt),
          lastErrorAt: num(r.lastErrorAt),
          lastError: r.lastError === null ? null : await sealer.openText(r.lastError, exchangeErrorAad(r.endpoint)),
        })),
      );
    },
  };
}
export type IntegrationStore = ReturnType<typeof integrationQueries>;
