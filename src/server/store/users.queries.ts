// Users and user tokens. Changes that read before they write (first user, role change, secret reset)
// hold the `users` lock; a login attempt is one compare-and-set UPDATE, atomic on its own.
import type { Role } from '../../domain/auth/roles';
import type { Dialect } from './dialect';
import type { Database } from './schema';
import { usernameKey, withoutSecret, type SyncStore, type UserPatch, type UserRecord } from './store';

const USER = [
  'id',
  'username',
  'displayName',
  'role',
  'secretHash',
  'active',
  'failures',
  'lastFailureAt',
  'createdAt',
  'updatedAt',
] as const;
type UserRow = Pick<Database['users'], (typeof USER)[number]>;
const toRecord = (r: UserRow): UserRecord => ({ ...r, role: r.role as Role, active: Boolean(r.active) });

/** A role change or deactivation ends the user's sessions and wrapped keys everywhere. */
const revokes = (before: { role: string }, patch: UserPatch) =>
  (patch.role !== undefined && patch.role !== before.role) || patch.active === false;

export function userQueries(d: Dialect) {
  const { db } = d;
  const one = async (column: 'id' | 'usernameKey', value: string) => {
    const row = await db.selectFrom('users').select(USER).where(column, '=', value).executeTakeFirst();
    return row && toRecord(row);
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
      return (await db.selectFrom('users').select(USER).orderBy('usernameKey').execute()).map((r) =>
        withoutSecret(toRecord(r)),
      );
    },
    updateUser(id, patch, now) {
      return d.transaction(async (trx) => {
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
        return withoutSecret(toRecord(after));
      }, 'users');
    },
    setUserSecret(id, secretHash, now, keepTokenHash) {
      return d.transaction(async (trx) => {
        const r = await trx
          .updateTable('users')
          .set((eb) => ({
            secretHash,
            failures: 0,
            lastFailureAt: 0,
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
        return r.numUpdatedRows === 1n;
      }, 'users');
    },
    async claimLoginAttempt(id, expectedFailures, now) {
      const r = await db
        .updateTable('users')
        .set((eb) => ({ failures: eb('failures', '+', 1), lastFailureAt: now }))
        .where('id', '=', id)
        .where('failures', '=', expectedFailures)
        .executeTakeFirst();
      return r.numUpdatedRows === 1n;
    },
    async clearLoginFailures(id) {
      const r = await db
        .updateTable('users')
        .set({ failures: 0, lastFailureAt: 0 })
        .where('id', '=', id)
        .executeTakeFirst();
      return r.numUpdatedRows === 1n;
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
