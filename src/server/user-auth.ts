// People on top of devices: PIN/password hashing (scrypt), short-lived user tokens bound to the
// tablet that signed in, the per-route role check, and the server's audit helper.
import { randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { can, type Permission } from '../domain/auth/roles';
import type { AuditAction } from '../domain/sync/protocol.schema';
import { bearer, requireDevice } from './auth';
import { sha256 } from './canonical-json';
import { HttpError } from './http-errors';
import { withoutSecret, type Device, type NewAuditEntry, type SyncStore, type User } from './store/store';

/** scrypt cost (memory-hard: 128·N·r bytes = 32 MiB per hash). Stored with each hash, so it can be raised later. */
export const SCRYPT = { N: 2 ** 15, r: 8, p: 1, saltBytes: 32, keyBytes: 64 } as const;
export const USER_TOKEN_TTL_MS = 2 * 3600_000;
export const USER_TOKEN_HEADER = 'x-user-token';

function scrypt(secret: string, salt: Buffer, keyBytes: number, o: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(
      secret.normalize('NFKC'),
      salt,
      keyBytes,
      { ...o, maxmem: 2 * 128 * (o.N ?? 0) * (o.r ?? 0) },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

/** `scrypt$N$r$p$salt$key` (base64url); runs off the event loop. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltBytes);
  const key = await scrypt(secret, salt, SCRYPT.keyBytes, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const want = Buffer.from(key, 'base64url');
  const got = await scrypt(secret, Buffer.from(salt, 'base64url'), want.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return got.length === want.length && timingSafeEqual(got, want);
}

/** True when a hash was made with weaker parameters than today's (re-hash at the next good login). */
export function needsRehash(stored: string): boolean {
  const [, n, r, p] = stored.split('$');
  return Number(n) < SCRYPT.N || Number(r) < SCRYPT.r || Number(p) < SCRYPT.p;
}

// Unknown usernames are checked against this, so they cost the same time as known ones.
let dummyHash: Promise<string> | undefined;
export const spendLikeAVerify = async (secret: string) => {
  dummyHash ??= hashSecret('not-a-real-secret-0000');
  await verifySecret(secret, await dummyHash);
};

/** Distinct from device-token hashing: a device token can never pass as a user token. */
export const hashUserToken = (token: string) => sha256(`user-token:${token}`);

export type PublicUser = Pick<User, 'id' | 'username' | 'displayName' | 'role'>;
export const publicUser = (u: User): PublicUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
});

export type Session = { readonly device: Device; readonly user: User; readonly tokenHash: string };
export type AuthContext = { readonly store: SyncStore; readonly now: () => number };

/** Device token + a live user token issued on this same device, for an active user; then the role check. */
export async function requireUser(ctx: AuthContext, req: FastifyRequest, permission?: Permission): Promise<Session> {
  const device = await requireDevice(ctx.store, req, ctx.now());
  const raw = req.headers[USER_TOKEN_HEADER];
  const token = typeof raw === 'string' ? raw.trim() : '';
  if (!token)
    throw new HttpError(401, 'sign in first: this needs a signed-in user (X-User-Token)', undefined, { code: 'user' });
  const tokenHash = hashUserToken(token);
  const user = await liveUser(ctx, tokenHash, device.id);
  if (!user)
    throw new HttpError(
      401,
      'your sign-in has ended (expired, signed out, or issued on another tablet): sign in again',
      undefined,
      { code: 'user' },
    );
  if (permission && !can(user.role, permission))
    throw new HttpError(403, `your role (${user.role}) may not do this (needs "${permission}")`);
  return { device, user: withoutSecret(user), tokenHash };
}

/** The active user a live token issued on this device names, else undefined. */
async function liveUser(ctx: AuthContext, tokenHash: string, deviceId: string): Promise<User | undefined> {
  const t = await ctx.store.userToken(tokenHash);
  const user = t && (await ctx.store.userById(t.userId));
  return t && user && t.deviceId === deviceId && t.expiresAt > ctx.now() && user.active ? user : undefined;
}

/** Who is signed in on this device, if anyone (routes that a device session alone may call, like push). */
export async function signedInUser(ctx: AuthContext, req: FastifyRequest, device: Device): Promise<User | undefined> {
  const raw = req.headers[USER_TOKEN_HEADER];
  const token = typeof raw === 'string' ? raw.trim() : '';
  return token ? liveUser(ctx, hashUserToken(token), device.id) : undefined;
}

/**
 * Admin routes: either the bootstrap SCANCARD_ADMIN_TOKEN (the server's shell/CLI) or a signed-in
 * user allowed to manage users and devices. Returns the session, or null for the bootstrap token.
 */
export async function requireManager(
  ctx: AuthContext & { adminToken: string | undefined },
  req: FastifyRequest,
): Promise<Session | null> {
  if (req.headers[USER_TOKEN_HEADER] === undefined) {
    // Compare digests: equal lengths, constant time, nothing learnt from a near miss.
    const given = Buffer.from(sha256(`admin:${bearer(req) ?? ''}`));
    if (ctx.adminToken && timingSafeEqual(given, Buffer.from(sha256(`admin:${ctx.adminToken}`)))) return null;
    throw new HttpError(401, 'this needs the admin token, or a tablet signed in by an administrator');
  }
  return requireUser(ctx, req, 'users.manage');
}

export type AuditInput = Omit<NewAuditEntry, 'id' | 'at' | 'action'>;
export const audit = (ctx: AuthContext, action: AuditAction, e: AuditInput) =>
  ctx.store.appendAudit({ id: randomUUID(), at: ctx.now(), action, ...e });
