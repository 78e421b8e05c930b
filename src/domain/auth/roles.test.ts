// Which secrets the server and the tablet refuse: short ones, PINs that are guessed first, and any
// PIN for an administrator.
import { describe, expect, it } from 'vitest';
import { describeSecretProblem, secretProblem } from './roles';

describe('secretProblem', () => {
  it.each(['000000', '999999', '123456', '654321', '890123', '0123456789', '121212', '123123', '45674567'])(
    'refuses the trivial PIN %s',
    (pin) => expect(secretProblem(pin, 'technologist')).toBe('trivial'),
  );
  it.each(['482913', '97531135', '55443322', '1357924680'])('accepts the PIN %s', (pin) =>
    expect(secretProblem(pin, 'technologist')).toBeNull(),
  );
  it('wants 6 digits or a 10-character password', () => {
    expect(secretProblem('48291', 'qaLead')).toBe('tooShort');
    expect(secretProblem('short pw', 'qaLead')).toBe('tooShort');
    expect(secretProblem('long enough pass', 'qaLead')).toBeNull();
  });
  it('gives an administrator no PIN, however good', () => {
    expect(secretProblem('482913', 'admin')).toBe('adminNeedsPassword');
    expect(secretProblem('long enough pass', 'admin')).toBeNull();
    expect(describeSecretProblem('adminNeedsPassword')).toMatch(/password .* for an administrator/);
  });
});
