// How a tablet talks to the department server. The engine only sees this interface, so tests can
// put a fault-injecting network between a tablet and a real server. Credentials are not its business:
// the fetch it is given adds them (authorizedFetch in src/auth/device-identity.ts). Every request has
// a deadline (reply and body included: a half-open connection after Wi-Fi roaming never holds up the
// scheduler) and can be cancelled.
import type { PullQuery, PullResponse, PushRequest, PushResponse } from '../domain/sync/protocol.schema';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type ProtocolRefusal } from '../domain/sync/protocol.version';

export type PullRequest = Omit<PullQuery, 'limit'> & { readonly limit: number };

export type SyncTransport = {
  push(request: PushRequest, signal?: AbortSignal): Promise<PushResponse>;
  /** Needs a signed-in user on this tablet: without one the server answers 401 (code "user"). */
  pull(query: PullRequest, signal?: AbortSignal): Promise<PullResponse>;
};

/** A failure worth retrying later (network down, server busy or restarting, no answer in time). */
export class TransientSyncError extends Error {
  override name = 'TransientSyncError';
}

/** The round was cancelled (the app stopped sync): nothing failed. */
export class SyncCancelledError extends Error {
  override name = 'SyncCancelledError';
  constructor() {
    super('sync was cancelled');
  }
}

/** The server refused the request: retrying the same thing will not help. */
export class RejectedSyncError extends Error {
  override name = 'RejectedSyncError';
  constructor(
    readonly status: number,
    message: string,
    readonly details: readonly string[] = [],
    /** For a 413: the server's body limit, when it said. */
    readonly limitBytes?: number,
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

/** A push of 2 MiB over poor Wi-Fi takes seconds; a minute without an answer is a dead connection. */
export const REQUEST_TIMEOUT_MS = 45_000;

export function httpTransport(
  baseUrl: string,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
  { timeoutMs = REQUEST_TIMEOUT_MS }: { timeoutMs?: number } = {},
): SyncTransport {
  async function call<T>(path: string, init: RequestInit, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new SyncCancelledError();
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => ((timedOut = true), ctrl.abort()), timeoutMs);
    const cancel = () => ctrl.abort();
    signal?.addEventListener('abort', cancel);
    const failed = (what: string, e: unknown) => {
      if (signal?.aborted) return new SyncCancelledError();
      if (timedOut) return new TransientSyncError(`no answer from the server within ${Math.round(timeoutMs / 1000)} s`);
      return new TransientSyncError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    };
    try {
      let res: Response;
      try {
        res = await fetchImpl(baseUrl + path, {
          ...init,
          signal: ctrl.signal,
          headers: {
            [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
            ...(init.body ? { 'content-type': 'application/json' } : {}),
          },
        });
      } catch (e) {
        if (e instanceof RejectedSyncError) throw e; // proving the device key was refused
        throw failed('server unreachable', e);
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch (e) {
        if (signal?.aborted || timedOut) throw failed('reply cut off', e);
        // A refusal from something in between (a reverse proxy's 413 is HTML) is still a refusal, never a retry.
        if (res.ok || res.status >= 500 || res.status === 408 || res.status === 429)
          throw new TransientSyncError(`unreadable reply from the server (HTTP ${res.status})`);
        body = undefined;
      }
      if (res.ok) return body as T;
      if (res.status === 426) throw new ProtocolMismatchError(body as ProtocolRefusal);
      const { error, details, code, limitBytes } = (body ?? {}) as {
        error?: string;
        details?: string[];
        code?: string;
        limitBytes?: number;
      };
      if (res.status === 401 && code === 'user') throw new SignInToReadError(401, error ?? 'sign in to receive');
      if (res.status >= 500 || res.status === 429 || res.status === 408)
        throw new TransientSyncError(error ?? `server error ${res.status}`);
      throw new RejectedSyncError(res.status, error ?? `request refused (${res.status})`, details, limitBytes);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    }
  }
  return {
    push: (request, signal) => call('/api/sync/push', { method: 'POST', body: JSON.stringify(request) }, signal),
    pull: (query, signal) => call(`/api/sync/pull?${pullQueryString(query)}`, { method: 'GET' }, signal),
  };
}

/** The pull query in a URL: sequence numbers, an event id and the epoch — never a patient identifier. */
export function pullQueryString(q: PullRequest): string {
  const params = new URLSearchParams({
    after: String(q.after),
    sopsAfter: String(q.sopsAfter),
    limit: String(q.limit),
  });
  if (q.anchor) params.set('anchor', q.anchor);
  if (q.epoch) params.set('epoch', q.epoch);
  if (q.own !== undefined) params.set('own', String(q.own));
  return params.toString();
}
