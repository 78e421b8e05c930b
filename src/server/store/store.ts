// What the sync server keeps, behind one interface: one implementation on Kysely (open-store.ts) over
// embedded SQLite (the default, a single file) or PostgreSQL (DATABASE_URL). The push logic runs on
// the Tx interface; the server tests run against both engines.
import { randomBytes } from 'node:crypto';
import type { AttemptState, Role } from '../../domain/auth/roles';
import type { AuditAction, DeviceStream, ServerIdentity } from '../../domain/sync/protocol.schema';
import type { Keyring } from '../keys/keyring';
import type { AuditVerification } from './audit-chain';
import type { CurrentSopStore } from './current-sops.queries';
import type { IntegrationStore, IntegrationTx } from './integration.queries';
import type { ProjectionStore, ProjectionTx } from './projections.types';
import type { RetentionReadTx, RetentionStore } from './retention.queries';
import type { SopDraftStore } from './sop-drafts.queries';
import type { TotpStore } from './totp.queries';
import type { QualityStore } from '../quality/quality.queries';
import type { SiteSettingsStore } from './site-settings.queries';

export type Device = {
  readonly id: string;
  readonly label: string;
  readonly enrolledAt: number;
  readonly revokedAt: number | null;
};

export type KeyEnrolment = {
  readonly codeHash: string;
  readonly keyId: string;
  /** The JWK as JSON text. */
  readonly publicKey: string;
  readonly label: string;
  /** The id a new device gets (the server's choice, never the tablet's). */
  readonly newDeviceId: string;
  /** Hash of a release-0.1 bearer token: that device keeps its id, and the token stops working. */
  readonly replacesTokenHash?: string;
  readonly now: number;
};
export type KeyEnrolmentResult =
  | { readonly ok: true; readonly deviceId: string; readonly repeated: boolean }
  | { readonly ok: false; readonly reason: 'code' | 'revoked' | 'enrolled' | 'replaces' };

export type StoredEventRow = {
  readonly seq: number;
  readonly id: string;
  readonly device: string;
  readonly receivedAt: number;
  /** The event exactly as validated, canonical JSON. */
  readonly body: string;
};

export type NewEventRow = {
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly device: string;
  readonly deviceSeq: number;
  readonly hlc: string;
  readonly at: number;
  readonly body: string;
};

export type BatchRecord = { readonly device: string; readonly hash: string; readonly response: string };

/** An event a push refused for good (kept so that a gap in a device's numbers can be explained). */
export type RefusalRow = {
  readonly device: string;
  readonly deviceSeq: number | null;
  readonly eventId: string | null;
  readonly code: string;
  readonly error: string;
};

/** Numbers missing from a device's sequence on the server: `expected` up to (not including) `got`. */
export type SequenceGap = {
  readonly device: string;
  readonly label: string | null;
  readonly expected: number;
  readonly got: number;
  /** Events in the gap that a push refused, with the reason (the rest never arrived). */
  readonly refused: readonly {
    deviceSeq: number;
    eventId: string | null;
    code: string;
    error: string;
    at: number;
  }[];
};

/** Reads and writes inside one transaction; pushes are serialised so sequence numbers commit in order. */
export type Tx = PushTx & ProjectionTx & RetentionReadTx & IntegrationTx;
export type PushTx = {
  identity(now: number): Promise<ServerIdentity>;
  batch(batchId: string): Promise<BatchRecord | undefined>;
  eventBodies(ids: readonly string[]): Promise<Map<string, string>>;
  /** For each run that is stored, the id of its run.created event. */
  runCreators(streamIds: readonly string[]): Promise<Map<string, string>>;
  /** Which of these sequence numbers of a device already name a stored event, and which. */
  seqsTaken(device: string, seqs: readonly number[]): Promise<Map<number, string>>;
  sopBodies(keys: readonly { id: string; version: number }[]): Promise<Map<string, string>>;
  insertSop(sop: { id: string; version: number; body: string; source: string; now: number }): Promise<void>;
  insertEvents(rows: readonly NewEventRow[], receivedAt: number): Promise<void>;
  /** After inserting a device's events: its stream count and newest sequence number. */
  noteStream(device: string, added: number): Promise<void>;
  recordRefusals(rows: readonly RefusalRow[], now: number): Promise<void>;
  saveBatch(batchId: string, record: BatchRecord, now: number): Promise<void>;
  /** Tablets' audit entries, chained into the audit trail in the same transaction as their events. */
  appendAudit(entries: readonly NewAuditEntry[]): Promise<void>;
};

