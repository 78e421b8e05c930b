// Calls to the department server's sign-in routes. The device token (from enrolment) goes in
// Authorization; a user token, when a route needs one, in X-User-Token.
import type { Role } from '../domain/auth/roles';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../domain/sync/protocol.version';

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
};

export class AuthApiError extends Error {
  override name = 'AuthApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
    readonly lockedUntil?: number,
  ) {
    super(message);
  }
}

export class OfflineError extends Error {
  override name = 'OfflineError';
}

export function authApi(
  baseUrl: string,
  deviceToken: () => Promise<string | undefined>,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
) {
  async function call<T>(method: string, path: string, body?: unknown, userToken?: string): Promise<T> {
    const token = await deviceToken();
    if (!token) throw new AuthApiError(401, 'this tablet is not connected to the department server');
    let res: Response;
    try {
      res = await fetchImpl(baseUrl + path, {
        method,
        headers: {
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          authorization: `Bearer ${token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...(userToken && { 'x-user-token': userToken }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (e) {
      throw new OfflineError(e instanceof Error ? e.message : String(e));
    }
    const json = (await res.json().catch(() => ({}))) as {
      error?: string;
      retryAfterMs?: number;
      lockedUntil?: number;
    };
    if (!res.ok)
      throw new AuthApiError(res.status, json.error ?? `refused (${res.status})`, json.retryAfterMs, json.lockedUntil);
    return json as T;
  }
  return {
    login: (username: string, secret: string) => call<LoginResponse>('POST', '/api/auth/login', { username, secret }),
    firstAdmin: (username: string, displayName: string, secret: string) =>
      call<LoginResponse>('POST', '/api/setup/first-admin', { username, displayName, secret }),
    logout: (userToken: string) => call<unknown>('POST', '/api/auth/logout', {}, userToken),
    directory: () => call<{ users: (SignedInUser & { active: boolean })[] }>('GET', '/api/directory'),
    config: () => call<{ idleLockMs: number }>('GET', '/api/config'),
    get: <T>(path: string, userToken: string) => call<T>('GET', path, undefined, userToken),
  };
}
export type AuthApi = ReturnType<typeof authApi>;
