// How a tablet talks to the department server. The engine only sees this interface, so tests can
// put a fault-injecting network between a tablet and a real server. Credentials are not its business:
// the fetch it is given adds them (authorizedFetch in src/auth/device-identity.ts).
import type { PullResponse, PushRequest, PushResponse } from '../domain/sync/protocol.schema';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type ProtocolRefusal } from '../domain/sync/protocol.version';

export type SyncTransport = {
  push(request: PushRequest): Promise<PushResponse>;
  /** Needs a signed-in user on this tablet: without one the server answers 401 (code "user"). */
  pull(cursor: { events: number; sops: number }, limit: number): Promise<PullResponse>;
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

/** Nobody with a live sign-in on this tablet: the server lets it push but not read (401, code "user"). */
export class SignInToReadError extends RejectedSyncError {
  override name = 'SignInToReadError';
}

/** Release 0.1 enrolled tablets with a bearer token; the server no longer accepts it. */
export class ReenrolNeededError extends RejectedSyncError {
  override name = 'ReenrolNeededError';
  constructor() {
    super(
      401,
      'this tablet must be enrolled again: the server no longer accepts its old kind of credential. An administrator enters a new enrolment code in Settings; nothing stored on the tablet is lost',
    );
  }
}

/** The server does not speak this tablet's protocol (426): one side must be updated. Nothing is sent meanwhile. */
export class ProtocolMismatchError extends RejectedSyncError {
  override name = 'ProtocolMismatchError';
  constructor(readonly refusal: ProtocolRefusal) {
    super(426, refusal.error);
  }
}

export function httpTransport(baseUrl: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): SyncTransport {
  async function call<T>(path: string, init: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await fetchImpl(baseUrl + path, {
        ...init,
        headers: {
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
      });
    } catch (e) {
      if (e instanceof RejectedSyncError) throw e; // proving the device key was refused
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
    const { error, details, code } = (body ?? {}) as { error?: string; details?: string[]; code?: string };
    if (res.status === 401 && code === 'user') throw new SignInToReadError(401, error ?? 'sign in to receive');
    if (res.status >= 500 || res.status === 429 || res.status === 408)
      throw new TransientSyncError(error ?? `server error ${res.status}`);
    throw new RejectedSyncError(res.status, error ?? `request refused (${res.status})`, details);
  }
  return {
    push: (request) => call('/api/sync/push', { method: 'POST', body: JSON.stringify(request) }),
    pull: (cursor, limit) =>
      call(`/api/sync/pull?after=${cursor.events}&sopsAfter=${cursor.sops}&limit=${limit}`, { method: 'GET' }),
  };
}
