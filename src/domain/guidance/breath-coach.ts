// The breath-hold coach as a pure timeline: where the patient is at `elapsedMs` after the
// technologist pressed start. The view renders it; speech is triggered on phase changes.
export type BreathPhase =
  | { readonly kind: 'in' | 'out' | 'inHold'; readonly key: string }
  | { readonly kind: 'hold'; readonly key: string; readonly secondsLeft: number }
  | { readonly kind: 'normal'; readonly key: string };

const IN_MS = 3000;
const OUT_MS = 3000;
const IN_HOLD_MS = 3000;

/** breathe in … breathe out … breathe in and hold … N, N-1 … 1 … breathe normally. */
export function breathPhaseAt(elapsedMs: number, holdSeconds: number): BreathPhase {
  if (elapsedMs < IN_MS) return { kind: 'in', key: 'breath.in' };
  if (elapsedMs < IN_MS + OUT_MS) return { kind: 'out', key: 'breath.out' };
  if (elapsedMs < IN_MS + OUT_MS + IN_HOLD_MS) return { kind: 'inHold', key: 'breath.inHold' };
  const holdElapsed = elapsedMs - (IN_MS + OUT_MS + IN_HOLD_MS);
  if (holdElapsed < holdSeconds * 1000)
    return { kind: 'hold', key: 'breath.hold', secondsLeft: holdSeconds - Math.floor(holdElapsed / 1000) };
  return { kind: 'normal', key: 'breath.normal' };
}

export const breathCoachDurationMs = (holdSeconds: number) => IN_MS + OUT_MS + IN_HOLD_MS + holdSeconds * 1000;
