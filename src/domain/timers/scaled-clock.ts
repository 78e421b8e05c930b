// A clock that runs `speed` times faster than the one it is given: demo mode shows a 30-minute
// contrast observation in 3 minutes at 10×. It never runs backwards when the speed changes.
export type ScaledClock = {
  now(): number;
  readonly speed: () => number;
  setSpeed(speed: number): void;
};

export function scaledClock(real: () => number, speed = 1): ScaledClock {
  let anchorReal = real();
  let anchorScaled = anchorReal;
  let factor = speed;
  const now = () => anchorScaled + (real() - anchorReal) * factor;
  return {
    now,
    speed: () => factor,
    setSpeed(next) {
      if (!(next > 0)) throw new Error('speed must be above 0');
      anchorScaled = now(); // re-anchor: time so far stays, only what follows runs faster or slower
      anchorReal = real();
      factor = next;
    },
  };
}
