// The compiled machine's guards on the last step (issue 8 item 7): a skip or a fast path from a
// final step must never complete the card past the record or observation blockers.
import { describe, expect, it } from 'vitest';
import { canApply, machineFor, replay } from '../run/run.engine';
import type { RunCommand, RunInput, RunMachineEvent } from '../run/run.types';
import { DEFAULT_TIMER_RULES } from '../timers/timers';
import type { SopDefinition } from './sop.schema';
import { validateSop } from './sop.validate';

const T0 = Date.UTC(2026, 10, 23, 8, 0);
const MIN = 60_000;

/** inject (starts the observation) → send (body part) → discharge, the last step: skippable and fast-pathable. */
const card: SopDefinition = {
  schemaVersion: 1,
  id: 'final-step-test',
  version: 1,
  kind: 'exam',
  title: 't.title',
  modality: 'CT',
  bodyPart: 'abdomen',
  start: 'inject',
  steps: [
    {
      id: 'inject',
      title: 't.inject',
      items: [{ kind: 'check', id: 'injected', label: 't.injected', required: true }],
      timers: [{ timer: 'contrastObservation', action: 'start', on: 'leave' }],
      next: 'send',
    },
    {
      id: 'send',
      title: 't.send',
      items: [{ kind: 'text', id: 'bodyPart', label: 't.bp', required: true, recordField: 'bodyPart' }],
      next: 'discharge',
    },
    {
      id: 'discharge',
      title: 't.discharge',
      skippable: true,
      emergencySkip: true,
      items: [
        { kind: 'yesno', id: 'toWard', label: 't.toWard' },
        { kind: 'check', id: 'dischargeDone', label: 't.done', required: true },
      ],
      next: 'complete',
      branches: [{ when: { op: 'eq', item: 'toWard', value: true }, goto: 'handover' }],
    },
    { id: 'handover', title: 't.handover', skippable: true, items: [], next: 'complete' },
  ],
};

const input = (over: Partial<RunInput> = {}): RunInput => ({
  kind: 'exam',
  priority: 'emergency',
  arrivedAt: T0,
  hasPatientId: true,
  timerRules: DEFAULT_TIMER_RULES,
  ...over,
});

/** The run at the discharge step (then `extra`), one minute after the injection: the observation has 29 minutes to go. */
function atDischarge(over: Partial<RunInput> = {}, extra: RunCommand[] = []) {
  const cmds: RunCommand[] = [
    { type: 'answer', itemId: 'injected', value: true },
    { type: 'next' },
    { type: 'answer', itemId: 'bodyPart', value: 'abdomen' },
    { type: 'next' },
    ...extra,
  ];
  const events = cmds.map((c, i) => ({ ...c, at: T0 + (i + 1) * 1000 }) as RunMachineEvent);
  const { snapshot, rejected } = replay(machineFor(card), input(over), events);
  expect(rejected).toEqual([]);
  const at = T0 + MIN;
  return { snapshot, can: (c: RunCommand) => canApply(snapshot, { ...c, at } as RunMachineEvent) };
}

describe('a final step cannot be left past the completion blockers', () => {
  it('is a valid card', () => expect(validateSop(card).ok).toBe(true));

  it('skip on the last step is refused while the observation runs, even with a reason', () => {
    const { snapshot, can } = atDischarge();
    expect(snapshot.value).toBe('discharge');
    expect(can({ type: 'skip', reason: 'patient wants to go home' })).toBe(false);
    expect(can({ type: 'next', earlyCloseReason: 'patient wants to go home' })).toBe(false); // dischargeDone missing
  });

  it('skip on the last step is refused when the record lacks the patient ID', () => {
    const { can } = atDischarge({ hasPatientId: false });
    expect(can({ type: 'skip', reason: 'no time for this' })).toBe(false);
  });

  it('the emergency fast path from the last step is refused (it would land on "complete")', () => {
    const { can } = atDischarge();
    expect(can({ type: 'fastPath', reason: 'next emergency waiting' })).toBe(false);
  });

  it('a skip still works where the route leads to another step (the guard is not a blanket refusal)', () => {
    const { can } = atDischarge({}, [{ type: 'answer', itemId: 'toWard', value: true }]);
    expect(can({ type: 'skip', reason: 'ward nurse took over' })).toBe(true);
  });

  it('skip on a last step reached by a branch is refused too', () => {
    const { snapshot } = atDischarge({}, [
      { type: 'answer', itemId: 'toWard', value: true },
      { type: 'skip', reason: 'ward nurse took over' },
    ]);
    expect(snapshot.value).toBe('handover');
    expect(canApply(snapshot, { type: 'skip', reason: 'no time for this', at: T0 + MIN })).toBe(false);
    expect(canApply(snapshot, { type: 'next', at: T0 + MIN })).toBe(false); // observation still running
    expect(canApply(snapshot, { type: 'next', earlyCloseReason: 'to the ward', at: T0 + MIN })).toBe(true);
  });
});
