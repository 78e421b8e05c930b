// The scored practice run in progress on this tab: its scenario, its demo run and every move the
// run screen reported (refused ones included). Kept in memory beside the demo clock: a reload ends the
// practice (the demo run stays, unscored), which is what a trainer restarting a session expects.
import { useSyncExternalStore } from 'react';
import type { TrainingScenario } from '../../../domain/training/scenario.schema';
import type { PracticeMove } from '../../../domain/training/scoring';
import type { PracticeRecorder } from '../../services';

export type PracticeSession = {
  readonly scenario: TrainingScenario;
  readonly sop: { readonly id: string; readonly version: number };
  readonly runId: string;
  readonly startedAt: number;
  readonly moves: readonly PracticeMove[];
  /** Set once the attempt is scored and recorded: scoring again shows the same result. */
  readonly finishedAt?: number;
  readonly attemptId?: string;
};

let current: PracticeSession | undefined;
const listeners = new Set<() => void>();
const changed = (next: PracticeSession | undefined) => {
  current = next;
  listeners.forEach((l) => l());
};

export const practiceSession = {
  get: () => current,
  begin: (s: Omit<PracticeSession, 'moves'>) => changed({ ...s, moves: [] }),
  finish: (finishedAt: number, attemptId: string) => current && changed({ ...current, finishedAt, attemptId }),
  end: () => changed(undefined),
  subscribe(l: () => void) {
    listeners.add(l);
    return () => void listeners.delete(l);
  },
};

/** What the run screen reports to (through the demo services): moves after the finish are not scored. */
export const practiceRecorder: PracticeRecorder = {
  isPractice: (runId) => current?.runId === runId && current.finishedAt === undefined,
  record(runId, move) {
    if (current?.runId === runId && current.finishedAt === undefined)
      changed({ ...current, moves: [...current.moves, move] });
  },
};

export const usePracticeSession = () => useSyncExternalStore(practiceSession.subscribe, practiceSession.get);
