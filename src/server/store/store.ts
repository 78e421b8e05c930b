// What the sync server keeps, behind one interface with two implementations: embedded SQLite (the
// default, a single file) and PostgreSQL (DATABASE_URL). The push logic runs on the Tx interface
// so both behave identically; the contract tests run against both.
export type Device = {
  readonly id: string;
  readonly label: string;
  readonly enrolledAt: number;
  readonly revokedAt: number | null;
};

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

/** Reads and writes inside one transaction; pushes are serialised so sequence numbers commit in order. */
export type Tx = {
  batch(batchId: string): Promise<BatchRecord | undefined>;
  eventBodies(ids: readonly string[]): Promise<Map<string, string>>;
  runsCreated(streamIds: readonly string[]): Promise<Set<string>>;
  sopBodies(keys: readonly { id: string; version: number }[]): Promise<Map<string, string>>;
  insertSop(sop: { id: string; version: number; body: string; source: string; now: number }): Promise<void>;
  insertEvents(rows: readonly NewEventRow[], receivedAt: number): Promise<void>;
  saveBatch(batchId: string, record: BatchRecord, now: number): Promise<void>;
};

export type SyncStore = {
  readonly kind: 'sqlite' | 'postgres';
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;

  addEnrollmentCode(code: { codeHash: string; label: string; createdAt: number; expiresAt: number }): Promise<void>;
  /** Consumes a valid code and (re-)enrols the device with a new token hash, atomically. */
  enrollDevice(e: { codeHash: string; deviceId: string; label: string; tokenHash: string; now: number }): Promise<boolean>;
  deviceByTokenHash(tokenHash: string): Promise<Device | undefined>;
  revokeDevice(deviceId: string, now: number): Promise<boolean>;
  listDevices(): Promise<Device[]>;
  activeEnrollmentCodes(now: number): Promise<number>;

  /** Events after a sequence number, oldest first. `lastSeq` is how far the scan got. */
  eventsAfter(after: number, limit: number, excludeDevice?: string): Promise<{ rows: StoredEventRow[]; lastSeq: number; more: boolean }>;
  sopsAfter(after: number): Promise<{ seq: number; body: string }[]>;
  eventCount(): Promise<number>;
  close(): Promise<void>;
};

/** A used enrolment code still works for the same device this long (a lost reply must not strand it). */
export const ENROLL_RETRY_MS = 10 * 60_000;

export const sopKey = (id: string, version: number) => `${id}@${version}`;
