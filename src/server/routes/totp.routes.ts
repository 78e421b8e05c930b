// An administrator's optional second factor: enrolment shows a new secret (base32 text and an
// otpauth:// link for an authenticator app); a first valid code turns it on. From then on, signing
// in on the server needs the code as well (totp-login.ts). Turning it off is the server shell's
// (`npm run server -- totp-off <username>`), for a lost phone.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError, noBody, parseOr400 } from '../http-errors';
import { base32Decode, base32Encode, matchingStep, otpauthUri } from '../totp';
import { audit, requireUser, type AuthContext } from '../user-auth';

const SECRET_BYTES = 20; // 160 bits, RFC 4226's recommendation
export const totpCodeSchema = z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the authenticator app');
const confirmBody = z.strictObject({ code: totpCodeSchema });

export function totpRoutes(app: FastifyInstance, ctx: AuthContext) {
  const { store } = ctx;

  app.post('/api/admin/totp/enrol', async (req) => {
    const s = await requireUser(ctx, req, 'users.manage');
    parseOr400(noBody, req.body, 'TOTP enrolment');
    const secret = base32Encode(randomBytes(SECRET_BYTES));
    if (!(await store.startTotp(s.user.id, secret, ctx.now())))
      throw new HttpError(409, 'a one-time code is already required for this account');
    await audit(ctx, 'user.change', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: s.user.id,
      detail: 'TOTP enrolment started',
    });
    return { secret, uri: otpauthUri({ issuer: 'ScanCard', account: s.user.username, secret }) };
  });

  app.post('/api/admin/totp/confirm', async (req) => {
    const s = await requireUser(ctx, req, 'users.manage');
    const { code } = parseOr400(confirmBody, req.body, 'TOTP confirmation');
    const totp = await store.totpOf(s.user.id);
    if (!totp || totp.enabled)
      throw new HttpError(409, totp ? 'a one-time code is already required for this account' : 'start enrolment first');
    const step = matchingStep(base32Decode(totp.secret), code, ctx.now(), totp.lastStep);
    if (step === undefined)
      throw new HttpError(400, 'code: wrong code (check the phone’s clock, then try the next code)');
    if (!(await store.enableTotp(s.user.id, step)))
      throw new HttpError(409, 'enrolment changed meanwhile: start again');
    await audit(ctx, 'user.change', {
      userId: s.user.id,
      deviceId: s.device.id,
      subject: s.user.id,
      detail: 'TOTP turned on',
    });
    return { ok: true };
  });
}
