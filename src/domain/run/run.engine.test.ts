import { describe, expect, it } from 'vitest';
import { chestCtV1 as chestCt } from '../../sops/published';
import type { AnswerValue } from '../sop/answers';
import { indexSop } from '../sop/sop.index';
import type { SopDefinition } from '../sop/sop.schema';
import { validateSop } from '../sop/sop.validate';
import { DEFAULT_TIMER_RULES, timerStatus } from '../timers/timers';
import { nextBlockers } from './run.blockers';
import {
  applyEvent,
  canApply,
  machineFor,
  persistRunState,
  replay,
  restoreRun,
  startRun,
  type PersistedRunState,
} from './run.engine';
import type { RunCommand, RunInput, RunMachineEvent } from './run.types';

const T0 = Date.UTC(2026, 10, 23, 8, 0);
const SEC = 1000,
  MIN = 60 * SEC;

/** Answers that complete each chest CT step on the routine path. */
const FILL: Record<string, Record<string, AnswerValue>> = {
  identity: { twoIdentifiers: true, requestMatches: true },
  screening: { pregnancy: 'no' },
  pregnancyConsult: { radiologistApproved: true, shieldingDiscussed: true },
  preparation: { metalRemoved: true, procedureExplained: true },
  positioning: { supineArmsUp: true, centred: true },
  breathHold: { breathHoldPractised: true },
  scan: { protocol: 'routine', scanDone: true, dlp: 320 },
  imageQc: { fullCoverage: true, motionArtefact: false, reconstructions: true },
  repeatScan: { repeatReason: 'breathing', repeatDone: true },
  send: { bodyPartExamined: 'chest', imagesSent: true },
};

const inputOf = (over: Partial<RunInput> = {}): RunInput => ({
  kind: 'exam',
  priority: 'routine',
  arrivedAt: T0,
  hasPatientId: true,
  timerRules: DEFAULT_TIMER_RULES,
  ...over,
});

/** Drives one run; every event happens one second after the previous one. */
function runOf(over: Partial<RunInput> = {}, sop: SopDefinition = chestCt) {
  const machine = machineFor(sop);
  const index = indexSop(sop);
  const d = {
    machine,
    now: T0,
    snap: startRun(machine, inputOf(over)),
    log: [] as RunMachineEvent[],
    get step() {
      return String(d.snap.value);
    },
    get ctx() {
      return d.snap.context;
    },
    send(cmd: RunCommand): boolean {
      d.now += SEC;
      const event = { ...cmd, at: d.now } as RunMachineEvent;
      const r = applyEvent(machine, d.snap, event);
      if (r.accepted) d.log.push(event);
      d.snap = r.snapshot;
      return r.accepted;
    },
    answer: (itemId: string, value: AnswerValue | null) => d.send({ type: 'answer', itemId, value }),
    fill: (answers: Record<string, AnswerValue>) =>
      Object.entries(answers).forEach(([id, v]) => expect(d.answer(id, v), `answer ${id}`).toBe(true)),
    /** Answer and move on until `stepId` ('completed' finishes the card). */
    walkTo(stepId: string) {
      for (let i = 0; d.step !== stepId; i++) {
        if (i > 20) throw new Error(`never reached ${stepId}`);
        d.fill(FILL[d.step]!);
        expect(d.send({ type: 'next' }), `next from ${d.step}`).toBe(true);
      }
    },
    can: (cmd: RunCommand) => canApply(d.snap, { ...cmd, at: d.now + SEC } as RunMachineEvent),
    blockers: (earlyCloseReason?: string) => nextBlockers(index, d.ctx, d.now + SEC, earlyCloseReason),
  };
  return d;
}

