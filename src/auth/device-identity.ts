// The tablet side of device identity: enrolment (the server assigns the id to this tablet's key),
// and a device session opened by signing a server challenge, kept in memory only and renewed
// before it ends. The one seam for every request: `authorizedFetch` adds the session (and, for
// sync, the signed-in user's token) and proves the key again once when the server says it must.
import { deviceIdentity, enrolmentKeys, legacyToken, saveEnrolledIdentity } from '../db/device-identity.repo';
import type { ScanCardDb } from '../db/db';
import type {
  ChallengeResponse,
  DeviceSessionResponse,
  EnrollRequest,
  EnrollResponse,
} from '../domain/sync/device-auth.schema';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type ProtocolRefusal } from '../domain/sync/protocol.version';
import { NotEnrolledError } from '../sync/not-enrolled';
import { ProtocolMismatchError, ReenrolNeededError, RejectedSyncError } from '../sync/transport';
import { generateDeviceKey, publicJwk, signChallenge } from './device-key';

/** The server refused to enrol this tablet or open its session: its message says what to do. */
export class DeviceAuthError extends RejectedSyncError {
  override name = 'DeviceAuthError';
  constructor(
    status: number,
    message: string,
    readonly code?: string,
  ) {
    super(status, message);
  }
}

export type DeviceIdentityOptions = {
  db: ScanCardDb;
  baseUrl: string;
  now: () => number;
  fetchImpl?: typeof fetch;
};

/** Renew this long before the server's expiry, so a request never carries a session about to die. */
const RENEW_BEFORE_MS = 60_000;

export function createDeviceIdentity(o: DeviceIdentityOptions) {
  const fetchImpl = o.fetchImpl ?? ((...a) => fetch(...a));
  let session: { token: string; expiresAt: number } | undefined;
  let opening: Promise<string> | undefined;

  async function post<T>(path: string, body: unknown): Promise<T> {
    const res = await fetchImpl(o.baseUrl + path, {
      method: 'POST',
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as { error?: string; code?: string };
    if (res.status === 426) throw new ProtocolMismatchError(json as ProtocolRefusal);
    if (!res.ok) throw new DeviceAuthError(res.status, json.error ?? `refused (${res.status})`, json.code);
    return json as T;
  }

  async function open(): Promise<string> {
    const identity = await deviceIdentity(o.db);
    if (!identity?.deviceId) throw (await legacyToken(o.db)) ? new ReenrolNeededError() : new NotEnrolledError();
    const { deviceId } = identity;
    const { challenge } = await post<ChallengeResponse>('/api/devices/challenge', { deviceId });
    const signature = await signChallenge(identity.keys, deviceId, challenge);
    const s = await post<DeviceSessionResponse>('/api/devices/session', { deviceId, challenge, signature });
    // The two clocks may differ: count the lifetime the server granted on this tablet's clock.
    session = { token: s.token, expiresAt: o.now() + s.ttlMs };
    return s.token;
  }

  return {
    /** Whether the server has accepted this tablet's key (or it holds a release-0.1 token to re-enrol). */
    async state(): Promise<'enrolled' | 'legacy' | 'none'> {
      if ((await deviceIdentity(o.db))?.deviceId) return 'enrolled';
      return (await legacyToken(o.db)) ? 'legacy' : 'none';
    },
    /** Enrols with a one-time code; safe to retry with the same code (same key, same answer). */
    async enrol(code: string, label: string): Promise<string> {
      const keys = await enrolmentKeys(o.db, generateDeviceKey);
      const replaces = await legacyToken(o.db);
      const request: EnrollRequest = {
        code: code.trim(),
        publicKey: await publicJwk(keys),
        label: label.trim(),
        ...(replaces && { replaces }),
      };
      const { deviceId } = await post<EnrollResponse>('/api/devices/enroll', request);
      await saveEnrolledIdentity(o.db, deviceId, label.trim(), o.now());
      session = undefined;
      return deviceId;
    },
    /** A live device session token (memory only), proving the key when there is none or it is ending. */
    async sessionToken(): Promise<string> {
      if (session && session.expiresAt - RENEW_BEFORE_MS > o.now()) return session.token;
      opening ??= open().finally(() => (opening = undefined));
      return opening;
    },
    /** The server refused the session (expired early, server restored): the next request proves the key again. */
    forget() {
      session = undefined;
    },
  };
}
export type DeviceIdentityClient = ReturnType<typeof createDeviceIdentity>;

/**
 * fetch with this tablet's credentials: the device session always, the user's token when one is
 * given and signed in. A 401 that names the device session is retried once with a fresh proof.
 */
export function authorizedFetch(
  identity: DeviceIdentityClient,
  userToken: () => string | undefined = () => undefined,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): typeof fetch {
  const attempt = async (input: RequestInfo | URL, init: RequestInit | undefined) => {
    const user = userToken();
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${await identity.sessionToken()}`);
    if (user && !headers.has('x-user-token')) headers.set('x-user-token', user);
    return fetchImpl(input, { ...init, headers });
  };
  return async (input, init) => {
    const res = await attempt(input, init);
    if (res.status !== 401) return res;
    const body = (await res
      .clone()
      .json()
      .catch(() => ({}))) as { code?: string };
    if (body.code !== 'device-session') return res;
    identity.forget();
    return attempt(input, init);
  };
}
