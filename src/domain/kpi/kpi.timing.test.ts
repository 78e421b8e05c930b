// The timed figures on hand-made runs with known answers: open, cancelled, clock set back, spanning
// midnight, each judged by the one interval rule.
import { describe, expect, it } from 'vitest';
import { tablet } from '../run/golden/log-builder';
import { contrastAbdomenCtV1, contrastCommands } from '../run/run.projection.driver';
import { contrastObservation } from './kpi.contrast';
import { kpiRun, MIN, qcRun, toScan } from './kpi.fixtures';
import { emergencyResponse, reportHandoff, waiting, warmup } from './kpi.timing';

const T0 = Date.UTC(2026, 10, 23, 8, 0);
const HOUR = 60 * MIN;
const NOW = T0 + 6 * HOUR;

describe('emergency response (arrival → scan start ≤ 5 min)', () => {
  it('counts met, missed (measured and still open), open in time, cancelled and clock-changed runs apart', () => {
    const moved = tablet(2, 'wang');
    const clockBack = kpiRun(6, { arrive: T0 + 4 * HOUR, priority: 'emergency', by: moved }).step('identity', MIN);
    moved.offsetMs = -10 * MIN; // the tablet's clock is set back mid-run
    clockBack.walk(['screening', 'preparation', 'positioning', 'breathHold'], MIN);
    const runs = [
      toScan(1, { arrive: T0, priority: 'emergency' }, 4 * MIN),
      toScan(2, { arrive: T0 + HOUR, priority: 'emergency' }, 6 * MIN),
      kpiRun(3, { arrive: NOW - 10 * MIN, priority: 'emergency' }).step('identity', MIN),
      kpiRun(4, { arrive: NOW - 2 * MIN, priority: 'emergency' }),
      kpiRun(5, { arrive: T0 + 3 * HOUR, priority: 'emergency' })
        .step('identity', MIN)
        .send({ type: 'cancel', reason: 'patient left' }, T0 + 3 * HOUR + 2 * MIN),
      clockBack,
      toScan(7, { arrive: T0 }, 30 * MIN), // routine: not in this figure
    ].map((r) => r.project());
    const f = emergencyResponse(runs, NOW);
    expect(f.counts).toEqual({ met: 1, missed: 2, open: 1, cancelled: 1, unreliable: 1 });
    expect(f.targetMs).toBe(5 * MIN);
    expect(f.withinTarget).toBeCloseTo(1 / 3);
    expect(f.medianMs).toBe(5 * MIN); // 4 and 6 minutes; the open miss has no duration
    expect(f.p90Ms).toBe(6 * MIN);
    expect(f.misses.map((m) => [m.runId, m.outcome, m.ms, m.overMs])).toEqual([
      [runs[2]!.runId, 'missed', undefined, 5 * MIN],
      [runs[1]!.runId, 'missed', 6 * MIN, MIN],
      [runs[5]!.runId, 'unreliable', undefined, undefined],
    ]);
  });

  it('a cancel after the five minutes is a miss: the patient was not answered in time', () => {
    const r = kpiRun(1, { arrive: T0, priority: 'emergency' })
      .step('identity', MIN)
      .send({ type: 'cancel', reason: 'transferred' }, T0 + 8 * MIN)
      .project();
    expect(emergencyResponse([r], NOW).misses).toEqual([
      expect.objectContaining({ outcome: 'missed', overMs: 3 * MIN }),
    ]);
  });
});

describe('waiting (arrival → scan start; median, 90th percentile, share ≤ 15 min)', () => {
  it('over exams of every priority, QC runs and unknown cards left out', () => {
    const runs = [
      toScan(1, { arrive: T0 }, 10 * MIN),
      toScan(2, { arrive: T0 }, 20 * MIN),
      toScan(3, { arrive: T0 }, 12 * MIN),
      toScan(4, { arrive: T0, priority: 'emergency' }, 4 * MIN),
      kpiRun(5, { arrive: NOW - 20 * MIN }), // still waiting, past 15 minutes
      qcRun(6, { arrive: T0 }).walk(['warmupStart', 'warmupComplete'], MIN),
    ].map((r) => r.project());
    const f = waiting(runs, NOW);
    expect(f.counts).toEqual({ met: 3, missed: 2, open: 0, cancelled: 0, unreliable: 0 });
    expect(f.withinTarget).toBeCloseTo(3 / 5);
    expect(f.medianMs).toBe(11 * MIN); // 4, 10, 12, 20
    expect(f.p90Ms).toBe(20 * MIN);
  });

  it('a run that spans midnight keeps its wait: arrival 23:50, scan 00:02', () => {
    const r = toScan(1, { arrive: Date.UTC(2026, 10, 23, 23, 50) }, 12 * MIN).project();
    expect(r.scanStartedAt).toBe(Date.UTC(2026, 10, 24, 0, 2));
    expect(waiting([r], NOW + 24 * HOUR)).toMatchObject({ medianMs: 12 * MIN, withinTarget: 1 });
  });
});

