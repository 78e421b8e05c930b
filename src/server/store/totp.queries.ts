// Administrators' TOTP secrets (migration 0009): pending from enrolment until a first code confirms
// it, then required at every sign-in on the server; `last_step` holds the newest time step used, so a
// code is never accepted twice (compare-and-set, so two sign-ins with one code cannot both pass).
// The secret is sealed under the server key, bound to its user (a row copied to another user will not open).
import type { Dialect } from './dialect';
import type { Sealer } from './sealing';

type Tables = {
  userTotp: { userId: string; secret: string; enabled: number | boolean; lastStep: number; createdAt: number };
};

export type TotpRecord = { readonly secret: string; readonly enabled: boolean; readonly lastStep: number };

const totpAad = (userId: string) => `totp:${userId}`;

export function totpQueries(d: Dialect, sealer: Sealer) {
  const db = d.db.withTables<Tables>();
  const sealTotpSecret = (userId: string, base32: string) => sealer.sealText(base32, totpAad(userId));
  return {
    async totpOf(userId: string): Promise<TotpRecord | undefined> {
      const r = await db
        .selectFrom('userTotp')
        .select(['secret', 'enabled', 'lastStep'])
        .where('userId', '=', userId)
        .executeTakeFirst();
      return (
        r && {
          secret: await sealer.openText(r.secret, totpAad(userId)),
          enabled: Boolean(r.enabled),
          lastStep: Number(r.lastStep),
        }
      );
    },
    /** A new pending secret, replacing a pending one; false when TOTP is already on for the user. */
    async startTotp(userId: string, secret: string, now: number): Promise<boolean> {
      const r = await db
        .insertInto('userTotp')
        .values({ userId, secret: sealTotpSecret(userId, secret), enabled: 0, lastStep: -1, createdAt: now })
        .onConflict((oc) =>
          oc
            .column('userId')
            .doUpdateSet({ secret: sealTotpSecret(userId, secret), lastStep: -1, createdAt: now })
            .where('userTotp.enabled', '=', 0),
        )
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    /** Turns a pending secret on, recording the confirming code's step as used. */
    async enableTotp(userId: string, step: number): Promise<boolean> {
      const r = await db
        .updateTable('userTotp')
        .set({ enabled: 1, lastStep: step })
        .where('userId', '=', userId)
        .where('enabled', '=', 0)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** Spends a time step: false if it (or a later one) was used already. */
    async useTotpStep(userId: string, step: number): Promise<boolean> {
      const r = await db
        .updateTable('userTotp')
        .set({ lastStep: step })
        .where('userId', '=', userId)
        .where('lastStep', '<', step)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    /** The server shell's reset (a lost phone): off, and the secret overwritten. */
    async turnOffTotp(userId: string): Promise<boolean> {
      const r = await db
        .updateTable('userTotp')
        .set({ enabled: 0, secret: sealTotpSecret(userId, ''), lastStep: -1 })
        .where('userId', '=', userId)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
export type TotpStore = ReturnType<typeof totpQueries>;
