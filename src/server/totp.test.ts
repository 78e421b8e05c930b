// RFC 6238 appendix B's SHA-1 vectors, RFC 4648's base32 vectors, the ±1 step window at its edges, a
// wrong code, and a replayed one. Time is passed in: no clock is read here.
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchingStep, otpauthUri, timeStep, totpAt } from './totp';

const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP (RFC 6238, HMAC-SHA1)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('the RFC 6238 vector at T = %i s is %s (8 digits), and its last 6 digits with 6', (seconds, code) => {
    expect(totpAt(RFC_KEY, seconds * 1000, 8)).toBe(code);
    expect(totpAt(RFC_KEY, seconds * 1000)).toBe(code.slice(2));
  });

  it('HOTP matches RFC 4226’s first vectors', () => {
    expect([0, 1, 2, 9].map((c) => hotp(RFC_KEY, c))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('base32 as RFC 4648 writes it (unpadded), read back with case, spaces and padding forgiven', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, b32] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(b32);
      expect(base32Decode(b32).toString()).toBe(plain);
    }
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    expect(base32Encode(RFC_KEY)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(() => base32Decode('MZ1W')).toThrow(/not base32/);
  });

  describe('accepting a code', () => {
    const t = 1_700_000_010_000; // 10 s into a step
    const step = timeStep(t);
    const code = hotp(RFC_KEY, step);
    const stepStart = step * 30_000;

    it('takes the current code, and one step either side', () => {
      expect(matchingStep(RFC_KEY, code, t, -1)).toBe(step);
      expect(matchingStep(RFC_KEY, hotp(RFC_KEY, step - 1), t, -1)).toBe(step - 1);
      expect(matchingStep(RFC_KEY, hotp(RFC_KEY, step + 1), t, -1)).toBe(step + 1);
    });

    it('at the window’s edges: from the start of the step before to the end of the step after', () => {
      expect(matchingStep(RFC_KEY, code, stepStart - 30_000, -1)).toBe(step);
      expect(matchingStep(RFC_KEY, code, stepStart - 30_001, -1)).toBeUndefined();
      expect(matchingStep(RFC_KEY, code, stepStart + 60_000 - 1, -1)).toBe(step);
      expect(matchingStep(RFC_KEY, code, stepStart + 60_000, -1)).toBeUndefined();
    });

    it('refuses a wrong code, a code of another secret, and anything not six digits', () => {
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      expect(matchingStep(RFC_KEY, wrong, t, -1)).toBeUndefined();
      expect(matchingStep(Buffer.from('another secret of 20'), code, t, -1)).toBeUndefined();
      for (const bad of ['', '12345', '1234567', ' 12345', 'abcdef'])
        expect(matchingStep(RFC_KEY, bad, t, -1)).toBeUndefined();
    });

    it('refuses a replay: the step already used, or an earlier one', () => {
      expect(matchingStep(RFC_KEY, code, t, step)).toBeUndefined();
      expect(matchingStep(RFC_KEY, hotp(RFC_KEY, step - 1), t, step)).toBeUndefined();
      expect(matchingStep(RFC_KEY, hotp(RFC_KEY, step + 1), t, step)).toBe(step + 1);
    });
  });

  it('writes the otpauth:// link an authenticator app takes', () => {
    expect(otpauthUri({ issuer: 'ScanCard', account: 'chen admin', secret: 'MZXW6YTBOI' })).toBe(
      'otpauth://totp/ScanCard:chen%20admin?secret=MZXW6YTBOI&issuer=ScanCard&algorithm=SHA1&digits=6&period=30',
    );
  });
});
