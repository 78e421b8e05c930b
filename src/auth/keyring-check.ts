// At every sync round, signed in or not, the tablet asks the server which of the users it holds a
// wrapped key for are still good. A PIN reset, deactivation or role change raised that user's
// credential version: the entry is deleted, so the old PIN opens nothing here, online or offline.
import { applyKeyringCheck, keyringVersions } from '../db/keyring-check.repo';
import type { ScanCardDb } from '../db/db';
import type { KeyringCheckResponse } from '../domain/sync/device-auth.schema';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../domain/sync/protocol.version';
import { RejectedSyncError, TransientSyncError } from '../sync/transport';

/** Returns the ids of the users whose keys were removed. `fetchImpl` adds the device session. */
export async function checkKeyring(
  db: ScanCardDb,
  baseUrl: string,
  fetchImpl: typeof fetch,
  now: () => number,
): Promise<string[]> {
  const users = await keyringVersions(db);
  let res: Response;
  try {
    res = await fetchImpl(`${baseUrl}/api/devices/keyring`, {
      method: 'POST',
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' },
      body: JSON.stringify({ users }),
    });
  } catch (e) {
    if (e instanceof RejectedSyncError) throw e;
    throw new TransientSyncError(`server unreachable: ${e instanceof Error ? e.message : String(e)}`);
  }
  const body = (await res.json().catch(() => ({}))) as Partial<KeyringCheckResponse> & { error?: string };
  if (!res.ok || !Array.isArray(body.valid) || typeof body.maxOfflineMs !== 'number') {
    if (res.status >= 500 || res.status === 429)
      throw new TransientSyncError(body.error ?? `server error ${res.status}`);
    throw new RejectedSyncError(res.status, body.error ?? `keyring check refused (${res.status})`);
  }
  return applyKeyringCheck(db, users, body.valid, now(), body.maxOfflineMs);
}
