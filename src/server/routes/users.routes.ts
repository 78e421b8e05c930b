// User administration, for a signed-in user whose role may manage users. Every change is audited;
// a role change or deactivation ends that user's sessions at once (in the store's transaction).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { nextAttemptAt, ROLES } from '../../domain/auth/roles';
import { HttpError, noBody, noQuery, parseOr400 } from '../http-errors';
import { withoutSecret, type User, type UserPatch } from '../store/store';
import { audit, hashSecret, requireUser, type AuthContext } from '../user-auth';
import { checkSecretStrength, displayNameSchema, secretSchema, usernameSchema } from './auth.routes';

const userParams = z.strictObject({ id: z.uuid('must be a user id (UUID)') });
const newUserBody = z.strictObject({
  username: usernameSchema,
  displayName: displayNameSchema,
  role: z.enum(ROLES),
  secret: secretSchema,
});
const patchBody = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    role: z.enum(ROLES).optional(),
    active: z.boolean().optional(),
    /** Required when the change makes someone an administrator: their new password. */
    secret: secretSchema.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'give at least one of displayName, role, active');
const resetBody = z.strictObject({ secret: secretSchema });

/** What an administrator sees of a user: never the hash. */
function adminView(u: User, now: number) {
  const next = nextAttemptAt(u);
  return { ...withoutSecret(u), lockedUntil: next.locked && now < next.at ? next.at : null };
}

function describe(before: User, patch: UserPatch): string {
  const parts: string[] = [];
  if (patch.role !== undefined && patch.role !== before.role) parts.push(`role ${before.role} -> ${patch.role}`);
  if (patch.active !== undefined && patch.active !== before.active)
    parts.push(patch.active ? 'activated' : 'deactivated');
  if (patch.displayName !== undefined && patch.displayName !== before.displayName) parts.push('display name changed');
  return parts.join(', ') || 'no change';
}

export function userRoutes(app: FastifyInstance, ctx: AuthContext) {
  const { store } = ctx;
  const target = async (params: unknown) => {
    const { id } = parseOr400(userParams, params, 'user');
    const user = await store.userById(id);
    if (!user) throw new HttpError(404, 'no user with this id');
    return user;
  };

  app.get('/api/admin/users', async (req) => {
    await requireUser(ctx, req, 'users.manage');
    parseOr400(noQuery, req.query, 'query');
    const now = ctx.now();
    return { users: (await store.listUsers()).map((u) => adminView(u, now)) };
  });

  app.post('/api/admin/users', async (req, reply) => {
    const s = await requireUser(ctx, req, 'users.manage');
    const body = parseOr400(newUserBody, req.body, 'new user');
    checkSecretStrength(body.secret, body.role);
    const now = ctx.now();
    const created = await store.createUser({
      id: randomUUID(),
      username: body.username,
      displayName: body.displayName,
      role: body.role,
      secretHash: await hashSecret(body.secret),
      now,
    });
    if (typeof created === 'string')
      throw new HttpError(409, 'this user name is taken (names are compared ignoring case)');
    await audit(ctx, 'user.change', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: created.id,
      detail: `created with role ${created.role}`,
    });
    return reply.code(201).send({ user: adminView(created, now) });
  });

  app.patch('/api/admin/users/:id', async (req) => {
    const s = await requireUser(ctx, req, 'users.manage');
    const before = await target(req.params);
    const { secret, ...patch } = parseOr400(patchBody, req.body, 'user change');
    const becomesAdmin = patch.role === 'admin' && before.role !== 'admin';
    // An administrator needs a password: whoever is made one gets a new one (their PIN may be all they had).
    if (becomesAdmin && secret === undefined)
      throw new HttpError(400, 'secret: an administrator needs a password: send the new password with the role change');
    if (secret !== undefined) {
      if (!becomesAdmin) throw new HttpError(400, 'secret: only with a change to administrator (else reset it)');
      checkSecretStrength(secret, 'admin');
    }
    const losesAdmin =
      before.role === 'admin' &&
      before.active &&
      ((patch.role !== undefined && patch.role !== 'admin') || patch.active === false);
    if (losesAdmin) {
      const admins = (await store.listUsers()).filter((u) => u.role === 'admin' && u.active).length;
      if (admins <= 1)
        throw new HttpError(409, 'this is the last active administrator: make another administrator first');
    }
    const after = await store.updateUser(before.id, patch, ctx.now());
    if (after && secret !== undefined) await store.setUserSecret(after.id, await hashSecret(secret), ctx.now());
    if (!after) throw new HttpError(404, 'no user with this id');
    await audit(ctx, 'user.change', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: after.id,
      detail: describe(before, patch),
    });
    return { user: adminView(after, ctx.now()) };
  });

  app.post('/api/admin/users/:id/secret', async (req) => {
    const s = await requireUser(ctx, req, 'users.manage');
    const user = await target(req.params);
    const body = parseOr400(resetBody, req.body, 'PIN/password reset');
    checkSecretStrength(body.secret, user.role);
    // A reset also ends every session the user has (the old secret may have leaked) and any lock-out.
    await store.setUserSecret(user.id, await hashSecret(body.secret), ctx.now());
    await audit(ctx, 'user.change', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: user.id,
      detail: 'PIN/password reset by an administrator',
    });
    return { user: adminView((await store.userById(user.id))!, ctx.now()) };
  });

  app.post('/api/admin/users/:id/unlock', async (req) => {
    const s = await requireUser(ctx, req, 'users.manage');
    const user = await target(req.params);
    parseOr400(noBody, req.body, 'unlock request');
    await store.clearLoginFailures(user.id);
    await audit(ctx, 'user.change', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: user.id,
      detail: 'lock-out released on every tablet',
    });
    return { user: adminView((await store.userById(user.id))!, ctx.now()) };
  });
}
