// The server's tables as the queries see them (Kysely types; columns are snake_case in the database,
// camelCase here through CamelCasePlugin). Both dialects hand back numbers for every integer
// column; booleans come back as 0/1 from SQLite and true/false from PostgreSQL, hence `active`.
// A migration that adds a table can type it in its own queries with `db.withTables<…>()`.
import type { Generated } from 'kysely';

export type Database = {
  devices: {
    id: string;
    label: string;
    tokenHash: string | null;
    enrolledAt: number;
    revokedAt: number | null;
    /** The tablet's data key, sealed (sealing.ts); 32 clear bytes only in a database not yet opened by this release. */
    dek: Buffer | null;
    /** The tablet's ECDSA P-256 public key (JWK: kty, crv, x, y) and its RFC 7638 thumbprint. */
    publicKey: string | null;
    keyId: string | null;
  };
  enrollmentCodes: {
    codeHash: string;
    label: string;
    createdAt: number;
    expiresAt: number;
    usedAt: number | null;
    usedBy: string | null;
    /** Thumbprint of the key that used the code: the same key asking again gets the same answer. */
    usedKey: string | null;
  };
  deviceChallenges: { challengeHash: string; deviceId: string; expiresAt: number };
  deviceSessions: { tokenHash: string; deviceId: string; createdAt: number; expiresAt: number };
  events: {
    seq: Generated<number>;
    id: string;
    streamId: string;
    type: string;
    device: string;
    deviceSeq: number;
    hlc: string;
    at: number;
    receivedAt: number;
    /** The event exactly as validated, canonical JSON; sealed when its type holds patient data. */
    body: string;
  };
  batches: { batchId: string; device: string; hash: string; response: string; receivedAt: number };
  sops: { seq: Generated<number>; id: string; version: number; body: string; source: string; addedAt: number };
  users: {
    id: string;
    username: string;
    usernameKey: string;
    displayName: string;
    role: string;
    secretHash: string;
    /** Written as 1/0 (PostgreSQL reads '1'/'0' as boolean input), read back as number or boolean. */
    active: number | boolean;
    failures: number;
    lastFailureAt: number;
    createdAt: number;
    updatedAt: number;
    /** Raised by a secret change, deactivation or role change: tablets drop older wrapped keys. */
    credentialVersion: Generated<number>;
  };
  userTokens: { tokenHash: string; userId: string; deviceId: string; createdAt: number; expiresAt: number };
  /** Wrong tries of one user on one tablet (a right one deletes the row). */
  loginFailures: { userId: string; deviceId: string; failures: number; lastFailureAt: number };
  /** Release 0.1's audit table: copied into audit_log (chained) and dropped when this release first opens it. */
  audit: {
    seq: Generated<number>;
    id: string;
    at: number;
    userId: string | null;
    deviceId: string | null;
    action: string;
    subject: string | null;
    detail: string | null;
  };
  migrations: { name: string; appliedAt: number };
  /** Each publication of a card version for new runs, by a user allowed to (sops.edit). */
  sopPublications: { seq: Generated<number>; sopId: string; version: number; publishedBy: string; publishedAt: number };
  /** Keys wrapped (AES-GCM) by the key-encryption key `kekId`, which is never stored here. */
  dataKeys: { id: string; purpose: 'seal' | 'audit' | 'blind'; kekId: string; wrapped: Buffer; createdAt: number };
  /** Server and tablet audit entries, append-only; `mac` chains each entry to the one before (audit-chain.ts). */
  auditLog: {
    seq: number;
    id: string;
    /** When the server recorded it (its own clock). */
    at: number;
    source: 'server' | 'tablet';
    /** Who the server knows did it (the signed-in session), never a payload's word. */
    userId: string | null;
    deviceId: string | null;
    action: string;
    subject: string | null;
    detail: string | null;
    /** Tablet entries: the user and time the tablet said, kept as its claim. */
    claimedUser: string | null;
    claimedAt: number | null;
    mac: string;
  };
};
