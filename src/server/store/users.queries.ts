// Users and user tokens. Changes that read before they write (first user, role change, secret reset)
// hold the `users` lock; a login attempt is one compare-and-set write, atomic on its own, counted per
// user and tablet (login_failures); a user's record shows the tablet with the most wrong tries.
import type { AttemptState, Role } from '../../domain/auth/roles';
import type { Dialect } from './dialect';
import type { Database } from './schema';
import { usernameKey, withoutSecret, type SyncStore, type UserPatch, type UserRecord } from './store';

const USER = ['id', 'username', 'displayName', 'role', 'secretHash', 'active', 'createdAt', 'updatedAt'] as const;
type UserRow = Pick<Database['users'], (typeof USER)[number]>;
const NONE: AttemptState = { failures: 0, lastFailureAt: 0 };
const toRecord = (r: UserRow, worst: AttemptState = NONE): UserRecord => ({
  ...r,
  role: r.role as Role,
  active: Boolean(r.active),
  failures: worst.failures,
  lastFailureAt: worst.lastFailureAt,
});

/** A role change or deactivation ends the user's sessions and wrapped keys everywhere. */
const revokes = (before: { role: string }, patch: UserPatch) =>
  (patch.role !== undefined && patch.role !== before.role) || patch.active === false;

export function userQueries(d: Dialect) {
  const { db } = d;
  /** Per user: the tablet with the most wrong tries. */
  const worst = async (ids?: readonly string[]) => {
    const rows = await db
      .selectFrom('loginFailures')
      .select(['userId', 'failures', 'lastFailureAt'])
      .$if(ids !== undefined, (qb) => qb.where('userId', 'in', ids!.length ? [...ids!] : ['']))
      .execute();
    const out = new Map<string, AttemptState>();
    for (const r of rows) {
      const seen = out.get(r.userId);
      if (!seen || r.failures > seen.failures || (r.failures === seen.failures && r.lastFailureAt > seen.lastFailureAt))
        out.set(r.userId, { failures: Number(r.failures), lastFailureAt: Number(r.lastFailureAt) });
    }
    return out;
  };
  const one = async (column: 'id' | 'usernameKey', value: string) => {
    const row = await db.selectFrom('users').select(USER).where(column, '=', value).executeTakeFirst();
    return row && toRecord(row, (await worst([row.id])).get(row.id));
  };
  const count = async () =>
    Number(
      (
        await db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    userCount: count,
    createUser(u, opts) {
      return d.transaction(
        async (trx) => {
          if (opts?.onlyIfFirst && (await trx.selectFrom('users').select('id').limit(1).executeTakeFirst()))
            return 'notFirst' as const;
          const row = await trx
            .insertInto('users')
            .values({
              id: u.id,
              username: u.username,
              usernameKey: usernameKey(u.username),
              displayName: u.displayName,
              role: u.role,
              secretHash: u.secretHash,
              active: 1,
              failures: 0,
              lastFailureAt: 0,
              createdAt: u.now,
              updatedAt: u.now,
            })
            .onConflict((oc) => oc.column('usernameKey').doNothing())
            .returning(USER)
            .executeTakeFirst();
          return row ? withoutSecret(toRecord(row)) : ('usernameTaken' as const);
        },
        opts?.onlyIfFirst ? 'users' : undefined,
      );
    },
    userById: (id) => one('id', id),
    userByUsername: (username) => one('usernameKey', usernameKey(username)),
    async listUsers() {
      const rows = await db.selectFrom('users').select(USER).orderBy('usernameKey').execute();
      const tries = await worst();
      return rows.map((r) => withoutSecret(toRecord(r, tries.get(r.id))));
    },
    async updateUser(id, patch, now) {
      const after = await d.transaction(async (trx) => {
        const before = await trx.selectFrom('users').select(['role', 'active']).where('id', '=', id).executeTakeFirst();
        if (!before) return undefined;
        const after = await trx
          .updateTable('users')
          .set({
            ...(patch.displayName !== undefined && { displayName: patch.displayName }),
            ...(patch.role !== undefined && { role: patch.role }),
            ...(patch.active !== undefined && { active: Number(patch.active) }),
            ...(revokes(before, patch) && { credentialVersion: (eb) => eb('credentialVersion', '+', 1) }),
            updatedAt: now,
          })
          .where('id', '=', id)
          .returning(USER)
          .executeTakeFirstOrThrow();
        if (revokes(before, patch)) await trx.deleteFrom('userTokens').where('userId', '=', id).execute();
        return after;
      }, 'users');
      return after && withoutSecret(toRecord(after, (await worst([id])).get(id)));
    },
    setUserSecret(id, secretHash, now, keepTokenHash) {
      return d.transaction(async (trx) => {
        const r = await trx
          .updateTable('users')
          .set((eb) => ({
            secretHash,
            updatedAt: now,
            credentialVersion: eb('credentialVersion', '+', 1), // tablets drop keys wrapped by the old secret
          }))
          .where('id', '=', id)
          .executeTakeFirst();
        await trx
          .deleteFrom('userTokens')
          .where('userId', '=', id)
          .where('tokenHash', 'is distinct from', keepTokenHash ?? null)
          .execute();
        await trx.deleteFrom('loginFailures').where('userId', '=', id).execute(); // a new secret starts afresh
        return r.numUpdatedRows === 1n;
      }, 'users');
    },
    async loginAttempts(userId, deviceId) {
      const r = await db
        .selectFrom('loginFailures')
        .select(['failures', 'lastFailureAt'])
        .where('userId', '=', userId)
        .where('deviceId', '=', deviceId)
        .executeTakeFirst();
      return r ? { failures: Number(r.failures), lastFailureAt: Number(r.lastFailureAt) } : NONE;
    },
    async claimLoginAttempt(userId, deviceId, expectedFailures, now) {
      if (expectedFailures === 0) {
        // The first wrong try on this tablet: only one of several parallel tries inserts the row.
        const r = await db
          .insertInto('loginFailures')
          .values({ userId, deviceId, failures: 1, lastFailureAt: now })
          .onConflict((oc) => oc.columns(['userId', 'deviceId']).doNothing())
          .executeTakeFirst();
        return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
      }
      const r = await db
        .updateTable('loginFailures')
        .set((eb) => ({ failures: eb('failures', '+', 1), lastFailureAt: now }))
        .where('userId', '=', userId)
        .where('deviceId', '=', deviceId)
        .where('failures', '=', expectedFailures)
        .executeTakeFirst();
      return r.numUpdatedRows === 1n;
    },
    async clearLoginFailures(userId, deviceId) {
      await db
        .deleteFrom('loginFailures')
        .where('userId', '=', userId)
        .$if(deviceId !== undefined, (qb) => qb.where('deviceId', '=', deviceId!))
        .execute();
      return Boolean(await one('id', userId));
    },
    addUserToken(t) {
      return d.transaction(async (trx) => {
        await trx.deleteFrom('userTokens').where('expiresAt', '<=', t.createdAt).execute(); // keep the table small
        await trx
          .insertInto('userTokens')
          .values({
            tokenHash: t.tokenHash,
            userId: t.userId,
            deviceId: t.deviceId,
            createdAt: t.createdAt,
            expiresAt: t.expiresAt,
          })
          .execute();
      });
    },
    async userToken(tokenHash) {
      return db
        .selectFrom('userTokens')
        .select(['tokenHash', 'userId', 'deviceId', 'createdAt', 'expiresAt'])
        .where('tokenHash', '=', tokenHash)
        .executeTakeFirst();
    },
    async revokeUserToken(tokenHash) {
      await db.deleteFrom('userTokens').where('tokenHash', '=', tokenHash).execute();
    },
  } satisfies Partial<SyncStore>;
}
