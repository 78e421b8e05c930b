// Compiles a validated SOP definition into an xstate v5 machine: one state per step plus the
// final states "completed" and "cancelled". The machine is the only judge of which moves are
// allowed; the UI asks it with `snapshot.can(event)`. Timers are context data (absolute times),
// never `after` transitions, because delayed transitions do not survive a persisted snapshot.
import { assign, setup } from 'xstate';
import { answerProblem } from './answers';
import { fastPathTarget, indexSop, possibleTargets, resolveNext, type SopIndex } from './sop.index';
import type { SopDefinition, SopStep } from './sop.schema';
import { nextBlockers, observationRunning, timerGate } from '../run/run.blockers';
import { applyKnown, cancel, goBack, initialContext, move, setAnswer } from '../run/run.context';
import { isReason, type RunContext, type RunInput, type RunMachineEvent } from '../run/run.types';

const COMPLETED = 'completed';
const CANCELLED = 'cancelled';
const stateOf = (target: string) => (target === 'complete' ? COMPLETED : target);

type Ev<T extends RunMachineEvent['type']> = Extract<RunMachineEvent, { type: T }>;

export function compileSop(sop: SopDefinition) {
  const index = indexSop(sop);
  const machineSetup = setup({
    types: { context: {} as RunContext, events: {} as RunMachineEvent, input: {} as RunInput },
  });

  const states: Record<string, object> = {};
  for (const step of sop.steps) states[step.id] = compileStep(index, step);
  states[COMPLETED] = { type: 'final' };
  states[CANCELLED] = { type: 'final' };

  return machineSetup.createMachine({
    id: `${sop.id}@${sop.version}`,
    initial: sop.start,
    context: ({ input }: { input: RunInput }) => initialContext(index, input),
    states,
  } as never);
}

export type RunMachine = ReturnType<typeof compileSop>;

function compileStep(index: SopIndex, step: SopStep) {
  const itemIds = new Set(step.items.map((i) => i.id));
  const targets = possibleTargets(step);
  const routeIs = (ctx: RunContext, target: string) => resolveNext(index, step, ctx.answers) === target;

  const next = targets.map((target) => ({
    target: stateOf(target),
    guard: ({ context, event }: { context: RunContext; event: Ev<'next'> }) =>
      routeIs(context, target) && nextBlockers(index, context, event.at, event.earlyCloseReason).length === 0,
    actions: assign(({ context, event }: { context: RunContext; event: Ev<'next'> }) => {
      const moved = move(index, context, target, event.at, 'next');
      // Only a real early close keeps its reason; a reason sent after the observation ended is moot.
      const closedEarly =
        target === 'complete' && observationRunning(context, event.at) && isReason(event.earlyCloseReason);
      return closedEarly ? { ...moved, earlyCloseReason: event.earlyCloseReason!.trim() } : moved;
    }),
  }));

  // Skipping never completes the card: the last step holds the exam record.
  const skip = step.skippable
    ? targets
        .filter((t) => t !== 'complete')
        .map((target) => ({
          target: stateOf(target),
          guard: ({ context, event }: { context: RunContext; event: Ev<'skip'> }) =>
            isReason(event.reason) && routeIs(context, target),
          actions: assign(({ context, event }: { context: RunContext; event: Ev<'skip'> }) => {
            const moved = move(index, context, target, event.at, 'skip');
            return {
              ...moved,
              skips: [...moved.skips, { stepId: step.id, reason: event.reason.trim(), at: event.at }],
            };
          }),
        }))
    : [];

  const fastPath = step.emergencySkip
    ? index.sop.steps
        .filter((s) => !s.emergencySkip)
        .map((s) => ({
          target: s.id,
          guard: ({ context, event }: { context: RunContext; event: Ev<'fastPath'> }) =>
            isReason(event.reason) && fastPathTarget(index, step.id, context.answers).target === s.id,
          actions: assign(({ context, event }: { context: RunContext; event: Ev<'fastPath'> }) => {
            const { skipped } = fastPathTarget(index, step.id, context.answers);
            const moved = move(index, context, s.id, event.at, 'fastPath');
            const entry = { fromStep: step.id, to: s.id, skipped, reason: event.reason.trim(), at: event.at };
            return { ...moved, fastPaths: [...moved.fastPaths, entry] };
          }),
        }))
    : [];

  const back = index.sop.steps
    .filter((s) => s.id !== step.id)
    .map((s) => ({
      target: s.id,
      guard: ({ context }: { context: RunContext }) => context.path.at(-2) === s.id,
      actions: assign(({ context, event }: { context: RunContext; event: Ev<'back'> }) =>
        goBack(index, context, event.at),
      ),
    }));

  return {
    on: {
      answer: {
        // Clearing is always allowed; a value only once the item's timer (if any) has run.
        guard: ({ context, event }: { context: RunContext; event: Ev<'answer'> }) =>
          itemIds.has(event.itemId) &&
          answerProblem(index.items.get(event.itemId)!, event.value) === null &&
          (event.value === null || timerGate(index.items.get(event.itemId)!, context, event.at) === null),
        actions: assign(({ context, event }: { context: RunContext; event: Ev<'answer'> }) =>
          setAnswer(context, event.itemId, event.value),
        ),
      },
      // Once per run, right after creation: the facts the new-exam form gave (prefilled answers).
      known: {
        guard: ({ context }: { context: RunContext }) => context.facts === undefined,
        actions: assign(({ context, event }: { context: RunContext; event: Ev<'known'> }) =>
          applyKnown(index, context, event.facts),
        ),
      },
      next,
      skip,
      fastPath,
      back,
      cancel: {
        target: CANCELLED,
        guard: ({ event }: { event: Ev<'cancel'> }) => isReason(event.reason),
        actions: assign(({ context, event }: { context: RunContext; event: Ev<'cancel'> }) =>
          cancel(context, event.reason, event.at),
        ),
      },
    },
  };
}
