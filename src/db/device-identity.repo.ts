// This tablet's identity with the department server: the device key pair (a CryptoKeyPair stored
// as such: IndexedDB keeps the non-extractable private key usable but unreadable) and the id the
// server assigned at enrolment. No bearer secret is stored; a release-0.1 token in the sync meta is
// only read to re-enrol that tablet under its old id, then deleted.
import type { DeviceIdentity, DeviceMeta, ScanCardDb, SyncMeta } from './db';
import { deviceMeta } from './device.repo';
import { EMPTY_SYNC } from './sync-meta.repo';

export async function deviceIdentity(db: ScanCardDb): Promise<DeviceIdentity | undefined> {
  const row = await db.meta.get('identity');
  return row?.key === 'identity' ? (row as DeviceIdentity) : undefined;
}

/** The key pair to enrol with: made once and kept, so a retried enrolment sends the same key. */
export async function enrolmentKeys(db: ScanCardDb, generate: () => Promise<CryptoKeyPair>): Promise<CryptoKeyPair> {
  const existing = await deviceIdentity(db);
  if (existing) return existing.keys;
  const keys = await generate(); // Web Crypto outside the transaction (it would commit it early)
  return db.transaction('rw', db.meta, async () => {
    const again = await deviceIdentity(db);
    if (again) return again.keys;
    await db.meta.put({ key: 'identity', keys });
    return keys;
  });
}

/**
 * The server accepted the key: its id becomes the id this tablet stamps on its events, and the old
 * bearer token (if any) is forgotten, all in one transaction.
 */
export async function saveEnrolledIdentity(db: ScanCardDb, deviceId: string, label: string, now: number) {
  await deviceMeta(db); // make sure the counter row exists before the transaction
  await db.transaction('rw', db.meta, async () => {
    const identity = await deviceIdentity(db);
    if (!identity) throw new Error('no device key to enrol');
    await db.meta.put({ ...identity, deviceId, label, enrolledAt: now });
    const device = (await db.meta.get('device')) as DeviceMeta;
    await db.meta.put({ ...device, deviceId });
    const sync = (await db.meta.get('sync')) as SyncMeta | undefined;
    if (sync) await db.meta.put({ ...sync, token: undefined, label, lastError: undefined });
    else await db.meta.put({ ...EMPTY_SYNC, label });
  });
}

/** A release-0.1 tablet's bearer token, still stored until it re-enrols with a key. */
export async function legacyToken(db: ScanCardDb): Promise<string | undefined> {
  const row = (await db.meta.get('sync')) as SyncMeta | undefined;
  return row?.token;
}
