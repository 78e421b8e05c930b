// projectRun on hand-made logs with known answers: status, visits, timers, skips and fast paths.
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from './run.engine';
import { tablet } from './golden/log-builder';
import { ALL, chestRun, MIN, SEC, T0, walk } from './run.projection.driver';

describe('projectRun', () => {
  it('an open run: status, current step, visits with who entered and left them, no completion', () => {
    const d = chestRun();
    d.step('identity'); // answers at +1 s, +2 s, next at +3 s
    const p = d.project();
    expect(p).toMatchObject({
      engineVersion: ENGINE_VERSION,
      runId: d.log.runId,
      kind: 'exam',
      sop: { id: 'chest-ct', version: 1 },
      modality: 'CT',
      priority: 'routine',
      scanner: 'ct-1',
      arrivedAt: T0,
      createdBy: 'chen',
      createdDevice: d.t.device,
      status: 'active',
      currentStep: 'screening',
      path: ['identity', 'screening'],
      eventCount: 4,
      lastEventAt: T0 + 3 * SEC,
      clockWentBack: false,
      needsReview: [],
      timers: [],
    });
    expect(p.visits).toEqual([
      { stepId: 'identity', enteredAt: T0, enteredBy: 'chen', leftAt: T0 + 3 * SEC, how: 'next', leftBy: 'chen' },
      { stepId: 'screening', enteredAt: T0 + 3 * SEC, enteredBy: 'chen' },
    ]);
    expect(p).not.toHaveProperty('completedAt');
    expect(p).not.toHaveProperty('scanStartedAt');
    expect(p.record?.deviations).toEqual([]);
  });

  it('a completed run: completion time, scan start, hand-off within 15 minutes, record with labels', () => {
    const d = chestRun();
    walk(d, ALL.slice(0, 5));
    const scanAt = d.now;
    walk(d, ALL.slice(5));
    const p = d.project();
    expect(p).toMatchObject({ status: 'completed', completedAt: d.now, currentStep: 'send', scanStartedAt: scanAt });
    expect(p.visits.at(-1)).toMatchObject({ stepId: 'send', leftAt: d.now, how: 'next' });
    const handoff = p.timers.find((t) => t.id === 'reportHandoff')!;
    expect(handoff).toEqual({
      id: 'reportHandoff',
      kind: 'limit',
      startedAt: scanAt + 4 * SEC,
      deadline: scanAt + 4 * SEC + 15 * MIN,
      stoppedAt: d.now,
    });
    expect(p.record!.bodyPart).toMatchObject({ itemId: 'bodyPartExamined', value: 'chest' });
    expect(p.record!.answers.find((a) => a.itemId === 'protocol')?.optionLabel).toBe('chestCt.protocol.routine');
    expect(p.record!.deviations).toEqual([]);
  });

  it('timers: emergency response overrun and report hand-off overrun, with by how much', () => {
    const d = chestRun('emergency');
    walk(d, ALL.slice(0, 4));
    d.fill('breathHold');
    d.now = T0 + 6 * MIN - SEC;
    d.send({ type: 'next' }); // enters scan at 6:00
    walk(d, ['scan']);
    const handoffStart = d.now;
    d.step('imageQc');
    d.fill('send');
    d.now = handoffStart + 20 * MIN - SEC;
    d.send({ type: 'next' });
    const p = d.project();
    expect(p.scanStartedAt).toBe(T0 + 6 * MIN);
    expect(p.timers).toEqual([
      {
        id: 'emergencyResponse',
        kind: 'limit',
        startedAt: T0,
        deadline: T0 + 5 * MIN,
        stoppedAt: T0 + 6 * MIN,
        overByMs: MIN,
      },
      {
        id: 'reportHandoff',
        kind: 'limit',
        startedAt: handoffStart,
        deadline: handoffStart + 15 * MIN,
        stoppedAt: handoffStart + 20 * MIN,
        overByMs: 5 * MIN,
      },
    ]);
    expect(p.record!.deviations.filter((x) => x.kind === 'timerOverrun')).toEqual([
      {
        kind: 'timerOverrun',
        timer: 'emergencyResponse',
        deadline: T0 + 5 * MIN,
        stoppedAt: T0 + 6 * MIN,
        overByMs: MIN,
      },
      {
        kind: 'timerOverrun',
        timer: 'reportHandoff',
        deadline: handoffStart + 15 * MIN,
        stoppedAt: handoffStart + 20 * MIN,
        overByMs: 5 * MIN,
      },
    ]);
  });

  it('a cancelled run: time, reason, the last visit closed by the cancel, timers stopped', () => {
    const d = chestRun('emergency');
    d.step('identity');
    d.send({ type: 'cancel', reason: ' patient left ' }, tablet(2, 'wang'));
    const p = d.project();
    expect(p).toMatchObject({
      status: 'cancelled',
      cancelledAt: d.now,
      cancelReason: 'patient left',
      currentStep: 'screening',
    });
    expect(p.visits.at(-1)).toEqual({
      stepId: 'screening',
      enteredAt: T0 + 3 * SEC,
      enteredBy: 'chen',
      leftAt: d.now,
      how: 'cancel',
      leftBy: 'wang',
    });
    expect(p.timers).toEqual([
      { id: 'emergencyResponse', kind: 'limit', startedAt: T0, deadline: T0 + 5 * MIN, stoppedAt: d.now },
    ]);
    expect(p.record!.deviations).toEqual([
      {
        kind: 'cancelled',
        stepId: 'screening',
        stepTitle: 'common.screening.title',
        reason: 'patient left',
        at: d.now,
      },
    ]);
  });

  it('skips and fast-path jumps with their reasons and skipped steps', () => {
    const d = chestRun('emergency');
    d.step('identity');
    d.send({ type: 'fastPath', reason: 'trauma, unstable' });
    const jumpAt = d.now;
    d.step('positioning');
    d.send({ type: 'skip', reason: 'patient intubated' });
    const p = d.project();
    expect(p.fastPaths).toEqual([
      {
        fromStep: 'screening',
        to: 'positioning',
        skipped: ['screening', 'preparation'],
        reason: 'trauma, unstable',
        at: jumpAt,
      },
    ]);
    expect(p.skips).toEqual([{ stepId: 'breathHold', reason: 'patient intubated', at: d.now }]);
    expect(p.visits.map((v) => [v.stepId, v.how])).toEqual([
      ['identity', 'next'],
      ['screening', 'fastPath'],
      ['positioning', 'next'],
      ['breathHold', 'skip'],
      ['scan', undefined],
    ]);
    expect(p.record!.deviations.map((x) => x.kind)).toEqual(['fastPath', 'skipped']);
  });
});
