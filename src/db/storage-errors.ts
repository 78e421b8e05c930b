// Turns storage failures into errors the UI can explain. A failed transaction stores nothing, so
// what was already saved stays intact; the caller keeps the user's input for a retry.
export class StorageFullError extends Error {
  override name = 'StorageFullError';
  constructor(cause: unknown) {
    super('The tablet’s storage is full: this change was not saved. Free space or sync, then try again.', { cause });
  }
}

export class CommandRejectedError extends Error {
  override name = 'CommandRejectedError';
}

/** By name, not type: Dexie wraps DOMExceptions, and a DOMException is not always an Error. */
export function isQuotaError(e: unknown): boolean {
  const name = (x: unknown) => (x && typeof x === 'object' && 'name' in x ? (x as { name: unknown }).name : undefined);
  return name(e) === 'QuotaExceededError' || name((e as { inner?: unknown } | null)?.inner) === 'QuotaExceededError';
}

export async function guardStorage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw isQuotaError(e) ? new StorageFullError(e) : e;
  }
}
