// Scenarios: scripted walks through a card, used by tests to prove every branch of every
// built-in SOP is reachable and completes. Also handy as demo scripts for trainers later.
import type { AnswerValue } from '../domain/sop/answers';
import type { KnownFacts } from '../domain/sop/known-facts';
import type { RunCommand, RunPriority, RunStatus } from '../domain/run/run.types';

export type ScenarioAction = RunCommand | { type: 'wait'; ms: number };

export type Scenario = {
  readonly name: string;
  readonly priority?: RunPriority;
  /** What the new-exam form said (recorded first, as the tablet does); the technologist's name always. */
  readonly facts?: KnownFacts;
  readonly actions: readonly ScenarioAction[];
  /** Step ids visited, in order (the run's path at the end). */
  readonly expectPath: readonly string[];
  readonly expectStatus: RunStatus;
};

/** Answer a step's items, then move on. */
export function step(answers: Record<string, AnswerValue>, move: RunCommand = { type: 'next' }): ScenarioAction[] {
  return [...Object.entries(answers).map(([itemId, value]) => ({ type: 'answer' as const, itemId, value })), move];
}
