// The quality figures on a hand-made quality log: reject and repeat rates, QC outcomes, overdue QC at
// `now`, adverse events by kind and severity, and a control chart with known mean and limits.
import { describe, expect, it } from 'vitest';
import { evaluateResult } from '../quality/qc-result';
import { defaultTestSets } from '../quality/qc-sets';
import { projectQuality, type QualityEvent } from '../quality/quality.projection';
import { DEFAULT_SCANNERS } from '../scanners/scanner';
import { qualityFigures } from './kpi.quality';

const DAY = 24 * 3600_000;
const FROM = Date.UTC(2026, 10, 1);
const PERIOD = { from: FROM, to: FROM + 30 * DAY };
const TZ = 'UTC';
const daily = defaultTestSets('CT')[0]!;

let n = 0;
const event = (type: string, payload: unknown, at: number, user = 'chen'): QualityEvent => {
  n += 1;
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return { id, streamId: 's', at, hlc: String(at).padStart(15, '0'), user, device: 'd', deviceSeq: n, type, payload };
};
const qc = (scannerId: string, at: number, waterHu: number) => {
  const r = evaluateResult(daily, scannerId, `result-${++n}`, {
    waterHu: { text: String(waterHu) },
    noiseSd: { text: '5' },
    artefacts: { passed: true },
    vendorQc: { passed: true },
  });
  if (!('result' in r)) throw new Error('bad fixture');
  return event('qc.resultRecorded', r.result, at);
};
const image = (scannerId: string, at: number, outcome: string, images: number, user = 'chen') =>
  event(
    'imageQc.recorded',
    { recordId: `img-${++n}`, scannerId, sopId: 'chest-ct', sopVersion: 1, outcome, images, reason: '111210' },
    at,
    user,
  );
const adverse = (kind: string, at: number, severity?: string) =>
  event(
    'adverse.reported',
    {
      reportId: `rep-${++n}`,
      kind,
      occurredAt: at,
      scannerId: 'ct-1',
      ...(severity && { contrast: { severity } }),
      ahrqClass: 'incidentNoHarm',
      harm: 'none',
      whatHappened: 'x',
      actionsTaken: 'y',
    },
    at,
  );

const roles = { mayReview: () => true, mayManage: () => true };

describe('quality figures', () => {
  const events = [
    image('ct-1', FROM + DAY, 'accept', 96),
    image('ct-1', FROM + DAY, 'repeat', 2),
    image('ct-2', FROM + 2 * DAY, 'reject', 2, 'wang'),
    image('ct-2', FROM - DAY, 'reject', 50), // before the period
    ...[0, 1, 2, 3, 4, 5, 6, 7].map((d) => qc('ct-1', FROM + d * DAY + 3600_000, [0, 1, -1, 0, 1, -1, 4.5, 6][d]!)),
    adverse('contrastReaction', FROM + DAY, 'moderate'),
    adverse('contrastReaction', FROM + 2 * DAY, 'mild'),
    adverse('fall', FROM + 3 * DAY),
  ];
  const state = projectQuality(events, roles, DEFAULT_SCANNERS);
  const now = FROM + 9 * DAY + 12 * 3600_000; // day 10 at noon: ct-1's last QC was on day 8

  it('reject and repeat rates over images acquired in the period, by scanner, with the records behind them', () => {
    const f = qualityFigures(state, PERIOD, {}, now, TZ);
    expect(f.rejects).toMatchObject({ acquired: 100, rejected: 2, repeated: 2, rejectRate: 0.02, repeatRate: 0.02 });
    expect(f.rejects.byScanner.map((r) => [r.key, r.rejectRate])).toEqual([
      ['ct-1', 0],
      ['ct-2', 1],
    ]);
    expect(f.rejects.records).toHaveLength(2);
    expect(qualityFigures(state, PERIOD, { technologist: 'wang' }, now, TZ).rejects.acquired).toBe(2);
  });

  it('QC results by outcome, overdue daily QC at now', () => {
    const f = qualityFigures(state, PERIOD, {}, now, TZ);
    expect(f.qc.counts).toEqual({ ok: 6, tolerance: 1, action: 1, notDone: 0 });
    expect(f.qc.passShare).toBe(6 / 8);
    expect(f.qc.misses.map((m) => m.outcome)).toEqual(['tolerance', 'action']);
    // ct-1 is in the QC programme (it has results) and missed today's; ct-2 and mr-1 have never started.
    expect(f.overdueQc.filter((o) => o.setId === 'daily').map((o) => o.scannerId)).toContain('ct-1');
    expect(qualityFigures(state, PERIOD, { scanner: 'ct-2' }, now, TZ).qc.total).toBe(0);
  });

  it('adverse events by kind and by severity (ACR for reactions, AHRQ harm otherwise)', () => {
    const f = qualityFigures(state, PERIOD, {}, now, TZ);
    expect(f.adverse.total).toBe(3);
    expect(f.adverse.byKind).toEqual({ contrastReaction: 2, fall: 1 });
    expect(f.adverse.bySeverity).toEqual({ 'harm:none': 1, mild: 1, moderate: 1 });
    expect(qualityFigures(state, PERIOD, { modality: 'MR' }, now, TZ).adverse.total).toBe(0);
  });

  it('a control chart per numeric test: mean, sample SD, mean ± 3 SD and the frozen windows', () => {
    const chart = qualityFigures(state, PERIOD, {}, now, TZ).controlCharts.find((c) => c.testId === 'waterHu')!;
    const values = [0, 1, -1, 0, 1, -1, 4.5, 6];
    const mean = values.reduce((a, b) => a + b) / 8;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 7);
    expect(chart.points.map((p) => p.value)).toEqual(values);
    expect(chart.mean).toBeCloseTo(mean);
    expect(chart.sd).toBeCloseTo(sd);
    expect(chart.ucl).toBeCloseTo(mean + 3 * sd);
    expect(chart).toMatchObject({
      reference: 0,
      limits: { actionLow: -5, toleranceLow: -4, toleranceHigh: 4, actionHigh: 5 },
    });
    expect(chart.outOfControl).toBe(0);
  });
});
