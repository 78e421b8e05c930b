// Runs the compiled SOP machine without an actor: pure transitions over snapshots, so the same
// code applies a tap, rebuilds a run from its event log, and checks what is allowed.
import { createActor, initialTransition, transition } from 'xstate';
import { compileSop, type RunMachine } from '../sop/sop.compile';
import type { SopDefinition } from '../sop/sop.schema';
import type { RunContext, RunInput, RunMachineEvent, RunStatus } from './run.types';

/**
 * The meaning of a run's event log: bump it whenever compiling or replaying (or the projection built
 * on it) would turn an existing log into a different result, so stored projections are known to be
 * stale and get rebuilt. The golden replay tests (run/golden/) fail until this is bumped and they
 * are regenerated on purpose.
 */
export const ENGINE_VERSION = 1;

export type RunSnapshot = ReturnType<RunMachine['resolveState']>;

/** What the database keeps as the derived view of a run: enough to resume without replaying. */
export type PersistedRunState = { readonly value: string; readonly context: RunContext };

const machines = new WeakMap<SopDefinition, RunMachine>();

/** One compiled machine per definition object (definitions are immutable once loaded). */
export function machineFor(sop: SopDefinition): RunMachine {
  let machine = machines.get(sop);
  if (!machine) machines.set(sop, (machine = compileSop(sop)));
  return machine;
}

export function startRun(machine: RunMachine, input: RunInput): RunSnapshot {
  return initialTransition(machine, input)[0];
}

/** Applies one event; a move the SOP does not allow leaves the snapshot untouched. */
export function applyEvent(
  machine: RunMachine,
  snapshot: RunSnapshot,
  event: RunMachineEvent,
): { accepted: boolean; snapshot: RunSnapshot } {
  if (snapshot.status !== 'active' || !snapshot.can(event)) return { accepted: false, snapshot };
  return { accepted: true, snapshot: transition(machine, snapshot, event)[0] };
}

/**
 * Rebuilds a run from its log. Rejected events are reported, never silently dropped. `onAccepted`
 * sees the snapshot after each accepted event (the projection uses it to say who made which move).
 */
export function replay(
  machine: RunMachine,
  input: RunInput,
  events: readonly RunMachineEvent[],
  onAccepted?: (i: number, snapshot: RunSnapshot) => void,
) {
  // One actor for the whole log: transition() builds a throw-away actor on every call, which made
  // rebuilding hundreds of merged runs slow. The actor runs no side effects: guards and assigns only.
  const actor = createActor(machine, { input }).start();
  const rejected: number[] = [];
  let snapshot = actor.getSnapshot();
  events.forEach((event, i) => {
    if (snapshot.status !== 'active' || !snapshot.can(event)) return void rejected.push(i);
    actor.send(event);
    snapshot = actor.getSnapshot();
    onAccepted?.(i, snapshot);
  });
  actor.stop();
  return { snapshot, rejected };
}

export function persistRunState(snapshot: RunSnapshot): PersistedRunState {
  return { value: snapshot.value as string, context: snapshot.context };
}

export function restoreRun(machine: RunMachine, state: PersistedRunState): RunSnapshot {
  const status = state.value === 'completed' || state.value === 'cancelled' ? 'done' : 'active';
  return machine.resolveState({ value: state.value, context: state.context, status });
}

export function runStatusOf(state: PersistedRunState): RunStatus {
  if (state.value === 'completed') return 'completed';
  if (state.value === 'cancelled') return 'cancelled';
  return 'active';
}

export function canApply(snapshot: RunSnapshot, event: RunMachineEvent): boolean {
  return snapshot.status === 'active' && snapshot.can(event);
}
