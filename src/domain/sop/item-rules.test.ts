// The card format's run-dependent item rules: prefill from known facts, requiredWhen, afterTimer.
// Each is validated with a field-named message, and each is enforced by the machine's guards.
import { describe, expect, it } from 'vitest';
import { nextBlockers } from '../run/run.blockers';
import { applyEvent, canApply, machineFor, replay, startRun, type RunSnapshot } from '../run/run.engine';
import type { RunCommand, RunInput, RunMachineEvent } from '../run/run.types';
import { DEFAULT_TIMER_RULES } from '../timers/timers';
import type { KnownFacts } from './known-facts';
import { indexSop } from './sop.index';
import type { SopDefinition, SopItem } from './sop.schema';
import { formatSopErrors, validateSop } from './sop.validate';

const T0 = Date.UTC(2026, 10, 23, 8, 0);
const MIN = 60_000;

/** intake (prefilled facts, pregnancy required only under 55) → inject (starts observation) → remove (after it). */
const CARD: SopDefinition = {
  schemaVersion: 1,
  id: 'rules-card',
  version: 1,
  kind: 'exam',
  title: 't.title',
  modality: 'CT',
  bodyPart: 'abdomen',
  start: 'intake',
  steps: [
    {
      id: 'intake',
      title: 't.intake',
      items: [
        { kind: 'number', id: 'ageYears', label: 't.age', unit: 'y', min: 0, max: 130, prefill: { fact: 'ageYears' } },
        {
          kind: 'yesno',
          id: 'older60',
          label: 't.older60',
          required: true,
          prefill: { fact: 'ageYears', when: { op: 'gt', value: 60 } },
        },
        {
          kind: 'choice',
          id: 'pregnancy',
          label: 't.pregnancy',
          requiredWhen: { op: 'lt', item: 'ageYears', value: 55 },
          prefill: { fact: 'sex', when: { op: 'eq', value: 'male' }, answer: 'notApplicable' },
          options: [
            { value: 'no', label: 't.no' },
            { value: 'yes', label: 't.yes' },
            { value: 'notApplicable', label: 't.na' },
          ],
        },
        { kind: 'text', id: 'performedBy', label: 't.by', required: true, prefill: { fact: 'staffName' } },
      ],
      next: 'inject',
    },
    {
      id: 'inject',
      title: 't.inject',
      timers: [{ timer: 'contrastObservation', action: 'start', on: 'leave' }],
      items: [{ kind: 'check', id: 'injected', label: 't.injected', required: true }],
      next: 'remove',
    },
    {
      id: 'remove',
      title: 't.remove',
      items: [
        { kind: 'check', id: 'removed', label: 't.removed', required: true, afterTimer: 'contrastObservation' },
        { kind: 'text', id: 'bodyPart', label: 't.bp', required: true, recordField: 'bodyPart' },
      ],
      next: 'complete',
    },
  ],
};

const card = (mutate: (s: SopDefinition) => void): SopDefinition => {
  const s = structuredClone(CARD);
  mutate(s);
  return s;
};
const item = (s: SopDefinition, id: string) => s.steps.flatMap((x) => x.items).find((i) => i.id === id)! as SopItem;

function expectError(input: SopDefinition, path: string, part: string) {
  const r = validateSop(input);
  expect(r.ok, 'should be rejected').toBe(false);
  const errors = r.ok ? [] : r.errors;
  const found = errors.find((e) => e.path === path);
  expect(found, `no error at "${path}"; got:\n${formatSopErrors(errors)}`).toBeDefined();
  expect(found!.message).toContain(part);
}

