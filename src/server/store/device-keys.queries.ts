// Enrolment by key pair, sign-in challenges and device sessions. Codes are single-use: the same key
// asking again with a used code gets the same device (its reply may have been lost); any other key
// gets nothing. Ids are the server's, and a revoked device's key can never enrol again.
import type { Dialect } from './dialect';
import { newDek, type Device, type KeyEnrolment, type SyncStore } from './store';

const DEVICE = ['id', 'label', 'enrolledAt', 'revokedAt'] as const;

export function deviceKeyQueries(d: Dialect) {
  const { db } = d;
  return {
    enrollWithKey(e: KeyEnrolment) {
      return d.transaction(async (trx) => {
        const code = await trx
          .selectFrom('enrollmentCodes')
          .select(['usedAt', 'usedBy', 'usedKey', 'expiresAt'])
          .where('codeHash', '=', e.codeHash)
          .executeTakeFirst();
        if (!code) return { ok: false, reason: 'code' } as const;
        const byKey = await trx
          .selectFrom('devices')
          .select(['id', 'revokedAt'])
          .where('keyId', '=', e.keyId)
          .executeTakeFirst();
        if (byKey?.revokedAt != null) return { ok: false, reason: 'revoked' } as const;
        if (code.usedAt !== null) {
          // A repeat of a request that already succeeded: same answer, nothing changes.
          if (code.usedKey === e.keyId && byKey && byKey.id === code.usedBy)
            return { ok: true, deviceId: byKey.id, repeated: true } as const;
          return { ok: false, reason: 'code' } as const;
        }
        if (code.expiresAt <= e.now) return { ok: false, reason: 'code' } as const;
        if (byKey) return { ok: false, reason: 'enrolled' } as const;

        let deviceId = e.newDeviceId;
        if (e.replacesTokenHash) {
          // A tablet of the bearer-token era keeps its id (and so its data key and its unsent events).
          const old = await trx
            .selectFrom('devices')
            .select('id')
            .where('tokenHash', '=', e.replacesTokenHash)
            .where('revokedAt', 'is', null)
            .where('keyId', 'is', null)
            .executeTakeFirst();
          if (!old) return { ok: false, reason: 'replaces' } as const;
          deviceId = old.id;
          await trx
            .updateTable('devices')
            .set({ tokenHash: null, publicKey: e.publicKey, keyId: e.keyId, label: e.label })
            .where('id', '=', deviceId)
            .execute();
        } else {
          await trx
            .insertInto('devices')
            .values({
              id: deviceId,
              label: e.label,
              tokenHash: null,
              enrolledAt: e.now,
              revokedAt: null,
              dek: newDek(),
              publicKey: e.publicKey,
              keyId: e.keyId,
            })
            .execute();
        }
        await trx
          .updateTable('enrollmentCodes')
          .set({ usedAt: e.now, usedBy: deviceId, usedKey: e.keyId })
          .where('codeHash', '=', e.codeHash)
          .where('usedAt', 'is', null)
          .execute();
        return { ok: true, deviceId, repeated: false } as const;
      });
    },
    async devicePublicKey(deviceId: string) {
      const row = await db
        .selectFrom('devices')
        .select(['publicKey', 'revokedAt'])
        .where('id', '=', deviceId)
        .executeTakeFirst();
      return row?.publicKey ? { publicKey: row.publicKey, revoked: row.revokedAt !== null } : undefined;
    },
    async addChallenge(c: { challengeHash: string; deviceId: string; expiresAt: number; now: number }) {
      await db.deleteFrom('deviceChallenges').where('expiresAt', '<=', c.now).execute();
      await db
        .insertInto('deviceChallenges')
        .values({ challengeHash: c.challengeHash, deviceId: c.deviceId, expiresAt: c.expiresAt })
        .execute();
    },
    /** Consumes a challenge: true once, for its device, before it expires. */
    async takeChallenge(challengeHash: string, deviceId: string, now: number) {
      const r = await db
        .deleteFrom('deviceChallenges')
        .where('challengeHash', '=', challengeHash)
        .where('deviceId', '=', deviceId)
        .where('expiresAt', '>', now)
        .executeTakeFirst();
      return r.numDeletedRows === 1n;
    },
    async addDeviceSession(s: { tokenHash: string; deviceId: string; createdAt: number; expiresAt: number }) {
      await db.deleteFrom('deviceSessions').where('expiresAt', '<=', s.createdAt).execute();
      await db.insertInto('deviceSessions').values(s).execute();
    },
    async deviceBySession(tokenHash: string, now: number): Promise<Device | undefined> {
      return db
        .selectFrom('deviceSessions')
        .innerJoin('devices', 'devices.id', 'deviceSessions.deviceId')
        .select(DEVICE.map((c) => `devices.${c}` as const))
        .where('deviceSessions.tokenHash', '=', tokenHash)
        .where('deviceSessions.expiresAt', '>', now)
        .where('devices.revokedAt', 'is', null)
        .executeTakeFirst();
    },
    async credentialVersions(userIds: readonly string[]) {
      if (!userIds.length) return new Map<string, { version: number; active: boolean }>();
      const rows = await db
        .selectFrom('users')
        .select(['id', 'credentialVersion', 'active'])
        .where('id', 'in', [...userIds])
        .execute();
      return new Map(rows.map((r) => [r.id, { version: r.credentialVersion, active: Boolean(r.active) }]));
    },
  } satisfies Partial<SyncStore>;
}
