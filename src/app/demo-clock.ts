// The demo clock, one per signed-in session (keyed by the session's run store): the staff and patient
// views of a demo share it, a new sign-in starts again at 1×, and the session's own clock, which
// real runs use, is never touched.
import { scaledClock, type ScaledClock } from '../domain/timers/scaled-clock';

const clocks = new WeakMap<object, ScaledClock>();

export function demoClock(session: object, real: () => number): ScaledClock {
  let c = clocks.get(session);
  if (!c) clocks.set(session, (c = scaledClock(real)));
  return c;
}
