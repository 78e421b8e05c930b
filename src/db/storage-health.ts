// Persistent storage and quota: browsers may evict a site's data under pressure unless storage is
// persistent, so we ask, and warn the technologist when we could not get it or space runs low.
export type StorageHealth = {
  readonly persisted: boolean | 'unsupported';
  readonly usageBytes?: number;
  readonly quotaBytes?: number;
};

export async function requestPersistentStorage(
  storage: StorageManager | undefined = globalThis.navigator?.storage,
): Promise<StorageHealth> {
  if (!storage?.persist) return { persisted: 'unsupported' };
  let persisted = await storage.persisted();
  if (!persisted) persisted = await storage.persist().catch(() => false);
  const est = await storage.estimate?.().catch(() => undefined);
  return { persisted, usageBytes: est?.usage, quotaBytes: est?.quota };
}

/** Low space: under 10% or under 50 MB left. */
export function isLowOnSpace(h: StorageHealth): boolean {
  if (h.usageBytes === undefined || !h.quotaBytes) return false;
  const left = h.quotaBytes - h.usageBytes;
  return left < 50 * 1024 * 1024 || left / h.quotaBytes < 0.1;
}
