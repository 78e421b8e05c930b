// How a tablet talks to the department server. The engine only sees this interface, so tests can
// put a fault-injecting network between a tablet and a real server.
import type { EnrollResponse, PullResponse, PushRequest, PushResponse } from '../domain/sync/protocol.schema';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type ProtocolRefusal } from '../domain/sync/protocol.version';

export type SyncTransport = {
  push(request: PushRequest, token: string): Promise<PushResponse>;
  pull(cursor: { events: number; sops: number }, limit: number, token: string): Promise<PullResponse>;
};

/** A failure worth retrying later (network down, server busy or restarting). */
export class TransientSyncError extends Error {
  override name = 'TransientSyncError';
}

/** The server refused the request: retrying the same thing will not help. */
export class RejectedSyncError extends Error {
  override name = 'RejectedSyncError';
  constructor(
    readonly status: number,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The server does not speak this tablet's protocol (426): one side must be updated. Nothing is sent meanwhile. */
export class ProtocolMismatchError extends RejectedSyncError {
  override name = 'ProtocolMismatchError';
  constructor(readonly refusal: ProtocolRefusal) {
    super(426, refusal.error);
  }
}

export function httpTransport(
  baseUrl: string,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): SyncTransport & {
  enroll(code: string, deviceId: string, label: string): Promise<EnrollResponse>;
} {
  async function call<T>(path: string, init: RequestInit, token?: string): Promise<T> {
    let res: Response;
    try {
      res = await fetchImpl(baseUrl + path, {
        ...init,
        headers: {
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      });
    } catch (e) {
      throw new TransientSyncError(`server unreachable: ${e instanceof Error ? e.message : String(e)}`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new TransientSyncError(`unreadable reply from the server (HTTP ${res.status})`);
    }
    if (res.ok) return body as T;
    if (res.status === 426) throw new ProtocolMismatchError(body as ProtocolRefusal);
    const { error, details } = (body ?? {}) as { error?: string; details?: string[] };
    if (res.status >= 500 || res.status === 429 || res.status === 408)
      throw new TransientSyncError(error ?? `server error ${res.status}`);
    throw new RejectedSyncError(res.status, error ?? `request refused (${res.status})`, details);
  }
  return {
    push: (request, token) => call('/api/sync/push', { method: 'POST', body: JSON.stringify(request) }, token),
    pull: (cursor, limit, token) =>
      call(`/api/sync/pull?after=${cursor.events}&sopsAfter=${cursor.sops}&limit=${limit}`, { method: 'GET' }, token),
    enroll: (code, deviceId, label) =>
      call('/api/devices/enroll', { method: 'POST', body: JSON.stringify({ code, deviceId, label }) }),
  };
}
