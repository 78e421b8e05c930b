import { describe, expect, it } from 'vitest';
import { rateOf, rejectRates, type ImageQcRecord } from './reject-rate';

const base = { scannerId: 'ct-1', sopId: 'chest-ct', sopVersion: 1, technologist: 'ana', images: 1 } as const;
let n = 0;
const rec = (over: Partial<ImageQcRecord>): ImageQcRecord => ({
  id: `r${++n}`,
  at: Date.UTC(2026, 10, 5),
  outcome: 'accept',
  ...base,
  ...over,
});

describe('reject and repeat rates (TG-305)', () => {
  it('rate = rejected ÷ acquired, where acquired counts accepted, repeated and rejected images', () => {
    const r = rateOf('all', [
      rec({ images: 95 }),
      rec({ outcome: 'repeat', images: 3, reason: '111210' }),
      rec({ outcome: 'reject', images: 2, reason: '111209' }),
    ]);
    expect(r).toMatchObject({
      acquired: 100,
      accepted: 95,
      repeated: 3,
      rejected: 2,
      rejectRate: 0.02,
      repeatRate: 0.03,
    });
    expect(r.byReason).toEqual({ '111210': 3, '111209': 2 });
  });

  it('has no rate when nothing was acquired (not 0 %)', () => {
    expect(rateOf('empty', [])).toMatchObject({ acquired: 0, rejectRate: null, repeatRate: null });
  });

  it('groups by scanner, card version, technologist and month, within the period only', () => {
    const records = [
      rec({ images: 9 }),
      rec({ outcome: 'reject', reason: '111211' }),
      rec({
        scannerId: 'ct-2',
        sopVersion: 2,
        technologist: 'ben',
        outcome: 'reject',
        reason: 'other',
        reasonText: 'gown clip',
      }),
      rec({ scannerId: 'ct-2', sopVersion: 2, technologist: 'ben', images: 3 }),
      rec({ at: Date.UTC(2026, 11, 2), outcome: 'reject' }),
      rec({ at: Date.UTC(2026, 9, 31, 23), outcome: 'reject' }), // before the period
    ];
    const range = { from: Date.UTC(2026, 10, 1), to: Date.UTC(2027, 0, 1) };
    const month = (at: number) => new Date(at).toISOString().slice(0, 7);
    expect(
      rejectRates(records, 'scanner', range, month).map((r) => [r.key, r.rejected, r.acquired, r.rejectRate]),
    ).toEqual([
      ['ct-1', 2, 11, 2 / 11],
      ['ct-2', 1, 4, 0.25],
    ]);
    expect(rejectRates(records, 'cardVersion', range, month).map((r) => r.key)).toEqual(['chest-ct@1', 'chest-ct@2']);
    expect(rejectRates(records, 'technologist', range, month).map((r) => [r.key, r.acquired])).toEqual([
      ['ana', 11],
      ['ben', 4],
    ]);
    expect(rejectRates(records, 'month', range, month).map((r) => [r.key, r.rejected])).toEqual([
      ['2026-11', 2],
      ['2026-12', 1],
    ]);
  });
});