describe('report hand-off (leaving the scan → leaving the send step ≤ 15 min)', () => {
  it('met and missed by how much; a run not yet scanned is not in it', () => {
    const done = (no: number, qcMs: number, sendMs: number) =>
      toScan(no, { arrive: T0 }, 10 * MIN)
        .step('scan', 5 * MIN)
        .step('imageQc', qcMs)
        .step('send', sendMs)
        .project();
    const runs = [done(1, 5 * MIN, 4 * MIN), done(2, 10 * MIN, 10 * MIN), toScan(3, { arrive: T0 }, MIN).project()];
    const f = reportHandoff(runs, NOW);
    expect(f.counts).toMatchObject({ met: 1, missed: 1 });
    expect(f.medianMs).toBe((9 * MIN + 20 * MIN) / 2);
    expect(f.misses).toEqual([expect.objectContaining({ runId: runs[1]!.runId, ms: 20 * MIN, overMs: 5 * MIN })]);
  });
});

describe('warm-up (QC runs: CT ≤ 3 min), per modality and scanner', () => {
  it('one row for all CT scanners, then one per scanner', () => {
    const warm = (no: number, scanner: string, ms: number) =>
      qcRun(no, { arrive: T0, scanner }).step('warmupStart', MIN).step('warmupComplete', ms).project();
    const rows = warmup([warm(1, 'ct-1', 2 * MIN), warm(2, 'ct-2', 4 * MIN), warm(3, 'ct-2', 3 * MIN)], NOW);
    expect(rows.map((r) => [r.modality, r.scanner, r.counts.met, r.counts.missed, r.withinTarget])).toEqual([
      ['CT', '*', 2, 1, 2 / 3],
      ['CT', 'ct-1', 1, 0, 1],
      ['CT', 'ct-2', 1, 1, 0.5],
    ]);
    expect(rows[0]!.targetMs).toBe(3 * MIN);
  });
});

describe('contrast observation (30 min after injection)', () => {
  const observed = (no: number, waitMs: number | 'cancel' | 'open', reason?: string) => {
    const r = kpiRun(no, { arrive: T0, sop: contrastAbdomenCtV1 });
    const { throughInjection, toDischarge } = contrastCommands();
    throughInjection.forEach((c) => r.send(c));
    const injectedAt = r.now();
    toDischarge.forEach((c) => r.send(c));
    if (waitMs === 'cancel') r.send({ type: 'cancel', reason: 'patient left against advice' });
    else if (waitMs !== 'open')
      r.send({ type: 'next', ...(reason ? { earlyCloseReason: reason } : {}) }, injectedAt + waitMs);
    return r.project();
  };

  it('completed, closed early with the reasons grouped as typed, running, cancelled during it', () => {
    const runs = [
      observed(1, 31 * MIN),
      observed(2, 10 * MIN, 'Discharged by radiologist'),
      observed(3, 12 * MIN, '  discharged  by radiologist '),
      observed(4, 'open'),
      observed(5, 'cancel'),
    ];
    const f = contrastObservation(runs);
    expect(f.counts).toEqual({ completed: 1, closedEarly: 2, running: 1, cancelled: 1, unreliable: 0 });
    expect(f.completedShare).toBeCloseTo(1 / 3);
    expect(f.reasons).toEqual([{ reason: 'discharged by radiologist', count: 2 }]);
    expect(f.misses.map((m) => [m.runId, m.outcome])).toEqual([
      [runs[1]!.runId, 'missed'],
      [runs[2]!.runId, 'missed'],
      [runs[4]!.runId, 'cancelled'],
    ]);
  });
});
