import { describe, expect, it } from 'vitest';
import type { SopDefinition } from '../sop/sop.schema';
import {
  competencyStatus,
  criticalStepsOf,
  defaultRevalidateBy,
  startCheck,
  type CompetencyRules,
  type SignOff,
} from './competency';

const step = (id: string, items: string[] = ['done']): SopDefinition['steps'][number] => ({
  id,
  title: `t.${id}`,
  items: items.map((i) => ({ kind: 'check', id: i, label: `t.${i}`, required: true })),
  next: 'complete',
});
const card = (version: number, steps: SopDefinition['steps']): SopDefinition => ({
  schemaVersion: 1,
  id: 'chest-ct',
  version,
  kind: 'exam',
  title: 't.chest',
  modality: 'CT',
  bodyPart: 'chest',
  start: steps[0]!.id,
  steps,
});
const v1 = card(1, [step('identity'), step('screening', ['pregnancy']), step('scan')]);
const v2Wording = card(2, [step('identity'), step('screening', ['pregnancy']), { ...step('scan'), body: 't.new' }]);
const v2Critical = card(2, [step('identity'), step('screening', ['pregnancy', 'priorReaction']), step('scan')]);
// The same screening step with its keys in another order.
const reordered = Object.fromEntries(Object.entries(step('screening', ['pregnancy'])).reverse()) as ReturnType<
  typeof step
>;
const v2KeyOrder = card(2, [step('identity'), reordered, step('scan')]);
const versions = [v1, v2Wording];
const lookup = (list: SopDefinition[]) => (_id: string, v: number) => list.find((s) => s.version === v);
const rules: CompetencyRules = { sopId: 'chest-ct', criticalSteps: ['identity', 'screening'] };

const signOff = (over: Partial<SignOff> = {}): SignOff => ({
  signOffId: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b',
  trainee: 'u-wang',
  assessor: 'u-trainer',
  sop: { id: 'chest-ct', version: 1 },
  method: 'simulated',
  assessedOn: '2026-01-10',
  device: 'CT 1',
  result: 'competent',
  attempt: 1,
  revalidateBy: '2029-01-10',
  ...over,
});
const status = (s: SignOff[], current: SopDefinition, today = '2026-06-01', r = rules, list = versions) =>
  competencyStatus(s, 'u-wang', current, r, lookup([...list, current]), today);

