// Calls to the department server's sign-in routes. The fetch it is given adds the device session
// (authorizedFetch); a user token, when a route needs one, goes in X-User-Token.
import type { Role } from '../domain/auth/roles';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../domain/sync/protocol.version';
import { NotEnrolledError } from '../sync/not-enrolled';
import { RejectedSyncError } from '../sync/transport';

export type SignedInUser = {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
};
export type LoginResponse = {
  readonly token: string;
  readonly expiresAt: number;
  readonly user: SignedInUser;
  readonly dek: string;
  /** Tablets keep it with the wrapped key; the server raises it when the key must go. */
  readonly credentialVersion: number;
};

export class AuthApiError extends Error {
  override name = 'AuthApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
    readonly lockedUntil?: number,
    /** The server's reason code, e.g. "totp": the account needs a one-time code as well. */
    readonly code?: string,
    /** What was wrong with the request, field by field ("timerMinutes.warmupCt: must be …"). */
    readonly details?: readonly string[],
  ) {
    super(message);
  }
}

export class OfflineError extends Error {
  override name = 'OfflineError';
}

export function authApi(baseUrl: string, fetchImpl: typeof fetch) {
  async function call<T>(method: string, path: string, body?: unknown, userToken?: string): Promise<T> {
    let res: Response;
    try {
      res = await fetchImpl(baseUrl + path, {
        method,
        headers: {
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...(userToken && { 'x-user-token': userToken }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (e) {
      if (e instanceof RejectedSyncError) throw new AuthApiError(e.status, e.message); // device not enrolled or refused
      if (e instanceof NotEnrolledError) throw new AuthApiError(401, e.message);
      throw new OfflineError(e instanceof Error ? e.message : String(e));
    }
    const json = (await res.json().catch(() => ({}))) as {
      error?: string;
      retryAfterMs?: number;
      lockedUntil?: number;
      code?: string;
      details?: string[];
    };
    if (!res.ok)
      throw new AuthApiError(
        res.status,
        json.error ?? `refused (${res.status})`,
        json.retryAfterMs,
        json.lockedUntil,
        json.code,
        json.details,
      );
    return json as T;
  }
  return {
    /** `code`: an administrator's one-time code, once the server asked for it. */
    login: (username: string, secret: string, code?: string) =>
      call<LoginResponse>('POST', '/api/auth/login', { username, secret, ...(code !== undefined && { code }) }),
    firstAdmin: (username: string, displayName: string, secret: string) =>
      call<LoginResponse>('POST', '/api/setup/first-admin', { username, displayName, secret }),
    logout: (userToken: string) => call<unknown>('POST', '/api/auth/logout', {}, userToken),
    directory: (userToken: string) =>
      call<{ users: (SignedInUser & { active: boolean })[] }>('GET', '/api/directory', undefined, userToken),
    config: () =>
      call<{
        idleLockMs: number;
        maxOfflineMs: number;
        setupOpen: boolean;
        timerRules?: unknown;
        timeZone?: unknown;
        blockUnsignedCards?: unknown;
      }>('GET', '/api/config'),
    get: <T>(path: string, userToken: string) => call<T>('GET', path, undefined, userToken),
    /** A change on an online-only admin route (users, tablets, site settings), as this user. */
    send: <T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown, userToken: string) =>
      call<T>(method, path, body, userToken),
  };
}
export type AuthApi = ReturnType<typeof authApi>;