describe('validation of the item rules', () => {
  it('the example card is valid', () => {
    const r = validateSop(CARD);
    expect(r.ok ? '' : formatSopErrors(r.errors)).toBe('');
  });

  it.each([
    [
      'requiredWhen and required together',
      card((s) => void (item(s, 'pregnancy').required = true)),
      'steps[0] (intake).items[2].requiredWhen',
      'keep "required" or "requiredWhen", not both',
    ],
    [
      'requiredWhen on an unknown item',
      card((s) => void (item(s, 'pregnancy').requiredWhen = { op: 'eq', item: 'nope', value: 1 })),
      'steps[0] (intake).items[2].requiredWhen.item',
      'refers to unknown item "nope"',
    ],
    [
      'requiredWhen on an item asked only later',
      card((s) => void (item(s, 'pregnancy').requiredWhen = { op: 'eq', item: 'injected', value: true })),
      'steps[0] (intake).items[2].requiredWhen',
      'uses "injected", which is not asked on this step or on any step before it',
    ],
    [
      'requiredWhen on the item itself',
      card((s) => void (item(s, 'pregnancy').requiredWhen = { op: 'answered', item: 'pregnancy' })),
      'steps[0] (intake).items[2].requiredWhen',
      'depends on "pregnancy" itself',
    ],
    [
      'afterTimer on an unknown timer',
      card((s) => void (item(s, 'removed').afterTimer = 'coffeeBreak' as never)),
      'steps[2] (remove).items[0].afterTimer',
      'Invalid option',
    ],
    [
      'afterTimer on a timer no step starts',
      card((s) => void (item(s, 'removed').afterTimer = 'reportHandoff')),
      'steps[2] (remove).items[0].afterTimer',
      'waits for timer "reportHandoff", which no step of this card starts',
    ],
    [
      'afterTimer with a route that never starts the timer',
      card((s) => void (s.steps[0]!.branches = [{ when: { op: 'eq', item: 'older60', value: true }, goto: 'remove' }])),
      'steps[2] (remove).items[0].afterTimer',
      'some routes reach step "remove" without starting timer "contrastObservation" first',
    ],
    [
      'afterTimer on a timer the fast path may jump past',
      card((s) => void (s.steps[1]!.emergencySkip = true)),
      'steps[2] (remove).items[0].afterTimer',
      'started by step "inject", which the emergency fast path may jump past',
    ],
    [
      'afterTimer on the emergency clock',
      card((s) => void (item(s, 'removed').afterTimer = 'emergencyResponse')),
      'steps[2] (remove).items[0].afterTimer',
      'runs only for emergencies',
    ],
    [
      'prefill of a number fact into a text item',
      card((s) => void (item(s, 'performedBy').prefill = { fact: 'ageYears' })),
      'steps[0] (intake).items[3].prefill.fact',
      'a text item cannot take "ageYears" as it is',
    ],
    [
      'prefill comparing sex with "gt"',
      card((s) => void (item(s, 'older60').prefill = { fact: 'sex', when: { op: 'gt', value: 'male' } })),
      'steps[0] (intake).items[1].prefill.when.op',
      '"gt" needs a number fact; "sex" is text',
    ],
    [
      'prefill testing a sex value that does not exist',
      card((s) => void (item(s, 'older60').prefill = { fact: 'sex', when: { op: 'eq', value: 'man' } })),
      'steps[0] (intake).items[1].prefill.when',
      '"man" is not a value of "sex" (female, male, other, unknown)',
    ],
    [
      'prefill of a choice item without an answer',
      card((s) => void delete item(s, 'pregnancy').prefill!.answer),
      'steps[0] (intake).items[2].prefill',
      'a choice item needs an "answer"',
    ],
    [
      'prefill answer that is not an option',
      card((s) => void (item(s, 'pregnancy').prefill!.answer = 'maybe')),
      'steps[0] (intake).items[2].prefill.answer',
      '"maybe" is not one of the options',
    ],
    [
      'prefill answer without a test',
      card((s) => void (item(s, 'ageYears').prefill = { fact: 'ageYears', answer: 3 })),
      'steps[0] (intake).items[0].prefill.answer',
      '"answer" needs a "when" test',
    ],
  ])('%s', (_, input, path, part) => expectError(input, path, part));
});

const INPUT: RunInput = {
  kind: 'exam',
  priority: 'routine',
  arrivedAt: T0,
  hasPatientId: true,
  timerRules: DEFAULT_TIMER_RULES,
};

function drive(facts?: KnownFacts, sop = CARD) {
  const machine = machineFor(sop);
  const index = indexSop(sop);
  const log: RunMachineEvent[] = [];
  let snap: RunSnapshot = startRun(machine, INPUT);
  let now = T0;
  const send = (c: RunCommand, at = (now += 1000)) => {
    const r = applyEvent(machine, snap, { ...c, at } as RunMachineEvent);
    if (r.accepted) log.push({ ...c, at } as RunMachineEvent);
    snap = r.snapshot;
    return r.accepted;
  };
  if (facts) send({ type: 'known', facts }, T0);
  return {
    send,
    get ctx() {
      return snap.context;
    },
    get step() {
      return String(snap.value);
    },
    can: (c: RunCommand, at = now + 1000) => canApply(snap, { ...c, at } as RunMachineEvent),
    blockers: (at = now) => nextBlockers(index, snap.context, at),
    advance: (ms: number) => (now += ms),
    replayed: () => replay(machine, INPUT, log).snapshot.context,
  };
}

