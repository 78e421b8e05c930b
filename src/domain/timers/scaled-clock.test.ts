import { describe, expect, it } from 'vitest';
import { scaledClock } from './scaled-clock';

describe('the demo clock', () => {
  it('starts at real time and runs 10× faster at 10×', () => {
    let t = 1_000_000;
    const c = scaledClock(() => t, 10);
    expect(c.now()).toBe(1_000_000);
    t += 18_000; // 18 s real
    expect(c.now()).toBe(1_000_000 + 180_000);
  });

  it('keeps the time so far when the speed changes, and never goes back', () => {
    let t = 0;
    const c = scaledClock(() => t, 10);
    t = 1000;
    expect(c.now()).toBe(10_000);
    c.setSpeed(1);
    expect(c.now()).toBe(10_000);
    t = 2000;
    expect(c.now()).toBe(11_000);
    expect(c.speed()).toBe(1);
    expect(() => c.setSpeed(0)).toThrow(/above 0/);
  });
});