describe('chest CT run: moving through steps', () => {
  it('starts at identity with next disabled until both required checks are ticked', () => {
    const d = runOf();
    expect(d.step).toBe('identity');
    expect(d.blockers()).toEqual([{ kind: 'required', items: ['twoIdentifiers', 'requestMatches'] }]);
    expect(d.send({ type: 'next' })).toBe(false);
    d.answer('twoIdentifiers', true);
    expect(d.blockers()).toEqual([{ kind: 'required', items: ['requestMatches'] }]);
    d.answer('requestMatches', false); // an unticked check is not done
    expect(d.can({ type: 'next' })).toBe(false);
    d.answer('requestMatches', true);
    expect(d.blockers()).toEqual([]);
    expect(d.send({ type: 'next' }) && d.step).toBe('screening');
  });

  it('rejects invalid answers and keeps valid ones', () => {
    const d = runOf();
    expect(d.answer('metalRemoved', true)).toBe(false); // item of another step
    expect(d.answer('ghost', true)).toBe(false);
    expect(d.answer('twoIdentifiers', 'yes')).toBe(false);
    d.walkTo('scan');
    for (const bad of [5001, -1, Number.NaN, Infinity, '320', true])
      expect(d.answer('dlp', bad), String(bad)).toBe(false);
    expect(d.answer('protocol', 'ultraLow')).toBe(false);
    expect(d.ctx.answers).not.toHaveProperty('dlp');
    d.fill({ dlp: 5000, protocol: 'lowDose' });
    expect(d.ctx.answers).toMatchObject({ dlp: 5000, protocol: 'lowDose' });
    expect(d.answer('dlp', null)).toBe(true);
    expect(d.ctx.answers).not.toHaveProperty('dlp');
  });

  it('takes a branch on the answer', () => {
    const unsure = runOf();
    unsure.walkTo('screening');
    unsure.fill({ pregnancy: 'unsure' });
    expect(unsure.send({ type: 'next' }) && unsure.step).toBe('pregnancyConsult');
    const routine = runOf();
    routine.walkTo('imageQc');
    expect(routine.ctx.path).toEqual([
      'identity',
      'screening',
      'preparation',
      'positioning',
      'breathHold',
      'scan',
      'imageQc',
    ]);
    routine.fill({ ...FILL.imageQc, motionArtefact: true });
    expect(routine.send({ type: 'next' }) && routine.step).toBe('repeatScan');
  });

  it('skip needs a reason of at least 3 characters and a skippable step', () => {
    const d = runOf();
    expect(d.send({ type: 'skip', reason: 'patient in a hurry' })).toBe(false); // identity is not skippable
    d.walkTo('preparation');
    for (const reason of ['no', '   ab   ', '\t \n']) expect(d.send({ type: 'skip', reason })).toBe(false);
    expect(d.send({ type: 'skip', reason: '  patient in pain  ' }) && d.step).toBe('positioning');
    expect(d.ctx.skips).toEqual([{ stepId: 'preparation', reason: 'patient in pain', at: d.now }]);
    expect(d.ctx.visits.find((v) => v.stepId === 'preparation')).toMatchObject({ leftAt: d.now, how: 'skip' });
  });

  it('fast path jumps past emergencySkip steps and logs reason and skipped steps', () => {
    const d = runOf({ priority: 'emergency' });
    expect(d.send({ type: 'fastPath', reason: 'trauma' })).toBe(false); // identity is not emergencySkip
    d.walkTo('screening');
    expect(d.send({ type: 'fastPath', reason: 'ok' })).toBe(false);
    expect(d.send({ type: 'fastPath', reason: ' trauma, unstable ' }) && d.step).toBe('positioning');
    expect(d.ctx.path).toEqual(['identity', 'screening', 'positioning']);
    expect(d.ctx.fastPaths).toEqual([
      {
        fromStep: 'screening',
        to: 'positioning',
        skipped: ['screening', 'preparation'],
        reason: 'trauma, unstable',
        at: d.now,
      },
    ]);
    // it follows the answers: a possible pregnancy still goes to the consult
    const preg = runOf({ priority: 'emergency' });
    preg.walkTo('screening');
    preg.answer('pregnancy', 'yes');
    expect(preg.send({ type: 'fastPath', reason: 'trauma' }) && preg.step).toBe('pregnancyConsult');
    expect(preg.ctx.fastPaths[0]!.skipped).toEqual(['screening']);
  });

  it('back returns to the previous step and keeps answers', () => {
    const d = runOf();
    expect(d.send({ type: 'back' })).toBe(false); // nothing before the start step
    d.walkTo('preparation');
    d.answer('metalRemoved', true);
    expect(d.send({ type: 'back' }) && d.step).toBe('screening');
    expect(d.ctx.path).toEqual(['identity', 'screening']);
    expect(d.ctx.answers).toMatchObject({ pregnancy: 'no', metalRemoved: true });
    expect(d.ctx.visits.at(-2)).toMatchObject({ stepId: 'preparation', how: 'back', leftAt: d.now });
    expect(d.ctx.visits.at(-1)).toEqual({ stepId: 'screening', enteredAt: d.now });
    expect(d.send({ type: 'next' }) && d.step).toBe('preparation'); // screening still answered
  });

  it('cancel needs a reason and ends the run', () => {
    const d = runOf({ priority: 'emergency' });
    d.walkTo('screening');
    for (const reason of ['', ' x ', '  ab  ']) expect(d.send({ type: 'cancel', reason })).toBe(false);
    expect(d.send({ type: 'cancel', reason: ' patient left ' }) && d.step).toBe('cancelled');
    expect(d.snap.status).toBe('done');
    expect(d.ctx.cancelled).toEqual({ reason: 'patient left', at: d.now });
    expect(d.ctx.timers.emergencyResponse?.stoppedAt).toBe(d.now);
  });

  it('a completed run refuses every further event', () => {
    const d = runOf();
    d.walkTo('completed');
    expect(d.ctx.completedAt).toBe(d.now);
    const done = d.snap;
    for (const cmd of [
      { type: 'answer', itemId: 'notes', value: 'late' },
      { type: 'next' },
      { type: 'back' },
      { type: 'cancel', reason: 'oops, wrong' },
    ] as RunCommand[]) {
      expect(d.send(cmd), cmd.type).toBe(false);
      expect(d.snap).toBe(done);
    }
  });
});

