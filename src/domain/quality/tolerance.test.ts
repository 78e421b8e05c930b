import { describe, expect, it } from 'vitest';
import { evaluateResult, parseMeasurement, resultPassed } from './qc-result';
import { defaultTestSets, type QcTestSet } from './qc-sets';
import { evaluate, limitsOf, toleranceProblems, worstOutcome, type Tolerance } from './tolerance';

describe('tolerance and action levels', () => {
  const pct: Tolerance = { reference: 50, kind: 'percent', tolerance: 2, action: 3 };

  it("follows QATrack+'s example: reference 50, ±2 % tolerance, ±3 % action", () => {
    expect(limitsOf(pct)).toEqual({ actionLow: 48.5, toleranceLow: 49, toleranceHigh: 51, actionHigh: 51.5 });
    expect([49, 50, 51].map((v) => evaluate(v, pct))).toEqual(['ok', 'ok', 'ok']);
    expect([48.5, 48.9, 51.1, 51.5].map((v) => evaluate(v, pct))).toEqual([
      'tolerance',
      'tolerance',
      'tolerance',
      'tolerance',
    ]);
    expect([48.4, 51.6, 0, 100].map((v) => evaluate(v, pct))).toEqual(['action', 'action', 'action', 'action']);
  });

  it('absolute windows: water CT number 0 HU, ±4 tolerance, ±5 action', () => {
    const water: Tolerance = { reference: 0, kind: 'absolute', tolerance: 4, action: 5 };
    expect([0, -4, 4, 4.5, -5, 5.01, 9, -9].map((v) => evaluate(v, water))).toEqual([
      'ok',
      'ok',
      'ok',
      'tolerance',
      'tolerance',
      'action',
      'action',
      'action',
    ]);
  });

  it('one-sided windows: noise fails only upwards, low-contrast spokes only downwards', () => {
    const noise: Tolerance = { reference: 5, kind: 'percent', tolerance: 10, action: 20, side: 'upper' };
    expect([1, 5, 5.5, 5.8, 6, 6.01].map((v) => evaluate(v, noise))).toEqual([
      'ok',
      'ok',
      'ok',
      'tolerance',
      'tolerance',
      'action',
    ]);
    const spokes: Tolerance = { reference: 40, kind: 'absolute', tolerance: 2, action: 3, side: 'lower' };
    expect([45, 38, 37.5, 37, 36].map((v) => evaluate(v, spokes))).toEqual([
      'ok',
      'ok',
      'tolerance',
      'tolerance',
      'action',
    ]);
  });

  it('names each field a typed tolerance gets wrong', () => {
    expect(toleranceProblems({ reference: 0, kind: 'percent', tolerance: 3, action: 2 }).map((p) => p.field)).toEqual([
      'action',
      'reference',
    ]);
    expect(
      toleranceProblems({ reference: Number.NaN, kind: 'absolute', tolerance: -1, action: 1 }).map((p) => p.field),
    ).toEqual(['reference', 'tolerance']);
    expect(toleranceProblems(pct)).toEqual([]);
  });

  it('the worst outcome wins; not done is not a pass', () => {
    expect(worstOutcome(['ok', 'tolerance', 'ok'])).toBe('tolerance');
    expect(worstOutcome(['ok', 'notDone'])).toBe('notDone');
    expect(worstOutcome(['notDone', 'action', 'tolerance'])).toBe('action');
  });
});

describe('a QC result', () => {
  const daily = defaultTestSets('CT').find((s) => s.setId === 'daily')!;
  const inputs = {
    waterHu: { text: '9' },
    noiseSd: { text: '5,2' },
    artefacts: { passed: true },
    vendorQc: { passed: true },
  };

  it('evaluates every test and freezes the reference and windows in force', () => {
    const r = evaluateResult(daily, 'ct-1', 'r1', inputs);
    if (!('result' in r)) throw new Error('expected a result');
    expect(r.result.outcome).toBe('action');
    expect(r.result.items.map((i) => [i.testId, i.outcome, i.value])).toEqual([
      ['waterHu', 'action', 9],
      ['noiseSd', 'ok', 5.2],
      ['artefacts', 'ok', undefined],
      ['vendorQc', 'ok', undefined],
    ]);
    expect(r.result.items[0]!.tolerance).toEqual({ reference: 0, kind: 'absolute', tolerance: 4, action: 5 });
    expect(resultPassed(r.result)).toBe(false);
  });

  it('keeps the reference it was measured against when the test set is edited later', () => {
    const r = evaluateResult(daily, 'ct-1', 'r1', { ...inputs, waterHu: { text: '4.5' } });
    if (!('result' in r)) throw new Error('expected a result');
    const edited: QcTestSet = structuredClone(daily) as QcTestSet;
    (edited.tests[0] as { tolerance: Tolerance }).tolerance = {
      reference: 0,
      kind: 'absolute',
      tolerance: 5,
      action: 6,
    };
    const later = evaluateResult({ ...edited, version: 2 }, 'ct-1', 'r2', { ...inputs, waterHu: { text: '4.5' } });
    if (!('result' in later)) throw new Error('expected a result');
    expect(r.result.items[0]).toMatchObject({ outcome: 'tolerance', tolerance: { tolerance: 4, action: 5 } });
    expect(later.result.items[0]).toMatchObject({ outcome: 'ok', tolerance: { tolerance: 5, action: 6 } });
    expect([r.result.setVersion, later.result.setVersion]).toEqual([1, 2]);
  });

  it('refuses a half-filled form, with a message per test', () => {
    const r = evaluateResult(daily, 'ct-1', 'r1', { waterHu: { text: 'nine' }, noiseSd: { notDone: true } });
    expect(r).toEqual({
      problems: {
        waterHu: '"nine" is not a number',
        artefacts: 'choose pass or fail, or mark it not done',
        vendorQc: 'choose pass or fail, or mark it not done',
      },
    });
  });

  it('reads numbers as typed on a tablet', () => {
    expect(parseMeasurement(' -4,5 ')).toEqual({ value: -4.5 });
    expect(parseMeasurement('+9')).toEqual({ value: 9 });
    expect(parseMeasurement('')).toEqual({ problem: 'enter a value, or mark the test not done' });
    expect(parseMeasurement('1e3')).toEqual({ problem: '"1e3" is not a number' });
  });
});
