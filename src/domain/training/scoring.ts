// Scores a practice run against its scenario and writes the per-step review. Pure: the attempt is
// what the practice screen recorded (every move, refused ones included, with the time passed in).
import type { AnswerValue } from '../sop/answers';
import type { RunCommand } from '../run/run.types';
import type { ExpectedMove, TrainingScenario } from './scenario.schema';

/** One tap of the trainee, as the practice screen saw it. */
export type PracticeMove = {
  readonly at: number;
  /** The step the trainee was on. */
  readonly stepId: string;
  readonly command: RunCommand;
  /** Whether the card's machine took it (Next with a required check open is refused). */
  readonly accepted: boolean;
  /** Required items still open at that moment (the screen's blockers). */
  readonly missing?: readonly string[];
};

export type PracticeAttempt = {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly moves: readonly PracticeMove[];
  /** Whether the run reached the card's end. */
  readonly completed: boolean;
};

export type WrongAnswer = { readonly item: string; readonly expected: AnswerValue; readonly given?: AnswerValue };

export type StepReview = {
  readonly stepId: string;
  readonly seconds: number;
  readonly refused: number;
  readonly missedChecks: readonly string[];
  readonly wrongAnswers: readonly WrongAnswer[];
  /** The step the scenario expected here, when the trainee was somewhere else. */
  readonly wrongBranch?: string;
  readonly moveTaken: ExpectedMove | 'cancel' | 'none';
  readonly moveExpected?: ExpectedMove;
  /** A skip or fast path the scenario did not call for. */
  readonly unexpectedSkip: boolean;
  readonly overTime: boolean;
  /** A trap of the scenario was on this step and the trainee fell for it. */
  readonly trapMissed: boolean;
  readonly penalty: number;
  readonly verdict: 'ok' | 'minor' | 'error';
};

export type PracticeScore = {
  readonly score: number;
  readonly passed: boolean;
  readonly passMark: number;
  readonly steps: readonly StepReview[];
  /** Expected steps the trainee never reached (wrong branch, or stopped early). */
  readonly notReached: readonly string[];
  readonly totalSeconds: number;
};

/** Points taken off per mistake (out of 100). */
export const PENALTY = {
  refused: 2,
  missedCheck: 5,
  wrongAnswer: 10,
  wrongBranch: 20,
  unexpectedSkip: 10,
  moveDiffers: 5,
  overTime: 2,
  notReached: 5,
} as const;

const LEAVING = new Set(['next', 'skip', 'fastPath', 'back', 'cancel']);

export function scorePractice(scenario: TrainingScenario, attempt: PracticeAttempt): PracticeScore {
  const answers = new Map<string, AnswerValue>();
  const steps: StepReview[] = [];
  const trapsAt = new Map<string, Set<string>>();
  for (const t of scenario.traps ?? []) trapsAt.set(t.step, (trapsAt.get(t.step) ?? new Set()).add(t.item));
  let aligned = true;
  let enteredAt = attempt.startedAt;
  let segment: PracticeMove[] = [];

  const close = (leave: PracticeMove | undefined, leftAt: number) => {
    const stepId = leave?.stepId ?? segment.at(-1)?.stepId;
    if (!stepId) return;
    const expected = aligned ? scenario.expect[steps.length] : undefined;
    const wrongBranch = expected && expected.step !== stepId ? expected.step : undefined;
    if (wrongBranch || !expected) aligned = false;
    const cmp = wrongBranch ? undefined : expected;
    const refusedMoves = segment.filter((m) => !m.accepted);
    const missed = new Set(refusedMoves.flatMap((m) => m.missing ?? []));
    const taken = leave ? (leave.command.type as StepReview['moveTaken']) : 'none';
    if (taken === 'skip' || taken === 'fastPath') leave?.missing?.forEach((i) => missed.add(i));
    const wrongAnswers: WrongAnswer[] = Object.entries(cmp?.answers ?? {}).flatMap(([item, want]) =>
      answers.get(item) === want ? [] : [{ item, expected: want, given: answers.get(item) }],
    );
    const moveExpected = cmp ? (cmp.move ?? 'next') : undefined;
    const skipping = taken === 'skip' || taken === 'fastPath';
    const unexpectedSkip = skipping && moveExpected !== taken;
    const moveDiffers = !skipping && moveExpected !== undefined && taken !== 'none' && taken !== moveExpected;
    const seconds = Math.max(0, Math.round((leftAt - enteredAt) / 1000));
    const overTime = cmp?.maxSeconds !== undefined && seconds > cmp.maxSeconds;
    const traps = trapsAt.get(stepId);
    const trapMissed = Boolean(cmp && traps && wrongAnswers.some((w) => traps.has(w.item)));
    const penalty =
      refusedMoves.length * PENALTY.refused +
      missed.size * PENALTY.missedCheck +
      wrongAnswers.length * PENALTY.wrongAnswer +
      (wrongBranch ? PENALTY.wrongBranch : 0) +
      (unexpectedSkip ? PENALTY.unexpectedSkip : 0) +
      (moveDiffers ? PENALTY.moveDiffers : 0) +
      (overTime ? PENALTY.overTime : 0);
    const serious = wrongBranch || wrongAnswers.length || unexpectedSkip || missed.size;
    steps.push({
      stepId,
      seconds,
      refused: refusedMoves.length,
      missedChecks: [...missed],
      wrongAnswers,
      ...(wrongBranch && { wrongBranch }),
      moveTaken: taken,
      ...(moveExpected && { moveExpected }),
      unexpectedSkip,
      overTime,
      trapMissed,
      penalty,
      verdict: serious ? 'error' : penalty > 0 ? 'minor' : 'ok',
    });
    enteredAt = leftAt;
    segment = [];
  };

  for (const m of attempt.moves) {
    segment.push(m);
    if (!m.accepted) continue;
    if (m.command.type === 'answer') {
      if (m.command.value === null) answers.delete(m.command.itemId);
      else answers.set(m.command.itemId, m.command.value);
    } else if (LEAVING.has(m.command.type)) close(m, m.at);
  }
  // The step the trainee stopped on (not left) is reviewed too, unless the card was finished.
  if (!attempt.completed && (segment.length || steps.length === 0)) close(undefined, attempt.finishedAt);

  // From where the walk left the scenario's path (or stopped), the expected steps were never reached.
  const diverged = steps.findIndex((s) => s.wrongBranch);
  const notReached = scenario.expect.slice(diverged === -1 ? steps.length : diverged).map((e) => e.step);
  const lost = steps.reduce((sum, s) => sum + s.penalty, 0) + notReached.length * PENALTY.notReached;
  const score = Math.max(0, 100 - lost);
  const passMark = scenario.passMark ?? 80;
  const critical = steps.some((s) => s.wrongBranch || s.trapMissed || s.unexpectedSkip);
  return {
    score,
    passMark,
    passed: score >= passMark && !critical && attempt.completed,
    steps,
    notReached,
    totalSeconds: Math.max(0, Math.round((attempt.finishedAt - attempt.startedAt) / 1000)),
  };
}
