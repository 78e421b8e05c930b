// projectRun on hand-made logs with known answers: what the server and the QA figures will read.
import { describe, expect, it } from 'vitest';
import { chestCt } from '../../sops/chest-ct.sop';
import { contrastAbdomenCt } from '../../sops/contrast-abdomen-ct.sop';
import { ENGINE_VERSION } from './run.engine';
import { headerFor, runLog, tablet, type Tablet } from './golden/log-builder';
import { projectRun, type ProjectedRun } from './run.projection';
import type { AnswerValue } from '../sop/answers';
import type { SopDefinition } from '../sop/sop.schema';
import type { RunCommand, RunPriority } from './run.types';

const T0 = Date.UTC(2026, 10, 23, 8, 0);
const SEC = 1000;
const MIN = 60 * SEC;

const FILL: Record<string, Record<string, AnswerValue>> = {
  identity: { twoIdentifiers: true, requestMatches: true },
  screening: { pregnancy: 'notApplicable' },
  preparation: { metalRemoved: true, procedureExplained: true },
  positioning: { supineArmsUp: true, centred: true },
  breathHold: { breathHoldPractised: true },
  scan: { protocol: 'routine', scanDone: true, dlp: 320 },
  imageQc: { fullCoverage: true, motionArtefact: false, reconstructions: true },
  send: { bodyPartExamined: 'chest', imagesSent: true },
};

/** A chest CT run driven one second per event by `t` (move the clock with `now`). */
function chestRun(priority: RunPriority = 'routine', t: Tablet = tablet(1, 'chen'), sop: SopDefinition = chestCt) {
  const log = runLog(1);
  const d = {
    log,
    now: T0,
    t,
    send(cmd: RunCommand, by?: Tablet): void {
      d.now += SEC;
      log.command(by ?? d.t, cmd, d.now);
    },
    fill(stepId: string, over: Record<string, AnswerValue> = {}): void {
      for (const [itemId, value] of Object.entries({ ...FILL[stepId], ...over }))
        d.send({ type: 'answer', itemId, value });
    },
    step(stepId: string, over: Record<string, AnswerValue> = {}): void {
      d.fill(stepId, over);
      d.send({ type: 'next' });
    },
    project: (): ProjectedRun => projectRun(d.log.events, sop),
  };
  log.create(t, headerFor(sop, priority), T0);
  return d;
}

const walk = (d: ReturnType<typeof chestRun>, steps: string[]) => steps.forEach((s) => d.step(s));
const ALL = ['identity', 'screening', 'preparation', 'positioning', 'breathHold', 'scan', 'imageQc', 'send'];

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

/** Commands of a contrast abdomen CT without risk factors: through the injection, then to a finished discharge step. */
function contrastCommands() {
  const steps = (answers: Record<string, AnswerValue>[]): RunCommand[] =>
    answers.flatMap((a) => [
      ...Object.entries(a).map(([itemId, value]): RunCommand => ({ type: 'answer', itemId, value })),
      { type: 'next' } as const,
    ]);
  const noRisk = { priorReaction: false, asthma: false, allergy: false, ageOver60: false, kidneyDisease: false };
  const throughInjection = steps([
    { twoIdentifiers: true, requestMatches: true },
    { ...noRisk, hypertension: false, diabetes: false, metformin: false, pregnancy: 'no' },
    { cannulaGauge: 'g20', patencyChecked: true },
    { supineArmsUp: true, centred: true },
    { breathHoldPractised: true },
    { contrastAgent: 'iohexol', contrastVolumeMl: 90, airPurged: true, injectionDone: true },
  ]);
  const toDischarge = [
    ...steps([
      { phase: 'portalVenous', scanDone: true },
      { fullCoverage: true, enhancementAdequate: true, motionArtefact: false, reconstructions: true },
      { bodyPartExamined: 'abdomen', imagesSent: true },
      { reaction: false },
      { cannulaRemoved: true },
    ]),
    { type: 'answer', itemId: 'dischargedTo', value: 'home' } as const,
    { type: 'answer', itemId: 'aftercareExplained', value: true } as const,
  ];
  return { throughInjection, toDischarge };
}