export type SyncStore = BaseStore &
  ProjectionStore &
  CurrentSopStore &
  RetentionStore &
  TotpStore &
  QualityStore &
  IntegrationStore &
  SiteSettingsStore &
  SopDraftStore;
type BaseStore = {
  readonly kind: 'sqlite' | 'postgres';
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;

  addEnrollmentCode(code: { codeHash: string; label: string; createdAt: number; expiresAt: number }): Promise<void>;
  /** Release 0.1's bearer tokens: only looked up to tell such a tablet to enrol again. */
  deviceByTokenHash(tokenHash: string): Promise<Device | undefined>;
  /** Enrols a device by its public key with a single-use code (device-keys.queries.ts). */
  enrollWithKey(e: KeyEnrolment): Promise<KeyEnrolmentResult>;
  devicePublicKey(deviceId: string): Promise<{ publicKey: string; revoked: boolean } | undefined>;
  addChallenge(c: { challengeHash: string; deviceId: string; expiresAt: number; now: number }): Promise<void>;
  takeChallenge(challengeHash: string, deviceId: string, now: number): Promise<boolean>;
  addDeviceSession(s: { tokenHash: string; deviceId: string; createdAt: number; expiresAt: number }): Promise<void>;
  /** The active device a live session belongs to. */
  deviceBySession(tokenHash: string, now: number): Promise<Device | undefined>;
  /** Each user's credential version (raised when their wrapped keys must go) and whether active. */
  credentialVersions(userIds: readonly string[]): Promise<Map<string, { version: number; active: boolean }>>;
  /** The device's escrowed data key (created if a device enrolled before keys existed). */
  deviceDek(deviceId: string): Promise<Buffer | undefined>;
  /** Final: ends the device's sessions and every user token issued on it, and erases its data key. */
  revokeDevice(deviceId: string, now: number): Promise<boolean>;
  listDevices(): Promise<Device[]>;
  activeEnrollmentCodes(now: number): Promise<number>;

  /** Events after a sequence number, oldest first. `lastSeq` is how far the scan got. */
  eventsAfter(
    after: number,
    limit: number,
    excludeDevice?: string,
  ): Promise<{ rows: StoredEventRow[]; lastSeq: number; lastId: string | null; more: boolean }>;
  sopsAfter(after: number): Promise<{ seq: number; body: string }[]>;
  eventCount(): Promise<number>;
  /** This server and its epoch (made on first use). */
  serverIdentity(now: number): Promise<ServerIdentity>;
  /** Starts a new epoch (after a restore), unless the epoch is no longer `from` (someone else did). */
  newEpoch(now: number, from?: string): Promise<ServerIdentity>;
  eventIdAt(seq: number): Promise<string | undefined>;
  deviceStreams(): Promise<DeviceStream[]>;
  /** How many of a device's events with deviceSeq ≤ `through` are stored. */
  ownEventCount(device: string, through: number): Promise<number>;
  sequenceGaps(): Promise<SequenceGap[]>;

  userCount(): Promise<number>;
  /** Creates a user; `onlyIfFirst` makes it fail (atomically) when any user exists. */
  createUser(u: NewUser, opts?: { onlyIfFirst?: boolean }): Promise<User | 'usernameTaken' | 'notFirst'>;
  userById(id: string): Promise<UserRecord | undefined>;
  /** Case-insensitive (by `usernameKey`). */
  userByUsername(username: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<User[]>;
  /** Applies a change; a role change or deactivation revokes the user's tokens in the same transaction. */
  updateUser(id: string, patch: UserPatch, now: number): Promise<User | undefined>;
  /** Sets a new secret hash, clears failures and revokes the user's tokens except `keepTokenHash`. */
  setUserSecret(id: string, secretHash: string, now: number, keepTokenHash?: string): Promise<boolean>;
  /** This user's wrong tries on this tablet (the lock-out is per user and tablet). */
  loginAttempts(userId: string, deviceId: string): Promise<AttemptState>;
  /**
   * Counts a login attempt on this tablet as failed before the secret is checked, only if its failure
   * count is still `expectedFailures` (so parallel attempts cannot all slip through one free try).
   */
  claimLoginAttempt(userId: string, deviceId: string, expectedFailures: number, now: number): Promise<boolean>;
  /** After a right secret (that tablet), or an admin's release (every tablet: no `deviceId`). */
  clearLoginFailures(userId: string, deviceId?: string): Promise<boolean>;

  addUserToken(t: UserToken): Promise<void>;
  userToken(tokenHash: string): Promise<UserToken | undefined>;
  revokeUserToken(tokenHash: string): Promise<void>;

  /** Append-only and chained: there is no method to change or delete an entry, and the database refuses it too. */
  appendAudit(e: NewAuditEntry): Promise<void>;
  /** Server and tablet entries, newest first. */
  auditEntries(q: AuditQuery): Promise<AuditRecord[]>;
  /** Recomputes the whole audit chain: names every entry changed, forged, moved or deleted. */
  verifyAudit(): Promise<AuditVerification>;
  /**
   * Publishes a card version for new runs: stores it unless it is built in or already stored with
   * this very content (then 'conflict' and nothing changes), records who published it, and makes it current.
   */
  publishSop(p: {
    id: string;
    version: number;
    body: string;
    builtIn: boolean;
    userId: string;
    now: number;
  }): Promise<'published' | 'conflict'>;
  /** Every publication (each time a version was made current, by whom), oldest first. */
  sopPublications(): Promise<SopPublication[]>;
  /** Where each stored version came from: "published", or "device:<id>" for a card a tablet pushed with its runs. */
  sopSources(): Promise<{ id: string; version: number; source: string }[]>;
  /**
   * Key rotation: re-wraps every data key under `ring`'s current key-encryption key, adds a fresh data
   * key for new rows, and says which old key-encryption keys the database no longer needs.
   */
  rewrapDataKeys(ring: Keyring, now: number): Promise<{ rewrapped: number; released: string[] }>;
  close(): Promise<void>;
};

export type SopPublication = {
  readonly id: string;
  readonly version: number;
  readonly publishedBy: string;
  readonly publishedAt: number;
};

export type User = {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly active: boolean;
  /** Wrong tries on the tablet where this user has the most (and when the last of those was). */
  readonly failures: number;
  readonly lastFailureAt: number;
  readonly createdAt: number;
  readonly updatedAt: number;
};
/** Only the store and the login code ever see the hash. */
export type UserRecord = User & { readonly secretHash: string };
export type NewUser = {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly secretHash: string;
  readonly now: number;
};
export type UserPatch = { readonly displayName?: string; readonly role?: Role; readonly active?: boolean };
export type UserToken = {
  readonly tokenHash: string;
  readonly userId: string;
  readonly deviceId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
};

export type NewAuditEntry = {
  readonly id: string;
  /** The server's clock when it recorded the entry. */
  readonly at: number;
  /** The signed-in user of the session that did it (or delivered a tablet's entry), never a payload's word. */
  readonly userId?: string | null;
  /** The authenticated device. */
  readonly deviceId?: string | null;
  readonly action: AuditAction;
  readonly subject?: string | null;
  readonly detail?: string | null;
  readonly source?: 'server' | 'tablet';
  /** A tablet's own word on who and when: shown as its claim, never as the attribution. */
  readonly claimedUser?: string | null;
  readonly claimedAt?: number | null;
};
export type AuditRecord = {
  readonly id: string;
  readonly at: number;
  readonly userId: string | null;
  readonly deviceId: string | null;
  readonly action: AuditAction;
  readonly subject: string | null;
  readonly detail: string | null;
  readonly source: 'server' | 'tablet';
  readonly claimedUser: string | null;
  readonly claimedAt: number | null;
};
export type AuditQuery = {
  readonly userId?: string;
  readonly action?: AuditAction;
  readonly from: number;
  readonly to: number;
  readonly limit: number;
  readonly offset: number;
};
/** `from` inclusive, `to` exclusive, epoch ms. */
export type TimeRange = { readonly from: number; readonly to: number };

/** Usernames are unique ignoring case (and Unicode compatibility forms). */
export const usernameKey = (username: string) => username.normalize('NFKC').toLowerCase();
export const newDek = () => randomBytes(32);

/** A user without the secret hash, field by field (a spread could carry new fields along). */
export const withoutSecret = (u: User): User => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  active: u.active,
  failures: u.failures,
  lastFailureAt: u.lastFailureAt,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});

export const sopKey = (id: string, version: number) => `${id}@${version}`;