describe('prefilled answers from known facts', () => {
  it('fill the items the card names, marked as prefilled', () => {
    const r = drive({ ageYears: 72, sex: 'male', staffName: 'Wang Li' });
    expect(r.ctx.answers).toEqual({ ageYears: 72, older60: true, pregnancy: 'notApplicable', performedBy: 'Wang Li' });
    expect([...r.ctx.prefilled!].sort()).toEqual(['ageYears', 'older60', 'performedBy', 'pregnancy']);
    expect(r.blockers()).toEqual([]);
  });

  it('a test that does not hold leaves a choice unanswered; a yes/no takes "no"', () => {
    const r = drive({ ageYears: 30, sex: 'female' });
    expect(r.ctx.answers).toEqual({ ageYears: 30, older60: false });
  });

  it('are recorded once: a second "known" is refused', () => {
    const r = drive({ ageYears: 30, sex: 'female' });
    expect(r.send({ type: 'known', facts: { ageYears: 80 } })).toBe(false);
    expect(r.ctx.answers.older60).toBe(false);
  });

  it('a tap replaces a prefilled answer, which is then no longer marked', () => {
    const r = drive({ ageYears: 72, sex: 'male' });
    expect(r.send({ type: 'answer', itemId: 'older60', value: false })).toBe(true);
    expect(r.ctx.answers.older60).toBe(false);
    expect(r.ctx.prefilled).not.toContain('older60');
  });

  it('a replay of the log gives the same answers and marks', () => {
    const r = drive({ ageYears: 72, sex: 'male', staffName: 'Wang Li' });
    r.send({ type: 'answer', itemId: 'older60', value: false });
    const replayed = r.replayed();
    expect(replayed.answers).toEqual(r.ctx.answers);
    expect(replayed.prefilled).toEqual(r.ctx.prefilled);
  });
});

describe('requiredWhen, enforced by the machine', () => {
  it('under 55: pregnancy is required, Next waits for it', () => {
    const r = drive({ ageYears: 30, sex: 'female', staffName: 'Wang Li' });
    expect(r.blockers()).toEqual([{ kind: 'required', items: ['pregnancy'] }]);
    expect(r.can({ type: 'next' })).toBe(false);
    r.send({ type: 'answer', itemId: 'pregnancy', value: 'no' });
    expect(r.can({ type: 'next' })).toBe(true);
  });

  it('70 years old: pregnancy is not required, Next goes on without it', () => {
    const r = drive({ ageYears: 70, sex: 'female', staffName: 'Wang Li' });
    expect(r.blockers()).toEqual([]);
    expect(r.send({ type: 'next' })).toBe(true);
  });
});

describe('afterTimer, enforced by the machine', () => {
  function atRemoval() {
    const r = drive({ ageYears: 70, sex: 'female', staffName: 'Wang Li' });
    r.send({ type: 'next' });
    r.send({ type: 'answer', itemId: 'injected', value: true });
    r.send({ type: 'next' });
    expect(r.step).toBe('remove');
    return r;
  }

  it('the cannula cannot be ticked while the observation runs; Next says until when', () => {
    const r = atRemoval();
    const endsAt = r.ctx.timers.contrastObservation!.deadline;
    expect(r.send({ type: 'answer', itemId: 'removed', value: true })).toBe(false);
    expect(r.ctx.answers.removed).toBeUndefined();
    expect(r.blockers()).toContainEqual({ kind: 'timer', timer: 'contrastObservation', items: ['removed'], endsAt });
  });

  it('once the observation has run its 30 minutes, it can', () => {
    const r = atRemoval();
    r.advance(30 * MIN);
    expect(r.send({ type: 'answer', itemId: 'removed', value: true })).toBe(true);
    expect(r.blockers().filter((b) => b.kind === 'timer')).toEqual([]);
  });

  it('clearing an answer is always allowed', () => {
    const r = atRemoval();
    r.advance(30 * MIN);
    r.send({ type: 'answer', itemId: 'removed', value: true });
    expect(r.send({ type: 'answer', itemId: 'removed', value: null })).toBe(true);
  });
});
