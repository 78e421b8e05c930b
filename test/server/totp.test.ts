// An administrator's TOTP through the routes, on both stores: enrolment shows the secret and the
// otpauth:// link and changes nothing until a first valid code confirms it; then sign-in needs the
// code as well; a wrong code counts as a failed try; a code is never accepted twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base32Decode, hotp, timeStep, TOTP_PERIOD_S } from '../../src/server/totp';
import { openHarness, PIN, type Harness } from './harness';
import { STORES } from './stores';

describe.each(STORES)('TOTP for administrators on $name', (factory) => {
  let h: Harness;
  let tablet: Awaited<ReturnType<Harness['enrol']>>;
  let admin: Awaited<ReturnType<Harness['addUser']>>;
  let token: string;
  const login = (code?: string) =>
    h.call(
      'POST',
      '/api/auth/login',
      { device: tablet.token },
      { username: admin.username, secret: PIN, ...(code !== undefined && { code }) },
    );
  const enrol = async () => {
    const r = await h.call('POST', '/api/admin/totp/enrol', { device: tablet.token, user: token });
    expect(r.status).toBe(200);
    return r.json as { secret: string; uri: string };
  };
  const codeAt = (secret: string, offsetSteps = 0) => hotp(base32Decode(secret), timeStep(h.now()) + offsetSteps);
  const confirm = (code: string) =>
    h.call('POST', '/api/admin/totp/confirm', { device: tablet.token, user: token }, { code });

  beforeEach(async () => {
    h = await openHarness(factory);
    tablet = await h.enrol();
    admin = await h.addUser('admin');
    token = await h.tokenFor(admin, tablet.deviceId);
  });
  afterEach(async () => {
    await h.close();
  });

  it('enrolment shows the secret as base32 and an otpauth:// link; sign-in stays as it was until confirmed', async () => {
    const { secret, uri } = await enrol();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toBe(
      `otpauth://totp/ScanCard:${admin.username}?secret=${secret}&issuer=ScanCard&algorithm=SHA1&digits=6&period=30`,
    );
    expect((await login()).status).toBe(200);
    // A wrong first code does not turn it on.
    const wrong = String((Number(codeAt(secret)) + 1) % 1e6).padStart(6, '0');
    expect(await confirm(wrong)).toMatchObject({ status: 400, json: { error: expect.stringMatching(/^code: wrong/) } });
    expect((await login()).status).toBe(200);
  });

  it('once confirmed, sign-in needs the code; wrong and replayed codes are refused, the next step’s is taken', async () => {
    const { secret } = await enrol();
    const first = codeAt(secret);
    expect((await confirm(first)).status).toBe(200);
    expect((await h.call('POST', '/api/admin/totp/enrol', { device: tablet.token, user: token })).status).toBe(409);

    const missing = await login();
    expect(missing).toMatchObject({ status: 401, json: { code: 'totp' } });
    // The confirming code was spent by the confirmation: it cannot sign in.
    expect((await login(first)).status).toBe(401);
    // The secret is right but the code wrong: a failed try, like a wrong PIN.
    const wrong = String((Number(codeAt(secret, 1)) + 1) % 1e6).padStart(6, '0');
    expect((await login(wrong)).status).toBe(401);
    expect((await h.store.userById(admin.id))?.failures).toBe(1);

    h.advance(TOTP_PERIOD_S * 1000);
    const next = codeAt(secret);
    const ok = await login(next);
    expect(ok.status).toBe(200);
    expect(ok.json.token).toEqual(expect.any(String));
    expect((await h.store.userById(admin.id))?.failures).toBe(0);
    expect((await login(next)).status).toBe(401); // the same code again: a replay
    // A wrong PIN with the right code is refused too.
    h.advance(TOTP_PERIOD_S * 1000);
    const wrongPin = await h.call(
      'POST',
      '/api/auth/login',
      { device: tablet.token },
      { username: admin.username, secret: '135792468', code: codeAt(secret) },
    );
    expect(wrongPin.status).toBe(401);
    // The server shell's reset for a lost phone: the secret is gone, sign-in as before.
    expect(await h.store.turnOffTotp(admin.id)).toBe(true);
    expect((await h.store.totpOf(admin.id))?.secret).toBe('');
    expect((await login()).status).toBe(200);
  });

  it('the secret is stored marked as plain text, to be sealed under the server key', async () => {
    const { secret } = await enrol();
    expect(await h.store.totpOf(admin.id)).toEqual({ secret, enabled: false, lastStep: -1 });
  });
});
