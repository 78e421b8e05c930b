// The tablet's data key, wrapped once per user who signed in here, and the sign-in attempt counters
// (kept in IndexedDB so a reload does not reset a brute-force back-off). What the server says about
// each entry (still valid, when last confirmed) is in keyring-check.repo.ts.
import type { AttemptState } from '../domain/auth/roles';
import type { WrappedKey } from './crypto/keys';
import type { DirectoryUser, KeyringEntry, ScanCardDb } from './db';

export function keyringEntry(db: ScanCardDb, userId: string): Promise<KeyringEntry | undefined> {
  return db.keyring.get(userId);
}

export async function saveKeyringEntry(
  db: ScanCardDb,
  userId: string,
  wrapped: WrappedKey,
  now: number,
  version = 0,
): Promise<void> {
  await db.keyring.put({ ...wrapped, userId, addedAt: now, version, confirmedAt: now });
}

const attemptsKey = (userId: string) => `attempts:${userId}`;

export async function attempts(db: ScanCardDb, userId: string): Promise<AttemptState> {
  const row = await db.meta.get(attemptsKey(userId));
  return row && row.key === attemptsKey(userId) && 'value' in row
    ? (row.value as AttemptState)
    : { failures: 0, lastFailureAt: 0 };
}

export async function recordFailure(db: ScanCardDb, userId: string, now: number): Promise<AttemptState> {
  return db.transaction('rw', db.meta, async () => {
    const next = { failures: (await attempts(db, userId)).failures + 1, lastFailureAt: now };
    await db.meta.put({ key: attemptsKey(userId), value: next } as never);
    return next;
  });
}

export async function clearFailures(db: ScanCardDb, userId: string): Promise<void> {
  await db.meta.delete(attemptsKey(userId));
}

export function directoryUsers(db: ScanCardDb): Promise<DirectoryUser[]> {
  return db.directory.orderBy('username').toArray();
}

export async function replaceDirectory(db: ScanCardDb, users: readonly DirectoryUser[]): Promise<void> {
  await db.transaction('rw', db.directory, async () => {
    await db.directory.clear();
    await db.directory.bulkPut([...users]);
  });
}

/**
 * Who was signed in on this tablet, so a reload or a crash lands on that user's lock screen (PIN to
 * continue) instead of "choose user". Identity only: the data key is never stored in clear.
 */
export type ResumableSession = {
  readonly user: Omit<DirectoryUser, 'active'>;
  /** Last sign-in or unlock. */
  readonly at: number;
};

const SESSION_KEY = 'session';

export async function resumableSession(db: ScanCardDb): Promise<ResumableSession | undefined> {
  const row = await db.meta.get(SESSION_KEY);
  return row && 'value' in row ? (row.value as ResumableSession) : undefined;
}

export async function saveResumableSession(db: ScanCardDb, session: ResumableSession): Promise<void> {
  await db.meta.put({ key: SESSION_KEY, value: session });
}

export async function clearResumableSession(db: ScanCardDb): Promise<void> {
  await db.meta.delete(SESSION_KEY);
}
