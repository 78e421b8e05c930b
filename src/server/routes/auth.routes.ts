// Signing in on an enrolled tablet: the first administrator, login/logout, own PIN change, and the
// staff directory. Every route needs the device session; the directory also a signed-in user.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { nextAttemptAt, secretProblem } from '../../domain/auth/roles';
import { newToken, requireDevice } from '../auth';
import { HttpError, noBody, noQuery, parseOr400 } from '../http-errors';
import { withoutSecret, type Device, type User, type UserRecord } from '../store/store';
import {
  audit,
  hashSecret,
  hashUserToken,
  publicUser,
  requireUser,
  spendLikeAVerify,
  USER_TOKEN_TTL_MS,
  verifySecret,
  type AuthContext,
} from '../user-auth';

export type AuthRouteOptions = AuthContext & { loginPerMinute: number };

export const usernameSchema = z
  .string()
  .trim()
  .min(2, 'must be at least 2 characters')
  .max(40)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'may hold letters, digits, ".", "_" and "-" only');
export const displayNameSchema = z.string().trim().min(1).max(80);
export const secretSchema = z.string().min(1).max(200);

const firstAdminBody = z.strictObject({
  username: usernameSchema,
  displayName: displayNameSchema,
  secret: secretSchema,
});
const loginBody = z.strictObject({ username: z.string().trim().min(1).max(100), secret: secretSchema });
const changeSecretBody = z.strictObject({ current: secretSchema, next: secretSchema });

const GENERIC_LOGIN_FAILURE = 'user name or PIN/password is wrong';

/** 400 unless the secret is long enough (PIN ≥ 6 digits, password ≥ 10 characters). */
export function checkSecretStrength(secret: string, field = 'secret'): void {
  if (secretProblem(secret))
    throw new HttpError(400, `${field} is too weak: a PIN needs at least 6 digits, a password at least 10 characters`);
}

/**
 * One guarded try of a user's secret. The server's own lock-out (nextAttemptAt) is checked first:
 * 429 while a back-off delay runs, 423 while locked. The try is counted as a failure *before* the
 * slow check (compare-and-set on the failure count), so parallel tries cannot share a free slot;
 * a right secret clears the count again.
 */
export async function trySecret(ctx: AuthContext, user: UserRecord, secret: string): Promise<boolean> {
  const now = ctx.now();
  const next = nextAttemptAt(user);
  if (next.locked && now < next.at)
    throw new HttpError(
      423,
      'this account is locked after too many wrong tries: an administrator can unlock it',
      undefined,
      { lockedUntil: next.at },
    );
  if (now < next.at)
    throw new HttpError(429, 'too many wrong tries: wait before trying again', undefined, {
      retryAfterMs: next.at - now,
    });
  if (!(await ctx.store.claimLoginAttempt(user.id, user.failures, now)))
    throw new HttpError(429, 'another sign-in attempt for this user is in progress: try again', undefined, {
      retryAfterMs: 1000,
    });
  const ok = await verifySecret(secret, user.secretHash);
  if (ok) await ctx.store.clearLoginFailures(user.id);
  return ok;
}

/** A fresh user token bound to this device, plus the device's data key (released only here). */
async function openSession(ctx: AuthContext, user: User, device: Device) {
  const token = newToken();
  const now = ctx.now();
  const expiresAt = now + USER_TOKEN_TTL_MS;
  await ctx.store.addUserToken({
    tokenHash: hashUserToken(token),
    userId: user.id,
    deviceId: device.id,
    createdAt: now,
    expiresAt,
  });
  const dek = await ctx.store.deviceDek(device.id);
  if (!dek) throw new HttpError(401, 'device token is not valid (revoked or unknown): enrol this tablet again');
  await audit(ctx, 'login', { userId: user.id, deviceId: device.id });
  const credentialVersion = (await ctx.store.credentialVersions([user.id])).get(user.id)?.version ?? 0;
  return { token, expiresAt, user: publicUser(user), dek: dek.toString('base64'), credentialVersion };
}

