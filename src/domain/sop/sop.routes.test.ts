import { describe, expect, it } from 'vitest';
import { chestCt } from '../../sops/chest-ct.sop';
import { branchCoverage, checkRoutes, routeBlockers } from './sop.routes';
import type { SopDefinition } from './sop.schema';

const card = (mutate: (s: SopDefinition) => void = () => {}) => {
  const s = structuredClone(chestCt);
  mutate(s);
  return s;
};
const stepOf = (s: SopDefinition, id: string) => s.steps.find((x) => x.id === id)!;

describe('checkRoutes', () => {
  it('finds no problem on the built-in chest CT card', () => {
    expect(checkRoutes(chestCt)).toEqual({ unreachable: [], neverCompletes: [], dangling: [] });
    expect(routeBlockers(chestCt)).toEqual([]);
  });

  it('names a step that no route reaches', () => {
    const s = card((s) => (stepOf(s, 'screening').branches = []));
    expect(checkRoutes(s).unreachable).toEqual(['pregnancyConsult']);
    expect(routeBlockers(s)).toEqual(['step "pregnancyConsult" is reached by no route']);
  });

  it('names the steps of a loop as never completing, even when a branch leaves the loop', () => {
    const s = card((s) => (stepOf(s, 'pregnancyConsult').next = 'screening'));
    expect(checkRoutes(s).neverCompletes).toEqual(['screening', 'pregnancyConsult']);
  });

  it('names a target that is no step, and the steps that can then never finish', () => {
    const s = card((s) => (stepOf(s, 'send').next = 'archive'));
    const c = checkRoutes(s);
    expect(c.dangling).toEqual([{ from: 'send', via: 'next', to: 'archive' }]);
    expect(c.neverCompletes).toContain('send');
    expect(c.neverCompletes).toContain('identity');
  });
});

describe('branchCoverage', () => {
  it('lists the branch no preview has taken yet, until a route takes it', () => {
    const plain = [
      'identity',
      'screening',
      'preparation',
      'positioning',
      'breathHold',
      'scan',
      'imageQc',
      'send',
      'complete',
    ];
    const first = branchCoverage(chestCt, [plain]);
    expect(first.notTaken.map((e) => `${e.from}→${e.to}`)).toEqual([
      'screening→pregnancyConsult',
      'pregnancyConsult→preparation',
      ...first.notTaken.slice(2).map((e) => `${e.from}→${e.to}`),
    ]);
    expect(first.notTaken.some((e) => e.from === 'screening' && e.via === 0)).toBe(true);
    const both = branchCoverage(chestCt, [plain, ['identity', 'screening', 'pregnancyConsult', 'preparation']]);
    expect(both.notTaken.some((e) => e.from === 'screening')).toBe(false);
    expect(both.taken.length).toBeGreaterThan(first.taken.length);
  });
});
