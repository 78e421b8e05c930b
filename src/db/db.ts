// The tablet's database. Only src/db imports Dexie.
// - events: the append-only log (runs and scanner warm-ups), keyed by event id so storing an
//   event twice is harmless; ordered within a stream by hybrid-clock stamp.
// - the outbox is a cursor, not a table: this tablet's own events are the log it sends from, and
//   `pushed` (in meta `sync`) says up to which of its sequence numbers the server has answered.
//   Acknowledged events stay, so everything can be re-sent to a server restored from a backup.
// - quarantine: own events the server refused, with its reason: "needs attention", or waiting to
//   be sent again by themselves (`retry`); kept, never blocking the others.
// - waiting: runs pulled before their card version (or creation) arrived; rebuilt when it does.
// - runs / scanners: snapshots derived from the log, rewritten in the same transaction as the
//   event that changed them; always rebuildable by replaying the log.
// - sops: imported or server-published SOP versions (built-ins ship in the bundle).
// - meta: this device's id, event counter and clock, its device key pair (identity); site settings;
//   sign-in attempt counters.
// - bookings: the hospital's scheduled procedures (RIS worklist / EMR) as the server last listed
//   them, keyed by a local id (used in URLs instead of any identifier); everything else is sealed.
// - eventPages: the payloads of pulled run events, sealed a page at a time (event-pages.ts).
// - keyring: the tablet's data key wrapped by each user's secret; directory: users synced from
//   the server (no secrets).
// At rest, patient identifiers and free text are sealed (AES-GCM, see crypto/ and run-codec.ts):
// events of a type the registry marks sensitive keep only ordering fields in clear; run rows keep
// what the worklist, alarms and the lock screen need without identity (summary) and seal the
// patient and the run's answers.
// Trainer demo runs use a second database with the same schema (see openDb), so a demo can never
// touch a real record. Never delete a version() block: add the next one with its upgrade.
import Dexie, { type EntityTable, type Table } from 'dexie';
import type { KnownEvent } from '../domain/events/registry';
import type { PersistedRunState } from '../domain/run/run.engine';
import type { RunHeader } from '../domain/run/run.header';
import type { RunStatus } from '../domain/run/run.types';
import type { SopDefinition } from '../domain/sop/sop.schema';
import type { WarmupState } from '../domain/scanners/scanner';
import type { EventMeta } from '../domain/run/run.event';
import type { Role } from '../domain/auth/roles';
import type { TimerState } from '../domain/timers/timers';
import type { WrappedKey } from './crypto/keys';
import type { Sealed } from './crypto/vault';
import type { EventPageRecord, PagePlace } from './event-pages';
import type { RefusalCode, ServerIdentity } from '../domain/sync/protocol.schema';

/** An event of any registered type (src/domain/events/registry.ts), opened. */
export type StoredEvent = KnownEvent;
export type ScannerEvent = Extract<StoredEvent, { type: 'scanner.powerOn' | 'scanner.ready' }>;
export type AuditEvent = Extract<StoredEvent, { type: 'audit.entry' }>;

export type RunRow = {
  readonly id: string;
  readonly header: RunHeader;
  readonly state: PersistedRunState;
  readonly status: RunStatus;
  readonly arrivedAt: number;
  readonly updatedAt: number;
  readonly eventCount: number;
  /** Events that the machine refused on the last rebuild (e.g. merged from two tablets). */
  readonly rejectedEventIds?: readonly string[];
};

/** What is stored for an event: its payload sealed when its registry entry says it holds patient data. */
export type EventRecord = EventMeta & {
  /** A registered type; a type this version does not know (pulled from a newer tablet) is kept sealed. */
  readonly type: string;
  readonly payload?: unknown;
  readonly sealed?: Sealed;
  /** A pulled run event's payload is sealed with the others of its page (event-pages.ts). */
  readonly inPage?: PagePlace;
};

/** A run's non-identifying facts, readable while the tablet is locked (alarms, lock screen). */
export type RunSummary = Omit<RunHeader, 'patient'> & {
  readonly step: string;
  readonly timers: readonly TimerState[];
};

/** What is stored for a run: the summary in clear, patient and answers sealed. */
export type RunRecord = Pick<
  RunRow,
  'id' | 'status' | 'arrivedAt' | 'updatedAt' | 'eventCount' | 'rejectedEventIds'
> & {
  readonly summary: RunSummary;
  readonly sealed: Sealed;
};

export type ScannerRow = WarmupState & { readonly updatedAt: number };

export type DirectoryUser = {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly active: boolean;
};
export type KeyringEntry = WrappedKey & {
  readonly userId: string;
  readonly addedAt: number;
  /** The user's credential version on the server when wrapped: an older one is dropped at sync. */
  readonly version?: number;
  /** Last time the server confirmed this entry (sign-in or keyring check): offline sign-in has a limit. */
  readonly confirmedAt?: number;
};

export type SopRow = {
  readonly id: string;
  readonly version: number;
  readonly definition: SopDefinition;
  readonly source: 'import' | 'server';
  readonly addedAt: number;
};