describe('competency sign-off and its lapse rules', () => {
  it('re-validation defaults to 3 years after the assessment (29 February lands on 28 February)', () => {
    expect(defaultRevalidateBy('2026-01-10')).toBe('2029-01-10');
    expect(defaultRevalidateBy('2028-02-29')).toBe('2031-02-28');
    expect(defaultRevalidateBy('2026-05-31', 1)).toBe('2027-05-31');
  });

  it('nobody signed off: a warning; signed off on this version: none', () => {
    expect(status([], v1)).toEqual({ state: 'none' });
    expect(startCheck(status([], v1), false)).toMatchObject({ warn: true, block: false });
    expect(status([signOff()], v1).state).toBe('valid');
    expect(startCheck(status([signOff()], v1), true)).toEqual({ warn: false });
  });

  it('another trainee’s or another card’s sign-off does not count', () => {
    expect(status([signOff({ trainee: 'u-li' })], v1).state).toBe('none');
    expect(status([signOff({ sop: { id: 'brain-mri', version: 1 } })], v1).state).toBe('none');
  });

  it('"not yet competent" is not a sign-off; the latest assessment decides', () => {
    expect(status([signOff({ result: 'notYet' })], v1).state).toBe('notYet');
    const later = signOff({ assessedOn: '2026-02-01', attempt: 2, result: 'competent' });
    expect(status([later, signOff({ result: 'notYet' })], v1).state).toBe('valid');
    expect(status([signOff(), signOff({ assessedOn: '2026-03-01', attempt: 2, result: 'notYet' })], v1).state).toBe(
      'notYet',
    );
  });

  it('lapses at re-validation: valid through the date, lapsed the day after', () => {
    expect(status([signOff()], v1, '2029-01-10').state).toBe('valid');
    expect(status([signOff()], v1, '2029-01-11')).toMatchObject({ state: 'lapsed', reasons: ['revalidationDue'] });
  });

  it('a new version that changes only non-critical steps keeps the sign-off', () => {
    expect(status([signOff()], v2Wording).state).toBe('valid');
  });

  it('a new version that changes a critical step lapses it, naming the step', () => {
    expect(status([signOff()], v2Critical)).toMatchObject({
      state: 'lapsed',
      reasons: ['criticalStepChanged'],
      changedSteps: ['screening'],
    });
    // The same change on a step the card does not mark critical is not a lapse.
    expect(status([signOff()], v2Critical, '2026-06-01', { sopId: 'chest-ct', criticalSteps: ['scan'] }).state).toBe(
      'valid',
    );
  });

  it('a critical step removed in the new version counts as changed; key order alone does not', () => {
    const removed = card(2, [step('identity'), step('scan')]);
    expect(status([signOff()], removed)).toMatchObject({ state: 'lapsed', changedSteps: ['screening'] });
    expect(status([signOff()], v2KeyOrder).state).toBe('valid');
  });

  it('a new major version lapses it even when no critical step changed', () => {
    const major = { ...rules, majorVersions: [2] };
    expect(status([signOff()], v2Wording, '2026-06-01', major)).toMatchObject({
      state: 'lapsed',
      reasons: ['majorVersion'],
    });
    // Signed off on version 2 itself: the major change is behind it.
    expect(status([signOff({ sop: { id: 'chest-ct', version: 2 } })], v2Wording, '2026-06-01', major).state).toBe(
      'valid',
    );
  });

  it('a signed version this tablet cannot find lapses rather than passes unchecked', () => {
    expect(status([signOff()], v2Wording, '2026-06-01', rules, [])).toMatchObject({
      state: 'lapsed',
      reasons: ['signedVersionUnknown'],
    });
  });

  it('several reasons at once are all given; a site that blocks gets a block', () => {
    const s = status([signOff()], v2Critical, '2030-01-01', { ...rules, majorVersions: [2] });
    expect(s).toMatchObject({ state: 'lapsed', reasons: ['revalidationDue', 'majorVersion', 'criticalStepChanged'] });
    expect(startCheck(s, true)).toMatchObject({ warn: true, block: true });
  });

  it("the card's own critical flag lapses a sign-off when a new version changes that step", () => {
    const flagged = (version: number, items: string[]) =>
      card(version, [step('identity'), { ...step('scan', items), critical: true }, step('send')]);
    const v1f = flagged(1, ['done']);
    const v2f = flagged(2, ['done', 'doseChecked']);
    // No rules for the card at all: the flag in the card data is what counts.
    expect(status([signOff()], v2f, '2026-06-01', undefined, [v1f])).toMatchObject({
      state: 'lapsed',
      reasons: ['criticalStepChanged'],
      changedSteps: ['scan'],
    });
    // A change to a step the card does not flag keeps the sign-off, whatever the fallback list says.
    const v2Other = card(2, [
      { ...step('identity'), body: 't.new' },
      { ...step('scan'), critical: true },
      step('send'),
    ]);
    expect(status([signOff()], v2Other, '2026-06-01', rules, [v1f]).state).toBe('valid');
  });

  it('a version that newly flags a step is read together with the frozen version it replaces', () => {
    // v1 flags nothing (built-in, rules say identity and screening); v2 flags scan and unflags identity.
    const v2 = card(2, [
      { ...step('identity', ['done', 'wristband']), critical: false },
      step('screening', ['pregnancy']),
      { ...step('scan', ['done', 'dose']), critical: true },
    ]);
    expect(criticalStepsOf(v1, rules)).toEqual(['identity', 'screening']);
    expect(criticalStepsOf(v2, rules)).toEqual(['scan']);
    // identity was critical when signed, scan is critical now: both changed, both lapse it.
    expect(status([signOff()], v2)).toMatchObject({ state: 'lapsed', changedSteps: ['identity', 'scan'] });
  });
});
