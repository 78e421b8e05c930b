// Trainer figures: attempts and scores per trainee and card, the steps trainees get wrong most (they
// feed the trainer notes), and each trainee's standing sign-off per card with what lapses soon. Pure:
// the events, the cards and `today` are passed in; the server and the tablet read the same numbers.
import type { PracticeAttemptSummary } from '../events/training.events';
import type { SopDefinition } from '../sop/sop.schema';
import { competencyStatus, type CompetencyRules, type LapseReason, type SignOff } from './competency';

export type CardFigures = {
  readonly sopId: string;
  readonly attempts: number;
  readonly passed: number;
  readonly meanScore: number;
  readonly bestScore: number;
  readonly lastScore: number;
};

export type TraineeFigures = {
  readonly trainee: string;
  readonly attempts: number;
  readonly passed: number;
  readonly meanScore: number;
  readonly cards: readonly CardFigures[];
};

export type StepMistakes = {
  readonly sopId: string;
  readonly stepId: string;
  /** Attempts in which the step was reviewed at all. */
  readonly seen: number;
  /** Attempts in which the step was an error. */
  readonly errors: number;
  readonly refused: number;
  readonly missed: number;
  readonly wrong: number;
};

export type SignOffStanding = {
  readonly trainee: string;
  readonly sopId: string;
  readonly version: number;
  readonly assessor: string;
  readonly assessedOn: string;
  readonly revalidateBy: string;
  readonly state: 'valid' | 'notYet' | 'lapsed';
  readonly reasons: readonly LapseReason[];
  /** Days until re-validation (negative: past it). */
  readonly daysLeft: number;
};

export type TrainingFigures = {
  readonly trainees: readonly TraineeFigures[];
  readonly mistakes: readonly StepMistakes[];
  readonly signOffs: readonly SignOffStanding[];
  /** Lapsed, or due for re-validation within `dueWithinDays`. */
  readonly due: readonly SignOffStanding[];
};

export type FigureInputs = {
  readonly attempts: readonly PracticeAttemptSummary[];
  readonly signOffs: readonly SignOff[];
  /** The version tablets offer now, per card id. */
  readonly current: (sopId: string) => SopDefinition | undefined;
  readonly sopVersion: (id: string, version: number) => SopDefinition | undefined;
  readonly rules: (sopId: string) => CompetencyRules | undefined;
  /** yyyy-mm-dd */
  readonly today: string;
  readonly dueWithinDays?: number;
};

export const DEFAULT_DUE_WITHIN_DAYS = 60;

const mean = (xs: readonly number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
const byTime = (a: PracticeAttemptSummary, b: PracticeAttemptSummary) => a.finishedAt - b.finishedAt;

export function daysBetween(from: string, to: string): number {
  const ms = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

function group<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) out.set(key(x), [...(out.get(key(x)) ?? []), x]);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function cardFigures(sopId: string, list: readonly PracticeAttemptSummary[]): CardFigures {
  const sorted = [...list].sort(byTime);
  const scores = sorted.map((a) => a.score);
  return {
    sopId,
    attempts: list.length,
    passed: list.filter((a) => a.passed).length,
    meanScore: mean(scores),
    bestScore: Math.max(...scores),
    lastScore: scores.at(-1)!,
  };
}

/** The standing sign-off of every trainee on every card they were ever assessed on. */
export function signOffStandings(inputs: FigureInputs): SignOffStanding[] {
  const out: SignOffStanding[] = [];
  for (const [key, list] of group(inputs.signOffs, (s) => `${s.trainee}\u0001${s.sop.id}`)) {
    const [trainee, sopId] = key.split('\u0001') as [string, string];
    const current = inputs.current(sopId) ?? inputs.sopVersion(sopId, Math.max(...list.map((s) => s.sop.version)));
    if (!current) continue;
    const st = competencyStatus(list, trainee, current, inputs.rules(sopId), inputs.sopVersion, inputs.today);
    if (st.state === 'none') continue;
    const s = st.signOff;
    out.push({
      trainee,
      sopId,
      version: s.sop.version,
      assessor: s.assessor,
      assessedOn: s.assessedOn,
      revalidateBy: s.revalidateBy,
      state: st.state,
      reasons: st.state === 'lapsed' ? st.reasons : [],
      daysLeft: daysBetween(inputs.today, s.revalidateBy),
    });
  }
  return out;
}

export function trainingFigures(inputs: FigureInputs): TrainingFigures {
  const trainees = [...group(inputs.attempts, (a) => a.trainee)].map(([trainee, list]) => ({
    trainee,
    attempts: list.length,
    passed: list.filter((a) => a.passed).length,
    meanScore: mean(list.map((a) => a.score)),
    cards: [...group(list, (a) => a.sop.id)].map(([sopId, l]) => cardFigures(sopId, l)),
  }));
  const tally = new Map<string, StepMistakes>();
  for (const a of inputs.attempts)
    for (const s of a.steps) {
      const key = `${a.sop.id}\u0001${s.stepId}`;
      const t = tally.get(key) ?? {
        sopId: a.sop.id,
        stepId: s.stepId,
        seen: 0,
        errors: 0,
        refused: 0,
        missed: 0,
        wrong: 0,
      };
      tally.set(key, {
        ...t,
        seen: t.seen + 1,
        errors: t.errors + (s.verdict === 'error' ? 1 : 0),
        refused: t.refused + s.refused,
        missed: t.missed + s.missed,
        wrong: t.wrong + s.wrong,
      });
    }
  const mistakes = [...tally.values()]
    .filter((m) => m.errors + m.refused + m.missed + m.wrong > 0)
    .sort((a, b) => b.errors - a.errors || b.missed + b.wrong - (a.missed + a.wrong) || b.refused - a.refused);
  const signOffs = signOffStandings(inputs);
  const within = inputs.dueWithinDays ?? DEFAULT_DUE_WITHIN_DAYS;
  const due = signOffs
    .filter((s) => s.state === 'lapsed' || (s.state === 'valid' && s.daysLeft <= within))
    .sort((a, b) => a.daysLeft - b.daysLeft);
  return { trainees, mistakes, signOffs, due };
}
