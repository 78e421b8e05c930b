// Saved periods in the tablet's calendar: whole months, quarters and half-years before `now`, across
// a year's end. Dates are built in the local calendar, so the test holds in any time zone.
import { describe, expect, it } from 'vitest';
import { presetOf, presetPeriod } from './dashboard.periods';

const local = (y: number, m: number, d = 1) => new Date(y, m - 1, d).getTime();

describe('saved dashboard periods', () => {
  const now = local(2026, 2, 17) + 15 * 3600_000; // 17 Feb 2026, 15:00
  it('this month, last month (over the new year), the last whole quarter and half-year', () => {
    expect(presetPeriod('thisMonth', now)).toEqual({ from: local(2026, 2), to: local(2026, 3) });
    expect(presetPeriod('lastMonth', now)).toEqual({ from: local(2026, 1), to: local(2026, 2) });
    expect(presetPeriod('lastMonth', local(2026, 1, 9))).toEqual({ from: local(2025, 12), to: local(2026, 1) });
    expect(presetPeriod('lastQuarter', now)).toEqual({ from: local(2025, 10), to: local(2026, 1) });
    expect(presetPeriod('lastQuarter', local(2026, 12, 31))).toEqual({ from: local(2026, 7), to: local(2026, 10) });
    expect(presetPeriod('lastHalfYear', now)).toEqual({ from: local(2025, 7), to: local(2026, 1) });
    expect(presetPeriod('lastHalfYear', local(2026, 7, 1))).toEqual({ from: local(2026, 1), to: local(2026, 7) });
  });

  it('knows a period that is a preset, and one that is not', () => {
    expect(presetOf({ from: local(2026, 1), to: local(2026, 2) }, now)).toBe('lastMonth');
    expect(presetOf({ from: local(2026, 1, 2), to: local(2026, 2) }, now)).toBeUndefined();
  });
});
