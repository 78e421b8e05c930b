import { describe, expect, it } from 'vitest';
import { CURRENT_SOPS } from '../../sops/current';
import { indexSop } from '../sop/sop.index';
import { DEFAULT_TIMER_RULES } from '../timers/timers';
import { applyEvent, machineFor, startRun } from './run.engine';
import { routeTaken } from './run.route';
import type { RunCommand } from './run.types';

const T0 = Date.UTC(2026, 10, 23, 8, 0);
const chest = CURRENT_SOPS.find((s) => s.id === 'chest-ct')!;

function run(commands: RunCommand[], priority: 'routine' | 'emergency' = 'routine') {
  const machine = machineFor(chest);
  let snap = startRun(machine, {
    kind: 'exam',
    priority,
    arrivedAt: T0,
    hasPatientId: true,
    timerRules: DEFAULT_TIMER_RULES,
  });
  let at = T0;
  for (const c of commands) {
    const r = applyEvent(machine, snap, { ...c, at: (at += 1000) } as never);
    if (!r.accepted) throw new Error(`refused: ${JSON.stringify(c)} at ${String(snap.value)}`);
    snap = r.snapshot;
  }
  const active = snap.status === 'active';
  return Object.fromEntries(routeTaken(indexSop(chest), snap.context, active).map((r) => [r.stepId, r.route]));
}
const answers = (a: Record<string, boolean | string>): RunCommand[] => [
  ...Object.entries(a).map(([itemId, value]) => ({ type: 'answer' as const, itemId, value })),
  { type: 'next' },
];
const routine = [
  ...answers({ twoIdentifiers: true, requestMatches: true }),
  ...answers({ pregnancy: 'no' }),
  ...answers({ metalRemoved: true, procedureExplained: true }),
  ...answers({ supineArmsUp: true, centred: true }),
];

describe('routeTaken', () => {
  it('a finished routine exam: every step it took is done, the branches it did not take are "not needed"', () => {
    const r = run([
      ...routine,
      ...answers({ breathHoldPractised: true }),
      ...answers({ protocol: 'routine', scanDone: true }),
      ...answers({ fullCoverage: true, motionArtefact: false, reconstructions: true }),
      ...answers({ bodyPartExamined: 'chest', imagesSent: true, performedBy: 'Wang Li' }),
    ]);
    expect(r).toEqual({
      identity: { state: 'done' },
      screening: { state: 'done' },
      pregnancyConsult: { state: 'notNeeded' },
      preparation: { state: 'done' },
      positioning: { state: 'done' },
      breathHold: { state: 'done' },
      scan: { state: 'done' },
      imageQc: { state: 'done' },
      repeatScan: { state: 'notNeeded' },
      send: { state: 'done' },
    });
  });

  it('while running: the current step, what may still come, and a branch already passed as not needed', () => {
    const r = run(routine);
    expect(r.breathHold).toEqual({ state: 'current' });
    expect(r.pregnancyConsult).toEqual({ state: 'notNeeded' });
    expect(r.repeatScan).toEqual({ state: 'toCome' });
    expect(r.send).toEqual({ state: 'toCome' });
  });

  it('a skipped step says so with its reason; fast-path steps with the fast path reason', () => {
    const skipped = run([...routine, { type: 'skip', reason: 'intubated patient' }]);
    expect(skipped.breathHold).toEqual({ state: 'skipped', reason: 'intubated patient' });
    const fast = run(
      [...answers({ twoIdentifiers: true, requestMatches: true }), { type: 'fastPath', reason: 'stroke code' }],
      'emergency',
    );
    expect(fast.screening).toEqual({ state: 'fastPath', reason: 'stroke code' });
    expect(fast.preparation).toEqual({ state: 'fastPath', reason: 'stroke code' });
    expect(fast.positioning).toEqual({ state: 'current' });
  });

  it('a cancelled exam: where it stopped, with the reason; the rest was not reached', () => {
    const r = run([
      ...answers({ twoIdentifiers: true, requestMatches: true }),
      { type: 'cancel', reason: 'patient left' },
    ]);
    expect(r.identity).toEqual({ state: 'done' });
    expect(r.screening).toEqual({ state: 'cancelledHere', reason: 'patient left' });
    expect(r.send).toEqual({ state: 'notReached' });
  });
});