describe('chest CT run: record and timers', () => {
  it('a missing body part blocks completion (record blocker)', () => {
    const d = runOf();
    d.walkTo('send');
    d.fill({ imagesSent: true, bodyPartExamined: '   ' });
    expect(d.blockers()).toEqual([
      { kind: 'required', items: ['bodyPartExamined'] },
      { kind: 'record', fields: ['bodyPart'] },
    ]);
    expect(d.send({ type: 'next' })).toBe(false);
    const noId = runOf({ hasPatientId: false });
    noId.walkTo('send');
    noId.fill(FILL.send!);
    expect(noId.blockers()).toEqual([{ kind: 'record', fields: ['patientId'] }]);
    expect(noId.send({ type: 'next' })).toBe(false);
  });

  it('emergency response starts at arrival for emergency priority only', () => {
    expect(runOf({ priority: 'emergency' }).ctx.timers.emergencyResponse).toEqual({
      id: 'emergencyResponse',
      kind: 'limit',
      startedAt: T0,
      deadline: T0 + 5 * MIN,
    });
    expect(runOf({ priority: 'urgent' }).ctx.timers).toEqual({});
    expect(runOf({ priority: 'routine' }).ctx.timers).toEqual({});
    expect(runOf({ priority: 'emergency', kind: 'qc' }).ctx.timers).toEqual({});
  });

  const arrivals = [
    ['on time', 4 * MIN, false, 1 * MIN],
    ['late', 6 * MIN, true, -1 * MIN],
  ] as const;
  it.each(arrivals)('emergency response stops on entering scan (%s)', (_, reachScanAt, deviation, remainingMs) => {
    const d = runOf({ priority: 'emergency' });
    d.walkTo('breathHold');
    d.fill(FILL.breathHold!);
    d.now = T0 + reachScanAt - SEC;
    expect(d.send({ type: 'next' }) && d.step).toBe('scan');
    const timer = d.ctx.timers.emergencyResponse!;
    expect(timer.stoppedAt).toBe(T0 + reachScanAt);
    expect(timerStatus(timer, T0 + 60 * MIN)).toEqual({
      running: false,
      remainingMs,
      elapsedMs: reachScanAt,
      due: false,
      deviation,
    });
  });

  it('report handoff starts on leaving scan and stops on leaving send', () => {
    const d = runOf();
    d.walkTo('scan');
    expect(d.ctx.timers.reportHandoff).toBeUndefined();
    d.walkTo('imageQc');
    const started = d.now; // the moment "next" left scan
    expect(d.ctx.timers.reportHandoff).toEqual({
      id: 'reportHandoff',
      kind: 'limit',
      startedAt: started,
      deadline: started + 15 * MIN,
    });
    d.walkTo('send');
    expect(d.send({ type: 'back' }) && d.ctx.timers.reportHandoff?.stoppedAt).toBeUndefined(); // leaving by "back" fires no timer
    d.walkTo('send');
    d.fill(FILL.send!);
    d.now = started + 20 * MIN - SEC;
    expect(d.send({ type: 'next' }) && d.ctx.timers.reportHandoff?.stoppedAt).toBe(started + 20 * MIN);
    expect(timerStatus(d.ctx.timers.reportHandoff!, d.now).deviation).toBe(true);
  });
});

