// The shape of an exam (or QC) run as the state machine sees it. Patient identity is not in here:
// it lives in the run header, so the machine context holds no identifiers.
import type { AnswerValue } from '../sop/answers';
import type { KnownFacts } from '../sop/known-facts';
import type { TimerId } from '../sop/sop.schema';
import type { TimerRules, TimerState } from '../timers/timers';

export type RunPriority = 'routine' | 'urgent' | 'emergency';
export const PRIORITIES: readonly RunPriority[] = ['emergency', 'urgent', 'routine'];

export type RunInput = {
  readonly kind: 'exam' | 'qc';
  readonly priority: RunPriority;
  readonly arrivedAt: number;
  readonly hasPatientId: boolean;
  /** Timer rules in force when the run started; pinned so a settings change never moves a deadline. */
  readonly timerRules: TimerRules;
};

export type MoveKind = 'next' | 'skip' | 'fastPath' | 'back';

export type StepVisit = {
  readonly stepId: string;
  readonly enteredAt: number;
  readonly leftAt?: number;
  readonly how?: MoveKind;
};

export type RunContext = RunInput & {
  readonly answers: Readonly<Record<string, AnswerValue>>;
  /** Steps walked to reach the current one; the current step is last. */
  readonly path: readonly string[];
  readonly visits: readonly StepVisit[];
  readonly skips: readonly { stepId: string; reason: string; at: number }[];
  readonly fastPaths: readonly { fromStep: string; to: string; skipped: string[]; reason: string; at: number }[];
  readonly timers: Readonly<Partial<Record<TimerId, TimerState>>>;
  readonly completedAt?: number;
  readonly earlyCloseReason?: string;
  readonly cancelled?: { reason: string; at: number };
  /** Facts recorded when the run started (the "known" command); absent on runs from before it existed. */
  readonly facts?: KnownFacts;
  /** Items whose current answer came from those facts, not from a tap. */
  readonly prefilled?: readonly string[];
};

/** Everything a technologist can do to a run. Each is stored verbatim as an event in the log. */
export type RunCommand =
  | { type: 'answer'; itemId: string; value: AnswerValue | null }
  /** Written by the tablet right after creation: what the new-exam form already said. */
  | { type: 'known'; facts: KnownFacts }
  | { type: 'next'; earlyCloseReason?: string }
  | { type: 'back' }
  | { type: 'skip'; reason: string }
  | { type: 'fastPath'; reason: string }
  | { type: 'cancel'; reason: string };

/** A command at a point in time: what the machine consumes. */
export type RunMachineEvent = RunCommand & { at: number };

export type RunStatus = 'active' | 'completed' | 'cancelled';

/** Typed reasons (skip, fast path, early close, cancel) must say something. */
export const MIN_REASON_LENGTH = 3;
export const isReason = (s: string | undefined): s is string => (s?.trim().length ?? 0) >= MIN_REASON_LENGTH;
