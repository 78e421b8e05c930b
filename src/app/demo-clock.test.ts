// The demo clock runs faster for demo runs only: per session, and the real clock never moves with it.
import { describe, expect, it } from 'vitest';
import { demoClock } from './demo-clock';

describe('demo clock', () => {
  it('10× in one session: demo time runs ten times faster, the real clock and another session do not', () => {
    let real = 1_000_000;
    const now = () => real;
    const a = {};
    const b = {};
    const clock = demoClock(a, now);
    expect(demoClock(a, now)).toBe(clock); // the staff and patient views share it
    clock.setSpeed(10);
    real += 60_000;
    expect(clock.now()).toBe(1_000_000 + 600_000);
    expect(now()).toBe(1_060_000);
    const other = demoClock(b, now);
    expect(other.speed()).toBe(1);
    expect(other.now()).toBe(1_060_000);
    clock.setSpeed(1); // slowing down never runs time backwards
    real += 1_000;
    expect(clock.now()).toBe(1_601_000);
  });
});
