// Tablets and their enrolment: one-time codes, device tokens (hashes only) and escrowed data keys,
// which are sealed at rest (sealing.ts) and opened only to hand one out at sign-in.
import type { Dialect } from './dialect';
import { dekAad, type Sealer } from './sealing';
import { ENROLL_RETRY_MS, newDek, type SyncStore } from './store';

const DEVICE = ['id', 'label', 'enrolledAt', 'revokedAt'] as const;

export function deviceQueries(d: Dialect, sealer: Sealer) {
  const { db } = d;
  return {
    async addEnrollmentCode(c) {
      await db
        .insertInto('enrollmentCodes')
        .values({ codeHash: c.codeHash, label: c.label, createdAt: c.createdAt, expiresAt: c.expiresAt })
        .execute();
    },
    enrollDevice(e) {
      return d.transaction(async (trx) => {
        // A code works once, or again for the same tablet shortly after (its reply may have been lost).
        const used = await trx
          .updateTable('enrollmentCodes')
          .set({ usedAt: e.now, usedBy: e.deviceId })
          .where('codeHash', '=', e.codeHash)
          .where('expiresAt', '>', e.now)
          .where((eb) =>
            eb.or([
              eb('usedAt', 'is', null),
              eb.and([eb('usedBy', '=', e.deviceId), eb('usedAt', '>', e.now - ENROLL_RETRY_MS)]),
            ]),
          )
          .executeTakeFirst();
        if (used.numUpdatedRows !== 1n) return false;
        await trx
          .insertInto('devices')
          .values({
            id: e.deviceId,
            label: e.label,
            tokenHash: e.tokenHash,
            enrolledAt: e.now,
            revokedAt: null,
            dek: sealer.sealBytes(newDek(), dekAad(e.deviceId)),
          })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              label: eb.ref('excluded.label'),
              tokenHash: eb.ref('excluded.tokenHash'),
              enrolledAt: eb.ref('excluded.enrolledAt'),
              revokedAt: null,
              dek: eb.fn.coalesce('devices.dek', 'excluded.dek'), // re-enrolment keeps the key it has
            })),
          )
          .execute();
        return true;
      });
    },
    async deviceByTokenHash(tokenHash) {
      return db.selectFrom('devices').select(DEVICE).where('tokenHash', '=', tokenHash).executeTakeFirst();
    },
    async deviceDek(deviceId) {
      const dek = await d.transaction(async (trx) => {
        await trx
          .updateTable('devices')
          .set({ dek: sealer.sealBytes(newDek(), dekAad(deviceId)) })
          .where('id', '=', deviceId)
          .where('dek', 'is', null)
          .execute();
        const row = await trx.selectFrom('devices').select('dek').where('id', '=', deviceId).executeTakeFirst();
        return row?.dek ?? undefined;
      });
      return dek && ((await sealer.openBytes(dek, dekAad(deviceId))) ?? dek);
    },
    revokeDevice(deviceId, now) {
      return d.transaction(async (trx) => {
        await trx.deleteFrom('userTokens').where('deviceId', '=', deviceId).execute();
        const r = await trx
          .updateTable('devices')
          .set({ revokedAt: now, tokenHash: null })
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
