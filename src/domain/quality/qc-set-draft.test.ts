import { describe, expect, it } from 'vitest';
import {
  addTest,
  blankSet,
  draftOf,
  draftProblems,
  moveTest,
  removeTest,
  testIdFor,
  testSetEvent,
  updateTest,
  type SetDraft,
} from './qc-set-draft';
import { defaultTestSets } from './qc-sets';
import { evaluateResult } from './qc-result';
import { projectQuality, type QualityEvent } from './quality.projection';
import { DEFAULT_SCANNERS } from '../scanners/scanner';

const daily = defaultTestSets('CT').find((s) => s.setId === 'daily')!;
const ids = (d: SetDraft) => d.tests.map((t) => t.key);

describe('QC test-set draft', () => {
  it('adds, removes and reorders tests, keeping existing ids', () => {
    let d = draftOf(daily);
    expect(ids(d)).toEqual(['waterHu', 'noiseSd', 'artefacts', 'vendorQc']);
    d = moveTest(d, 'vendorQc', -1);
    d = moveTest(d, 'waterHu', -1); // already first: stays
    expect(ids(d)).toEqual(['waterHu', 'noiseSd', 'vendorQc', 'artefacts']);
    d = removeTest(addTest(d, 'row-1'), 'noiseSd');
    expect(ids(d)).toEqual(['waterHu', 'vendorQc', 'artefacts', 'row-1']);
  });

  it('names the field of every problem, a bad number with what was typed', () => {
    let d = addTest({ ...draftOf(daily), label: ' ', dueBy: '8:00', dueWithinDays: '2' }, 'row-1');
    d = updateTest(d, 'row-1', { label: 'Slice thickness', unit: 'mm', reference: '5', tolerance: 'abc', action: '' });
    d = updateTest(d, 'noiseSd', { action: '5' });
    const slice = { n: 5, label: 'Slice thickness' };
    expect(draftProblems(d)).toEqual([
      { field: 'label', code: 'tooShort', subject: 'setName', values: { min: 1 } },
      { field: 'dueWithinDays', code: 'dueWithinDays', values: { max: 0 } },
      { field: 'dueBy', code: 'dueBy' },
      {
        field: 'tests.noiseSd.action',
        code: 'actionBelowTolerance',
        subject: 'action',
        test: { n: 2, label: 'Noise (SD)' },
      },
      {
        field: 'tests.row-1.tolerance',
        code: 'notANumber',
        subject: 'tolerance',
        test: slice,
        values: { text: 'abc' },
      },
      { field: 'tests.row-1.action', code: 'numberMissing', subject: 'action', test: slice },
    ]);
    const pct = updateTest(draftOf(daily), 'waterHu', { windowKind: 'percent' });
    expect(draftProblems(pct)).toEqual([
      {
        field: 'tests.waterHu.reference',
        code: 'percentNeedsReference',
        subject: 'reference',
        test: { n: 1, label: 'Water CT number' },
      },
    ]);
    expect(testSetEvent(d, 'ct-1', daily)).toMatchObject({ problems: expect.any(Array) });
  });

  it('makes the next version, one-sided and percent windows as typed, new tests with ids from their names', () => {
    let d = addTest(draftOf(daily), 'row-1');
    d = updateTest(d, 'row-1', {
      label: 'Slice thickness',
      unit: 'mm',
      reference: '5',
      windowKind: 'percent',
      tolerance: '10',
      action: '20,5',
      side: 'upper',
    });
    d = updateTest(d, 'waterHu', { tolerance: '3' });
    const r = testSetEvent(d, 'ct-1', daily);
    if (!('payload' in r)) throw new Error(JSON.stringify(r.problems));
    expect(r.payload).toMatchObject({ scannerId: 'ct-1', setId: 'daily', version: 2, label: 'CT daily QC' });
    expect(r.payload.tests[0]).toEqual({
      id: 'waterHu',
      label: 'Water CT number',
      kind: 'numeric',
      unit: 'HU',
      tolerance: { reference: 0, kind: 'absolute', tolerance: 3, action: 5 },
    });
    expect(r.payload.tests[4]).toEqual({
      id: 'sliceThickness',
      label: 'Slice thickness',
      kind: 'numeric',
      unit: 'mm',
      tolerance: { reference: 5, kind: 'percent', tolerance: 10, action: 20.5, side: 'upper' },
    });
    expect(testSetEvent(draftOf(daily), 'ct-1', daily)).toEqual({
      problems: [{ field: 'tests', code: 'unchanged' }],
    });
  });

  it('gives a new set an id from its name that the scanner does not use yet', () => {
    const d = updateTest({ ...blankSet('row-1'), label: 'Daily QC' }, 'row-1', {
      label: 'Laser alignment',
      kind: 'passFail',
    });
    const r = testSetEvent(d, 'ct-1', undefined, new Set(['daily', 'acceptance']));
    expect(r).toMatchObject({ payload: { setId: 'dailyQc', version: 1, schedule: { frequency: 'weekly' } } });
    expect(testIdFor('3 mm slice', new Set())).toBe('test3MmSlice');
    expect(testIdFor('Noise', new Set(['noise', 'noise2']))).toBe('noise3');
  });

  it('an edit leaves an earlier result with the windows it was measured against', () => {
    const before = evaluateResult(daily, 'ct-1', '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f', {
      waterHu: { text: '4.5' },
      noiseSd: { text: '5' },
      artefacts: { passed: true },
      vendorQc: { passed: true },
    });
    if (!('result' in before)) throw new Error('bad inputs');
    const edit = testSetEvent(updateTest(draftOf(daily), 'waterHu', { tolerance: '5', action: '6' }), 'ct-1', daily);
    if (!('payload' in edit)) throw new Error('bad draft');
    const meta = (id: string, at: number) => ({
      id,
      device: 'd1',
      seq: at,
      at,
      user: 'qa',
      streamId: 'equipment:ct-1',
    });
    const events = [
      { ...meta('e1', 1), type: 'qc.resultRecorded', payload: before.result },
      { ...meta('e2', 2), type: 'qc.testSetDefined', payload: edit.payload },
    ] as unknown as QualityEvent[];
    const state = projectQuality(events, { mayReview: () => true, mayManage: () => true }, DEFAULT_SCANNERS);
    expect(state.testSets.get('ct-1')!.find((s) => s.setId === 'daily')).toMatchObject({ version: 2 });
    expect(state.results[0]).toMatchObject({ setVersion: 1, outcome: 'tolerance' });
    expect(state.results[0]!.items[0]!.tolerance).toEqual({ reference: 0, kind: 'absolute', tolerance: 4, action: 5 });
  });
});
