// Hybrid logical clock: orders events across tablets even when a device clock jumps backwards
// or runs wrong. Each stamp is max(wall clock, last stamp) plus a counter, encoded so that
// string order is time order.
export type Hlc = { readonly wall: number; readonly counter: number };

export const HLC_ZERO: Hlc = { wall: 0, counter: 0 };

/** The stamp for a new local event. */
export function tickHlc(last: Hlc, now: number): Hlc {
  return now > last.wall ? { wall: now, counter: 0 } : { wall: last.wall, counter: last.counter + 1 };
}

/**
 * Merge a stamp seen from another device so later local events sort after it. A remote wall time
 * more than `maxAheadMs` ahead of `now` counts only up to that: one tablet with a fast clock must not
 * drag every other tablet's clock (and the merge order) into the future.
 */
export function receiveHlc(last: Hlc, remote: Hlc, now: number, maxAheadMs = Number.POSITIVE_INFINITY): Hlc {
  if (remote.wall > now + maxAheadMs) remote = { wall: now + maxAheadMs, counter: 0 };
  const wall = Math.max(last.wall, remote.wall, now);
  if (wall === last.wall && wall === remote.wall) return { wall, counter: Math.max(last.counter, remote.counter) + 1 };
  if (wall === last.wall) return { wall, counter: last.counter + 1 };
  if (wall === remote.wall) return { wall, counter: remote.counter + 1 };
  return { wall, counter: 0 };
}

export function encodeHlc(h: Hlc): string {
  return `${h.wall.toString(36).padStart(10, '0')}-${h.counter.toString(36).padStart(5, '0')}`;
}

export function decodeHlc(s: string): Hlc {
  const m = /^([0-9a-z]{10})-([0-9a-z]{5})$/.exec(s);
  if (!m) throw new Error(`not a clock stamp: "${s}"`);
  return { wall: parseInt(m[1]!, 36), counter: parseInt(m[2]!, 36) };
}
