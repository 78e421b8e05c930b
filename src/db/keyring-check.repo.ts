// What the server last said about this tablet's keyring: entries of users whose PIN was reset, who
// were deactivated or changed role are deleted (their old PIN opens nothing here any more), the rest
// are marked confirmed; and the site's limit on offline sign-in without such a confirmation.
import type { KeyringEntry, ScanCardDb } from './db';

export const DEFAULT_MAX_OFFLINE_MS = 12 * 3600_000;
const LIMIT_KEY = 'offlineSignInLimit';

export async function keyringVersions(db: ScanCardDb): Promise<{ id: string; version: number }[]> {
  return (await db.keyring.toArray()).map((e) => ({ id: e.userId, version: e.version ?? 0 }));
}

/**
 * Deletes the entries the server did not call valid and marks the others confirmed; an entry that
 * changed since it was asked about (someone signed in meanwhile) is left alone. Returns removed ids.
 */
export async function applyKeyringCheck(
  db: ScanCardDb,
  asked: readonly { id: string; version: number }[],
  valid: readonly string[],
  now: number,
  maxOfflineMs: number,
): Promise<string[]> {
  const good = new Set(valid);
  return db.transaction('rw', db.keyring, db.meta, async () => {
    const removed: string[] = [];
    for (const a of asked) {
      const entry = await db.keyring.get(a.id);
      if (!entry || (entry.version ?? 0) !== a.version) continue;
      if (good.has(a.id)) await db.keyring.put({ ...entry, confirmedAt: now });
      else {
        await db.keyring.delete(a.id);
        removed.push(a.id);
      }
    }
    await db.meta.put({ key: LIMIT_KEY, value: maxOfflineMs });
    return removed;
  });
}

export async function offlineSignInLimit(db: ScanCardDb): Promise<number> {
  const row = await db.meta.get(LIMIT_KEY);
  const v = row && 'value' in row ? row.value : undefined;
  return typeof v === 'number' && v > 0 ? v : DEFAULT_MAX_OFFLINE_MS;
}

/** True when this entry may no longer open offline: not confirmed for too long, or the clock went back. */
export function needsContact(entry: KeyringEntry, now: number, maxOfflineMs: number): boolean {
  const at = entry.confirmedAt ?? entry.addedAt;
  return now - at > maxOfflineMs || now < at - 5 * 60_000;
}
