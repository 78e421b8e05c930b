import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../domain/training/scenario.validate';
import { BUILT_IN_SOPS, CURRENT_SOPS } from '../library';
import { COMPETENCY_RULES } from './competencies';
import { SCENARIO_FILES } from './index';

const sopFor = (id: string, version?: number) =>
  version === undefined
    ? CURRENT_SOPS.find((s) => s.id === id)
    : BUILT_IN_SOPS.find((s) => s.id === id && s.version === version);
const valid = SCENARIO_FILES.find((f) => f.file.startsWith('chest-ct'))!.data as Record<string, unknown>;

describe('training scenarios as data', () => {
  it('there are scenario files, and every one is valid against its card', () => {
    expect(SCENARIO_FILES.length).toBeGreaterThanOrEqual(2);
    for (const f of SCENARIO_FILES)
      expect([f.file, validateScenario(f.data, sopFor)]).toMatchObject([f.file, { ok: true }]);
  });

  it('a shape error names the field', () => {
    const r = validateScenario({ ...valid, patient: 'nobody', passMark: 120, extra: 1 }, sopFor);
    expect(r.ok).toBe(false);
    const paths = !r.ok ? r.errors.map((e) => e.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['', 'patient', 'passMark']));
    expect(!r.ok && r.errors.find((e) => e.path === '')?.message).toBe('unknown field(s): extra');
  });

  it('a meaning error against the card names the field and the card', () => {
    const expect0 = (valid.expect as Record<string, unknown>[])[0]!;
    const r = validateScenario(
      {
        ...valid,
        expect: [
          { ...expect0, answers: { twoIdentifiers: 'maybe', notAnItem: true } },
          { step: 'nowhere' },
          { step: 'identity', move: 'skip' },
        ],
        traps: [{ step: 'send', item: 'pregnancy', kind: 'unsure', note: { en: 'x' } }],
      },
      sopFor,
    );
    expect(r.ok ? [] : r.errors).toEqual([
      { path: 'expect[0].answers.twoIdentifiers', message: 'expects yes or no (item "twoIdentifiers")' },
      { path: 'expect[0].answers.notAnItem', message: '"notAnItem" is not an item of step "identity"' },
      { path: 'expect[1].step', message: '"nowhere" is not a step of chest-ct' },
      { path: 'expect[2].move', message: 'step "identity" cannot be skipped' },
      { path: 'traps[0].item', message: '"pregnancy" is not an item of step "send"' },
    ]);
  });

  it('a scenario for a card not in the library is refused', () => {
    expect(validateScenario({ ...valid, sop: { id: 'knee-mri' } }, sopFor)).toEqual({
      ok: false,
      errors: [{ path: 'sop', message: 'card "knee-mri" is not in the library' }],
    });
  });

  it('every built-in card has competency rules naming only steps it has', () => {
    for (const sop of CURRENT_SOPS) {
      const rules = COMPETENCY_RULES.find((r) => r.sopId === sop.id);
      expect(rules, sop.id).toBeDefined();
      for (const id of rules!.criticalSteps)
        expect(
          sop.steps.map((s) => s.id),
          `${sop.id}.${id}`,
        ).toContain(id);
    }
  });
});
