// Which patient-guidance texts to show at a step: the topic's script (or its child version for the
// patient's age band), guardian notes the card asks for, and the breath-hold length. Returns text
// keys of the "patient" namespace, never text: the view translates them.
import type { SopStep } from '../sop/sop.schema';

/** Child-life bands (MISSION.md): 0–3 speaks to the parent, 4–7 a short story, 8–12 plain, 13–17 teen. */
export const AGE_BANDS = ['infant', 'young', 'school', 'teen'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function ageBand(ageYears: number | undefined): AgeBand | null {
  if (ageYears === undefined || ageYears < 0 || ageYears >= 18) return null;
  if (ageYears <= 3) return 'infant';
  if (ageYears <= 7) return 'young';
  if (ageYears <= 12) return 'school';
  return 'teen';
}

export type GuidanceKeys = {
  readonly topic: string;
  readonly title: string;
  readonly time: string;
  /** Adult script parts, or the single child text for the band. */
  readonly body: readonly string[];
  readonly band: AgeBand | null;
  readonly guardianNotes: readonly string[];
  readonly breathHoldSeconds?: number;
};

/**
 * Keys for a step's guidance, or null when the step has none (staff-only steps).
 * `hasKey` tells whether a child version exists; without one the adult script is used.
 */
export function guidanceKeys(
  step: SopStep,
  band: AgeBand | null,
  hasKey: (key: string) => boolean,
): GuidanceKeys | null {
  if (!step.guidance) return null;
  const topic = step.guidance.replace(/^topic\./, '');
  const childKey = band ? `child.${band}.${topic}` : undefined;
  const useChild = childKey !== undefined && hasKey(childKey);
  return {
    topic,
    title: `${step.guidance}.title`,
    time: `${step.guidance}.time`,
    body: useChild ? [childKey] : [`${step.guidance}.what`, `${step.guidance}.do`],
    band: useChild ? band : null,
    guardianNotes: band ? (step.guardianNotes ?? []).map((n) => `guardian.${n}`) : [],
    ...(step.breathHold && { breathHoldSeconds: step.breathHold.holdSeconds }),
  };
}