export type DeviceMeta = {
  readonly key: 'device';
  readonly deviceId: string;
  readonly seq: number;
  readonly hlc: string;
};
/** This tablet's sync bookkeeping. No credential: identity is the device key (device-identity.repo.ts). */
export type SyncMeta = {
  readonly key: 'sync';
  /** Release 0.1's bearer token, kept only until the tablet re-enrols with a device key. */
  readonly token?: string;
  readonly label?: string;
  /** The pull cursor: server sequence numbers, and the id of the event at `events` (a restored log lacks it). */
  readonly cursor: { readonly events: number; readonly sops: number; readonly anchor?: string };
  /** The push cursor: the server has answered every own event up to this deviceSeq. */
  readonly pushed: number;
  /** The server (and its epoch) the cursors belong to. */
  readonly server?: ServerIdentity;
  /** A request body limit the server reported (413) smaller than the protocol's: batches are packed to it. */
  readonly pushBytes?: number;
  readonly lastSuccessAt?: number;
  readonly lastError?: string;
  /** Server clock minus this tablet's clock, from the last sync; applied to new events' times. */
  readonly skewMs: number;
  /** Card id → the version the department made current for new runs, from the last pull. */
  readonly currentSops?: Readonly<Record<string, number>>;
};
/** The device key pair (private half non-extractable) and the id the server assigned to it. */
export type DeviceIdentity = {
  readonly key: 'identity';
  readonly keys: CryptoKeyPair;
  /** Set once the server accepted the key; absent while enrolment has not succeeded yet. */
  readonly deviceId?: string;
  readonly label?: string;
  readonly enrolledAt?: number;
};

/** An own event the server refused (or that cannot be sent), kept with the reason. */
export type QuarantineRow = {
  readonly id: string;
  readonly deviceSeq: number;
  readonly type: string;
  readonly streamId: string;
  readonly at: number;
  readonly code: RefusalCode;
  readonly error: string;
  readonly details?: readonly string[];
  /** Sent again by itself on every sync (it may be accepted later as it is); otherwise a person must look. */
  readonly retry: boolean;
  readonly firstRefusedAt: number;
  readonly lastTriedAt: number;
  readonly tries: number;
};

/** A hospital booking kept on the tablet: a local id, when it was fetched, the booking sealed (it names the patient). */
export type BookingRecord = { readonly id: string; readonly fetchedAt: number; readonly sealed: Sealed };

/** A pulled run that could not be rebuilt yet (its card version or its creation is missing). */
export type WaitingRun = { readonly runId: string; readonly since: number };
export type MetaRow = DeviceMeta | SyncMeta | DeviceIdentity | { readonly key: string; readonly value: unknown };

export class ScanCardDb extends Dexie {
  events!: EntityTable<EventRecord, 'id'>;
  quarantine!: EntityTable<QuarantineRow, 'id'>;
  waiting!: EntityTable<WaitingRun, 'runId'>;
  runs!: EntityTable<RunRecord, 'id'>;
  scanners!: EntityTable<ScannerRow, 'scannerId'>;
  sops!: Table<SopRow, [string, number]>;
  meta!: Table<MetaRow, string>;
  keyring!: EntityTable<KeyringEntry, 'userId'>;
  directory!: EntityTable<DirectoryUser, 'id'>;
  bookings!: EntityTable<BookingRecord, 'id'>;
  eventPages!: EntityTable<EventPageRecord, 'id'>;

  constructor(name: string) {
    // Strict: a tapped step must survive a power cut, not just a tab crash (Chrome defaults to relaxed).
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      events: 'id, [streamId+hlc]',
      outbox: 'id',
      runs: 'id, status, arrivedAt',
      scanners: 'scannerId',
      sops: '[id+version], id',
      meta: 'key',
    });
    // v2: sign-in. Rows written by v1 were not sealed; sealLegacyRecords() (run-codec.ts) seals them
    // once a key is open, and until then they are read as they are.
    this.version(2).stores({ keyring: 'userId', directory: 'id, username' });
    // v3: the outbox table becomes a cursor over own events (by device and sequence number); what
    // it still listed is where the cursor starts. Refused events and waiting runs get tables.
    this.version(3)
      .stores({
        events: 'id, [streamId+hlc], [device+deviceSeq]',
        outbox: null,
        quarantine: 'id, deviceSeq',
        waiting: 'runId',
      })
      .upgrade(async (tx) => {
        const device = (await tx.table('meta').get('device')) as DeviceMeta | undefined;
        const ids = ((await tx.table('outbox').toArray()) as { id: string }[]).map((r) => r.id);
        const unsent = ((await tx.table('events').bulkGet(ids)) as (EventRecord | undefined)[]).flatMap((e) =>
          e ? [e.deviceSeq] : [],
        );
        const pushed = unsent.length ? Math.min(...unsent) - 1 : (device?.seq ?? 0);
        const sync = (await tx.table('meta').get('sync')) as Omit<SyncMeta, 'pushed'> | undefined;
        await tx.table('meta').put({ key: 'sync', cursor: { events: 0, sops: 0 }, skewMs: 0, ...sync, pushed });
      });
    // v4: the hospital's bookings (no index on anything identifying: the accession number is sealed).
    this.version(4).stores({ bookings: 'id' });
    // v5: pulled run events sealed a page at a time (event-pages.ts); events stored before stay as they are.
    this.version(5).stores({ eventPages: 'id' });
  }
}

export type DbMode = 'clinical' | 'demo';

export const DEMO_DB_NAME = 'scancard-demo';

export function openDb(mode: DbMode = 'clinical'): ScanCardDb {
  return new ScanCardDb(mode === 'clinical' ? 'scancard' : DEMO_DB_NAME);
}

/** The trainer's demo database: never synced, never read by the worklist, figures or exports. */
export const isDemoDb = (db: ScanCardDb): boolean => db.name === DEMO_DB_NAME;

/** Wipes every demo run in one go: the whole demo database is deleted (a fresh one opens on next use). */
export async function wipeDemoDb(db: ScanCardDb): Promise<void> {
  if (!isDemoDb(db)) throw new Error('only the demo database can be wiped');
  await db.delete({ disableAutoOpen: false });
}
