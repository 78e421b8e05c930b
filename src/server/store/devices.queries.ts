// Tablets: one-time enrolment codes, revocation and escrowed data keys (enrolment by key pair and
// device sessions are in device-keys.queries.ts).
import type { Dialect } from './dialect';
import { newDek, type SyncStore } from './store';

const DEVICE = ['id', 'label', 'enrolledAt', 'revokedAt'] as const;

export function deviceQueries(d: Dialect) {
  const { db } = d;
  return {
    async addEnrollmentCode(c) {
      await db
        .insertInto('enrollmentCodes')
        .values({ codeHash: c.codeHash, label: c.label, createdAt: c.createdAt, expiresAt: c.expiresAt })
        .execute();
    },
    async deviceByTokenHash(tokenHash) {
      return db.selectFrom('devices').select(DEVICE).where('tokenHash', '=', tokenHash).executeTakeFirst();
    },
    deviceDek(deviceId) {
      return d.transaction(async (trx) => {
        await trx
          .updateTable('devices')
          .set({ dek: newDek() })
          .where('id', '=', deviceId)
          .where('dek', 'is', null)
          .where('revokedAt', 'is', null)
          .execute();
        const row = await trx
          .selectFrom('devices')
          .select('dek')
          .where('id', '=', deviceId)
          .where('revokedAt', 'is', null) // a revoked tablet's key is never handed out again
          .executeTakeFirst();
        return row?.dek ?? undefined;
      });
    },
    revokeDevice(deviceId, now) {
      return d.transaction(async (trx) => {
        await trx.deleteFrom('userTokens').where('deviceId', '=', deviceId).execute();
        await trx.deleteFrom('deviceSessions').where('deviceId', '=', deviceId).execute();
        await trx.deleteFrom('deviceChallenges').where('deviceId', '=', deviceId).execute();
        // Final: the key stays on the row (so it can never enrol again), the data key is erased.
        const r = await trx
          .updateTable('devices')
          .set({ revokedAt: now, tokenHash: null, dek: null })
          .where('id', '=', deviceId)
          .where('revokedAt', 'is', null)
          .executeTakeFirst();
        return r.numUpdatedRows === 1n;
      });
    },
    async listDevices() {
      return db.selectFrom('devices').select(DEVICE).orderBy('enrolledAt').execute();
    },
    async activeEnrollmentCodes(now) {
      const r = await db
        .selectFrom('enrollmentCodes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('usedAt', 'is', null)
        .where('expiresAt', '>', now)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  } satisfies Partial<SyncStore>;
}