export function authRoutes(app: FastifyInstance, opts: AuthRouteOptions) {
  const { store } = opts;
  const ctx: AuthContext = opts;

  app.post(
    '/api/setup/first-admin',
    { config: { rateLimit: { max: opts.loginPerMinute, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const device = await requireDevice(store, req, ctx.now());
      const body = parseOr400(firstAdminBody, req.body, 'first administrator');
      if ((await store.userCount()) > 0)
        throw new HttpError(409, 'users already exist: sign in, and ask an administrator for an account');
      checkSecretStrength(body.secret);
      const now = ctx.now();
      const created = await store.createUser(
        {
          id: randomUUID(),
          username: body.username,
          displayName: body.displayName,
          role: 'admin',
          secretHash: await hashSecret(body.secret),
          now,
        },
        { onlyIfFirst: true },
      );
      if (typeof created === 'string')
        throw new HttpError(409, 'users already exist: sign in, and ask an administrator for an account');
      await audit(ctx, 'user.change', {
        userId: created.id,
        deviceId: device.id,
        subject: created.id,
        detail: 'first administrator created',
      });
      return reply.code(201).send(await openSession(ctx, created, device));
    },
  );

  app.post(
    '/api/auth/login',
    { config: { rateLimit: { max: opts.loginPerMinute, timeWindow: '1 minute' } } },
    async (req) => {
      const device = await requireDevice(store, req, ctx.now());
      const body = parseOr400(loginBody, req.body, 'sign-in request');
      const user = await store.userByUsername(body.username);
      if (!user) {
        await spendLikeAVerify(body.secret); // same time as a known user: nothing learnt from timing
        // The typed name is not recorded: people type PINs into the name field.
        await audit(ctx, 'login.failed', { deviceId: device.id, detail: 'unknown user name' });
        throw new HttpError(401, GENERIC_LOGIN_FAILURE);
      }
      // A lock-out answer (429/423) shows that the name exists; the directory lists names to
      // enrolled tablets anyway, and without a device token nothing here answers at all.
      const ok = await trySecret(ctx, user, body.secret);
      if (!ok || !user.active) {
        await audit(ctx, 'login.failed', {
          userId: user.id,
          deviceId: device.id,
          subject: user.id,
          detail: ok ? 'account deactivated' : 'wrong secret',
        });
        throw new HttpError(401, GENERIC_LOGIN_FAILURE);
      }
      return openSession(ctx, withoutSecret(user), device);
    },
  );

  app.post('/api/auth/logout', async (req) => {
    const s = await requireUser(ctx, req);
    parseOr400(noBody, req.body, 'sign-out request');
    await store.revokeUserToken(s.tokenHash);
    await audit(ctx, 'logout', { userId: s.user.id, deviceId: s.device.id });
    return { ok: true };
  });

  app.post('/api/auth/secret', async (req) => {
    const s = await requireUser(ctx, req);
    const body = parseOr400(changeSecretBody, req.body, 'PIN/password change');
    checkSecretStrength(body.next, 'next');
    if (body.next === body.current) throw new HttpError(400, 'next must differ from the current PIN/password');
    const user = await store.userById(s.user.id);
    if (!user || !(await trySecret(ctx, user, body.current))) {
      await audit(ctx, 'login.failed', {
        userId: s.user.id,
        deviceId: s.device.id,
        subject: s.user.id,
        detail: 'wrong current secret when changing it',
      });
      throw new HttpError(403, 'the current PIN/password is wrong');
    }
    // Other sessions of this user end; this one stays signed in.
    await store.setUserSecret(user.id, await hashSecret(body.next), ctx.now(), s.tokenHash);
    await audit(ctx, 'user.change', {
      userId: user.id,
      deviceId: s.device.id,
      subject: user.id,
      detail: 'changed own PIN/password',
    });
    return { ok: true };
  });

  // The department's staff list: for signed-in users only (a tablet alone shows who signed in on it).
  app.get('/api/directory', async (req) => {
    await requireUser(ctx, req);
    parseOr400(noQuery, req.query, 'query');
    const users = await store.listUsers();
    return {
      users: users.map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        active: u.active,
      })),
    };
  });
}
