// The tablet's clock corrected by the offset to the server's, learnt from each reply as it comes
// (the least delayed reply wins): a merge in the same round already uses the corrected time, so a
// tablet whose own clock is wrong does not push its hybrid clock ahead with it.
export type ServerClock = {
  now(): number;
  /** A request sent at `t0` and answered at `t1` (this clock's readings), which the server stamped `serverTime`. */
  learn(t0: number, t1: number, serverTime: number): void;
  /** The total offset to the server's clock: what the tablet adds to its own from now on. */
  skewMs(): number;
};

/** Replies slower than this say little about the server's time. */
const MAX_ROUND_TRIP_MS = 2000;

export function serverClock(now: () => number, skewMs: number): ServerClock {
  let correction = 0;
  let best = MAX_ROUND_TRIP_MS;
  return {
    now: () => now() + correction,
    learn(t0, t1, serverTime) {
      const roundTrip = t1 - t0;
      if (roundTrip >= best) return;
      best = roundTrip;
      correction += Math.round(serverTime - (t0 + t1) / 2);
    },
    skewMs: () => skewMs + correction,
  };
}
