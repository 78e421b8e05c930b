import { describe, expect, it } from 'vitest';
import { ALARM_REPEAT_MS, alarmShouldSound } from './alarm-policy';

const T0 = Date.UTC(2026, 10, 23, 8, 0);

describe('alarmShouldSound', () => {
  it('sounds at once for a new alarm', () => {
    expect(alarmShouldSound(['a'], new Set(), undefined, T0)).toBe(true);
    expect(alarmShouldSound(['a', 'b'], new Set(['a']), T0, T0 + 1000)).toBe(true);
  });

  it('repeats while nobody acknowledges, not more often than the repeat interval', () => {
    const heard = new Set(['a']);
    expect(alarmShouldSound(['a'], heard, T0, T0 + ALARM_REPEAT_MS - 1)).toBe(false);
    expect(alarmShouldSound(['a'], heard, T0, T0 + ALARM_REPEAT_MS)).toBe(true);
  });

  it('stays silent once every alarm is acknowledged', () => {
    expect(alarmShouldSound([], new Set(['a']), T0, T0 + 10 * ALARM_REPEAT_MS)).toBe(false);
  });
});
