import { describe, expect, it } from 'vitest';
import { decodeHlc, encodeHlc, receiveHlc, tickHlc } from './hlc';

const MIN = 60_000;

describe('hybrid logical clock', () => {
  it('orders local stamps even when the wall clock goes back', () => {
    const a = tickHlc({ wall: 1000, counter: 0 }, 900);
    expect(a).toEqual({ wall: 1000, counter: 1 });
    expect(encodeHlc(a) > encodeHlc({ wall: 1000, counter: 0 })).toBe(true);
    expect(decodeHlc(encodeHlc(a))).toEqual(a);
  });

  it('follows a remote stamp ahead of it, within the allowed drift', () => {
    expect(receiveHlc({ wall: 1000, counter: 0 }, { wall: 1000 + 4 * MIN, counter: 3 }, 1000, 5 * MIN)).toEqual({
      wall: 1000 + 4 * MIN,
      counter: 4,
    });
  });

  it('is not dragged further than the allowed drift by a tablet with a fast clock', () => {
    const now = Date.UTC(2026, 10, 23, 9);
    const fast = { wall: now + 400 * 86_400_000, counter: 7 }; // 400 days ahead
    const after = receiveHlc({ wall: now, counter: 0 }, fast, now, 5 * MIN);
    expect(after.wall).toBe(now + 5 * MIN);
    expect(tickHlc(after, now + 1000).wall).toBe(now + 5 * MIN); // later local stamps stay near the real time
    expect(receiveHlc({ wall: now, counter: 0 }, fast, now).wall).toBe(fast.wall); // unbounded, as before
  });
});
