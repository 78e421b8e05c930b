// The second factor at sign-in, for a user who turned TOTP on. A missing code is asked for before the
// secret is tried (so the answer says nothing about the secret and spends no try); a wrong or
// reused code counts as a failed try like a wrong PIN, toward the same lock-out.
import { HttpError } from './http-errors';
import { base32Decode, matchingStep } from './totp';
import type { AuthContext } from './user-auth';

/** Throws 401 {code: "totp"} when the account needs a code and none was sent. Returns whether one is needed. */
export async function totpNeeded(ctx: AuthContext, userId: string, code: string | undefined): Promise<boolean> {
  const totp = await ctx.store.totpOf(userId);
  if (!totp?.enabled) return false;
  if (code === undefined)
    throw new HttpError(401, 'this account needs the 6-digit code from its authenticator app as well', undefined, {
      code: 'totp',
    });
  return true;
}

/** After the right secret: spends the code's time step, or counts the try as failed. */
export async function totpAccepted(ctx: AuthContext, userId: string, deviceId: string, code: string): Promise<boolean> {
  const totp = await ctx.store.totpOf(userId);
  const step = totp ? matchingStep(base32Decode(totp.secret), code, ctx.now(), totp.lastStep) : undefined;
  if (step !== undefined && (await ctx.store.useTotpStep(userId, step))) return true;
  await ctx.store.claimLoginAttempt(userId, deviceId, 0, ctx.now()); // the right secret cleared this tablet's count just before
  return false;
}
