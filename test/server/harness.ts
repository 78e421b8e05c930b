// A server on one of the test stores, driven with inject() and a clock the test moves. Users and
// tokens can be made straight in the store (fast) or through the API (what is under test).
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { buildServer, type ServerOptions } from '../../src/server/app';
import { signChallenge } from '../../src/auth/device-key';
import { newToken } from '../../src/server/auth';
import { enrolInStore, openDeviceSession } from '../setup/enrol-device';
import type { Role } from '../../src/domain/auth/roles';
import type { SyncStore, User } from '../../src/server/store/store';
import { hashSecret, hashUserToken, USER_TOKEN_TTL_MS } from '../../src/server/user-auth';
import type { StoreFactory } from './stores';

export type UUID = ReturnType<typeof randomUUID>;
export const ADMIN_TOKEN = 'bootstrap-admin-token-for-tests';
export const PIN = '482913';
export const START = Date.UTC(2026, 10, 23, 10);

const hashes = new Map<string, Promise<string>>();
/** scrypt is slow on purpose: hash each test secret once per process. */
export function hashOnce(secret: string): Promise<string> {
  let h = hashes.get(secret);
  if (!h) hashes.set(secret, (h = hashSecret(secret)));
  return h;
}

export type Reply = { status: number; json: Record<string, unknown>; headers: Record<string, unknown>; body: string };
/** `from`: the caller's address (rate limits count per address). */
export type Who = { device?: string; user?: string; bearer?: string; from?: string };

export async function openHarness(
  factory: StoreFactory,
  options: Partial<ServerOptions> & { logStream?: Writable } = {},
) {
  const { store, dispose } = await factory.open();
  let clock = START;
  const app = await buildServer({ store, now: () => clock, adminToken: ADMIN_TOKEN, ...options });

  async function call(method: string, url: string, who: Who = {}, body?: unknown): Promise<Reply> {
    const bearer = who.bearer ?? who.device;
    const res = await app.inject({
      method: method as 'GET',
      url,
      ...(who.from && { remoteAddress: who.from }),
      headers: {
        ...(bearer && { authorization: `Bearer ${bearer}` }),
        ...(who.user && { 'x-user-token': who.user }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    });
    let json: Record<string, unknown> = {};
    try {
      json = res.json();
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, json, headers: res.headers, body: res.body };
  }

  /** A tablet with a fresh device key, enrolled in the store; `token` is its device session (the bearer). */
  // Tests move the clock by hours: their device sessions last 30 days (expiry has its own test).
  const enrol = (label?: string) => enrolInStore(store, clock, label, 30 * 24 * 3600_000);
  const sessionFor = (deviceId: string, ttlMs?: number) => openDeviceSession(store, deviceId, clock, ttlMs);

  /** The real proof: challenge, signature, session, through the routes. */
  async function proveKey(deviceId: string, keys: CryptoKeyPair): Promise<Reply> {
    const c = await call('POST', '/api/devices/challenge', {}, { deviceId });
    if (c.status !== 200) return c;
    const challenge = c.json.challenge as string;
    return call(
      'POST',
      '/api/devices/session',
      {},
      { deviceId, challenge, signature: await signChallenge(keys, deviceId, challenge) },
    );
  }

  async function addUser(role: Role, secret = PIN, username = `${role}-${randomUUID().slice(0, 8)}`): Promise<User> {
    const u = await store.createUser({
      id: randomUUID(),
      username,
      displayName: `Test ${role}`,
      role,
      secretHash: await hashOnce(secret),
      now: clock,
    });
    if (typeof u === 'string') throw new Error(u);
    return u;
  }

  /** A user token as login would issue it, without the scrypt cost. */
  async function tokenFor(user: User, deviceId: string, ttlMs = USER_TOKEN_TTL_MS): Promise<string> {
    const token = newToken();
    await store.addUserToken({
      tokenHash: hashUserToken(token),
      userId: user.id,
      deviceId,
      createdAt: clock,
      expiresAt: clock + ttlMs,
    });
    return token;
  }

  return {
    store: store as SyncStore,
    app,
    call,
    enrol,
    sessionFor,
    proveKey,
    addUser,
    tokenFor,
    now: () => clock,
    advance: (ms: number) => void (clock += ms),
    async close() {
      await app.close();
      await dispose();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof openHarness>>;