describe('run persistence and replay', () => {
  const roundTrip = (state: PersistedRunState) => JSON.parse(JSON.stringify(state)) as PersistedRunState;
  const probes: RunCommand[] = [
    { type: 'next' },
    { type: 'back' },
    { type: 'answer', itemId: 'motionArtefact', value: false },
    { type: 'answer', itemId: 'dlp', value: 1 },
    { type: 'skip', reason: 'no time' },
    { type: 'cancel', reason: 'patient left' },
  ];

  it('persist → JSON → restore gives the same value, context and can() answers', () => {
    const d = runOf({ priority: 'emergency' });
    d.walkTo('imageQc');
    d.answer('fullCoverage', true);
    const restored = restoreRun(d.machine, roundTrip(persistRunState(d.snap)));
    expect(restored.value).toBe('imageQc');
    expect(restored.context).toStrictEqual(d.snap.context);
    const at = d.now + SEC;
    const answersOf = (s: typeof restored) => probes.map((p) => canApply(s, { ...p, at } as RunMachineEvent));
    expect(answersOf(d.snap)).toEqual([false, true, true, false, false, true]);
    expect(answersOf(restored)).toEqual(answersOf(d.snap));
    // and the restored run carries on like the original
    const more = { type: 'answer', itemId: 'motionArtefact', value: false, at } as RunMachineEvent;
    expect(applyEvent(d.machine, restored, more).snapshot.context).toStrictEqual(
      applyEvent(d.machine, d.snap, more).snapshot.context,
    );
  });

  it('a restored completed run is done and refuses events', () => {
    const d = runOf();
    d.walkTo('completed');
    const restored = restoreRun(d.machine, roundTrip(persistRunState(d.snap)));
    expect([restored.value, restored.status]).toEqual(['completed', 'done']);
    expect(probes.map((p) => canApply(restored, { ...p, at: d.now } as RunMachineEvent))).toEqual(
      probes.map(() => false),
    );
  });

  it('replaying the same log twice is deterministic and matches the live run', () => {
    const d = runOf({ priority: 'emergency' });
    d.walkTo('send');
    const [a, b] = [1, 2].map(() => replay(d.machine, inputOf({ priority: 'emergency' }), d.log)) as [
      ReturnType<typeof replay>,
      ReturnType<typeof replay>,
    ];
    expect(a.rejected).toEqual([]);
    expect(a.snapshot.value).toBe('send');
    expect(a.snapshot.context).toStrictEqual(b.snapshot.context);
    expect(a.snapshot.context).toStrictEqual(d.ctx);
  });

  it('replay reports rejected events by index', () => {
    const ev = (cmd: RunCommand, i: number) => ({ ...cmd, at: T0 + (i + 1) * SEC }) as RunMachineEvent;
    const answer = (itemId: string, value: AnswerValue): RunCommand => ({ type: 'answer', itemId, value });
    const cmds: RunCommand[] = [
      answer('twoIdentifiers', true),
      { type: 'next' }, // 1 rejected: requestMatches missing
      answer('requestMatches', true),
      answer('pregnancy', 'no'), // 3 rejected: item of a later step
      { type: 'next' },
      answer('pregnancy', 'maybe'), // 5 rejected: not an option
      { type: 'skip', reason: 'not needed' }, // 6 rejected: screening is not skippable
      answer('pregnancy', 'no'),
      { type: 'next' },
    ];
    const { snapshot, rejected } = replay(machineFor(chestCt), inputOf(), cmds.map(ev));
    expect(rejected).toEqual([1, 3, 5, 6]);
    expect(snapshot.value).toBe('preparation');
  });
});

