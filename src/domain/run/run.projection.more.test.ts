// projectRun on hand-made logs with known answers: merges, hand-overs, the observation, an unknown
// card, identity, JSON and log order, clocks.
import { describe, expect, it } from 'vitest';
import { chestCtV1 as chestCt } from '../../sops/published';
import { ENGINE_VERSION } from './run.engine';
import { tablet } from './golden/log-builder';
import { projectRun } from './run.projection';
import {
  ALL,
  chestRun,
  contrastAbdomenCtV1 as contrastAbdomenCt,
  contrastCommands,
  MIN,
  SEC,
  T0,
  walk,
} from './run.projection.driver';

describe('projectRun: merges, observation, unknown cards, clocks', () => {
  it('moves that do not fit after merging two tablets are listed for review, with who, where and when', () => {
    const a = tablet(1, 'chen');
    const b = tablet(2, 'wang');
    const d = chestRun('routine', a);
    d.step('identity');
    d.log.sync(b, d.now);
    d.step('screening'); // chen, on tablet 1
    const bAnswerAt = d.now + SEC;
    d.send({ type: 'answer', itemId: 'pregnancy', value: 'unsure' }, b); // wang, offline: screening is already left
    d.send({ type: 'next' }, b);
    const p = d.project();
    const bEvents = d.log.events.slice(-2);
    expect(p.needsReview).toEqual([
      { eventId: bEvents[0]!.id, type: 'answer', itemId: 'pregnancy', at: bAnswerAt, user: 'wang', device: b.device },
      { eventId: bEvents[1]!.id, type: 'next', at: bAnswerAt + SEC, user: 'wang', device: b.device },
    ]);
    expect(p.currentStep).toBe('preparation');
    expect(p.record!.answers.find((x) => x.itemId === 'pregnancy')?.value).toBe('notApplicable');
  });

  it('a hand-over between technologists: each visit says who entered and who left it', () => {
    const wang = tablet(2, 'wang');
    const d = chestRun();
    d.step('identity');
    d.fill('screening');
    d.log.sync(wang, d.now);
    d.send({ type: 'next' }, wang);
    d.step('preparation');
    const p = d.project();
    expect(p.visits.map((v) => [v.stepId, v.enteredBy, v.leftBy])).toEqual([
      ['identity', 'chen', 'chen'],
      ['screening', 'chen', 'wang'],
      ['preparation', 'wang', 'chen'],
      ['positioning', 'chen', undefined],
    ]);
  });

  it('the observation closed early keeps its reason; waited out it is no deviation', () => {
    const run = (waitMs: number, earlyCloseReason?: string) => {
      const d = chestRun('routine', tablet(1, 'chen'), contrastAbdomenCt);
      const { throughInjection, toDischarge } = contrastCommands();
      throughInjection.forEach((c) => d.send(c));
      const injectedAt = d.now; // the "next" that left the injection step starts the observation
      toDischarge.forEach((c) => d.send(c));
      d.now = injectedAt + waitMs - SEC;
      d.send({ type: 'next', ...(earlyCloseReason ? { earlyCloseReason } : {}) });
      return { p: d.project(), injectedAt };
    };
    const early = run(10 * MIN, 'discharged by radiologist');
    expect(early.p).toMatchObject({ status: 'completed', earlyCloseReason: 'discharged by radiologist' });
    expect(early.p.timers.find((t) => t.id === 'contrastObservation')).toEqual({
      id: 'contrastObservation',
      kind: 'wait',
      startedAt: early.injectedAt,
      deadline: early.injectedAt + 30 * MIN,
      stoppedAt: early.injectedAt + 10 * MIN,
      shortByMs: 20 * MIN,
    });
    expect(early.p.record!.deviations).toContainEqual({
      kind: 'closedEarly',
      timer: 'contrastObservation',
      deadline: early.injectedAt + 30 * MIN,
      stoppedAt: early.injectedAt + 10 * MIN,
      shortByMs: 20 * MIN,
      reason: 'discharged by radiologist',
    });
    const full = run(31 * MIN);
    expect(full.p.status).toBe('completed');
    expect(full.p).not.toHaveProperty('earlyCloseReason');
    expect(full.p.timers.find((t) => t.id === 'contrastObservation')).not.toHaveProperty('shortByMs');
    expect(full.p.record!.deviations).toEqual([]);
  });

  it('an unknown card: sopUnknown with the header facts, never a throw or a refusal', () => {
    const d = chestRun();
    walk(d, ALL);
    for (const sop of [undefined, { ...chestCt, version: 2 }]) {
      const p = projectRun(d.log.events, sop);
      expect(p).toEqual({
        engineVersion: ENGINE_VERSION,
        runId: d.log.runId,
        kind: 'exam',
        sop: { id: 'chest-ct', version: 1 },
        priority: 'routine',
        scanner: 'ct-1',
        arrivedAt: T0,
        createdBy: 'chen',
        createdDevice: d.t.device,
        status: 'sopUnknown',
        path: [],
        visits: [],
        timers: [],
        skips: [],
        fastPaths: [],
        needsReview: [],
        eventCount: d.log.events.length,
        lastEventAt: d.now,
        clockWentBack: false,
      });
    }
  });

  it('holds no patient identity, survives JSON unchanged, and does not depend on the order of the log', () => {
    const d = chestRun('emergency');
    walk(d, ALL.slice(0, 3));
    d.send({ type: 'answer', itemId: 'notes', value: 'wrong step' }); // rejected: lands in needsReview
    const p = d.project();
    const json = JSON.stringify(p);
    for (const secret of ['P-GOLDEN-0001', 'Test Patient']) expect(json).not.toContain(secret);
    expect(JSON.parse(json)).toStrictEqual(p);
    const shuffled = [...d.log.events].reverse();
    expect(projectRun(shuffled, chestCt)).toStrictEqual(p);
    expect(p.needsReview).toHaveLength(1);
  });

  it('flags a clock that went back; a log without its creation event is refused by name', () => {
    const d = chestRun();
    d.step('identity');
    d.t.offsetMs = -60 * MIN; // the tablet's clock is set back an hour
    d.step('screening');
    const p = d.project();
    expect(p.clockWentBack).toBe(true);
    expect(p.currentStep).toBe('preparation'); // the hybrid clock keeps the order
    expect(p.visits[1]).toMatchObject({
      stepId: 'screening',
      enteredAt: T0 + 3 * SEC,
      leftAt: T0 + 5 * SEC - 60 * MIN,
    });
    expect(() => projectRun(d.log.events.slice(1), chestCt)).toThrow(/no run\.created event/);
  });
});
