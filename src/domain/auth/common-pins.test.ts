// The shipped list of common PINs: exactly 1,000 six-digit PINs, none the rule refuses already, and
// secretProblem refuses each of them (and still accepts an unremarkable PIN).
import { describe, expect, it } from 'vitest';
import { COMMON_PINS } from './common-pins';
import { secretProblem } from './roles';

describe('the 1,000 most common PINs', () => {
  it('are 1,000 distinct six-digit PINs', () => {
    expect(COMMON_PINS.size).toBe(1000);
    expect([...COMMON_PINS].filter((p) => !/^\d{6}$/.test(p))).toEqual([]);
  });

  it('are each refused, as trivial, for every role that may have a PIN', () => {
    const accepted = [...COMMON_PINS].filter((p) => secretProblem(p, 'technologist') !== 'trivial');
    expect(accepted).toEqual([]);
    for (const pin of ['147258', '520520', '789456', '010185', '198500']) expect(secretProblem(pin)).toBe('trivial');
    expect(secretProblem('482913', 'technologist')).toBeNull();
  });
});