describe('contrast observation (inline SOP)', () => {
  const contrast: SopDefinition = {
    schemaVersion: 1,
    id: 'contrast-test',
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
        next: 'send',
        items: [{ kind: 'check', id: 'injected', label: 't.injected', required: true }],
        timers: [{ timer: 'contrastObservation', action: 'start', on: 'leave' }],
      },
      {
        id: 'send',
        title: 't.send',
        next: 'complete',
        items: [{ kind: 'text', id: 'bodyPart', label: 't.bp', required: true, recordField: 'bodyPart' }],
      },
    ],
  };

  function atSend() {
    const d = runOf({}, contrast);
    d.answer('injected', true);
    d.send({ type: 'next' });
    d.answer('bodyPart', 'abdomen');
    return { d, endsAt: d.ctx.timers.contrastObservation!.deadline };
  }

  it('is a valid definition whose observation starts on leaving the injection step', () => {
    expect(validateSop(contrast).ok).toBe(true);
    const { endsAt } = atSend();
    expect(endsAt).toBe(T0 + 2 * SEC + 30 * MIN);
  });

  it('blocks completion before 30 minutes', () => {
    const { d, endsAt } = atSend();
    expect(d.blockers()).toEqual([{ kind: 'observation', endsAt }]);
    expect(d.blockers('  ab  ')).toEqual([{ kind: 'observation', endsAt }]);
    expect(d.send({ type: 'next' })).toBe(false);
    expect(d.send({ type: 'next', earlyCloseReason: 'ok' })).toBe(false);
    d.now = endsAt - 2 * SEC; // next at endsAt - 1 s
    expect(d.send({ type: 'next' })).toBe(false);
    expect(d.step).toBe('send');
  });

  it('allows early completion with a reason, stored in the context', () => {
    const { d } = atSend();
    expect(d.send({ type: 'next', earlyCloseReason: '  discharged by radiologist ' })).toBe(true);
    expect(d.ctx).toMatchObject({ completedAt: d.now, earlyCloseReason: 'discharged by radiologist' });
    expect(d.ctx.timers.contrastObservation?.stoppedAt).toBe(d.now);
  });

  it('allows completion without a reason once 30 minutes have passed', () => {
    const { d, endsAt } = atSend();
    d.now = endsAt - SEC; // next exactly at the deadline
    expect(d.blockers()).toEqual([]);
    expect(d.send({ type: 'next' }) && d.step).toBe('completed');
    expect(d.ctx.earlyCloseReason).toBeUndefined();
    expect(d.ctx.completedAt).toBe(endsAt);
  });

  // Regression (was a bug in sop.compile.ts): any truthy earlyCloseReason is stored on completion,
  // even one that fails isReason ("  " is stored as "") and even when nothing was closed early.
  it('stores no blank early-close reason on completion', () => {
    const d = runOf();
    d.walkTo('send');
    d.fill(FILL.send!);
    expect(d.send({ type: 'next', earlyCloseReason: '   ' })).toBe(true);
    expect(d.ctx).not.toHaveProperty('earlyCloseReason');
  });
});
