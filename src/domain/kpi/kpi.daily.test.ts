// The charts' day-by-day series: calendar days of the site's time zone (a 25-hour day at the autumn
// change), runs by arrival (a run past midnight stays on its day), empty days kept, filters applied,
// and each day's figures the same as the whole-period functions give over that day alone.
import { describe, expect, it } from 'vitest';
import { projectQuality } from '../quality/quality.projection';
import { tablet } from '../run/golden/log-builder';
import { computeKpis } from './kpi';
import { dailySeries, dayStarts } from './kpi.daily';
import { MIN, toScan } from './kpi.fixtures';
import { seededMonth } from './kpi.month';
import { projectRun } from '../run/run.projection';
import { chestCtV1 } from '../../sops/published';
import { ctDailyQc } from '../../sops/ct-daily-qc.sop';

const H = 3600_000;
const DAY = 24 * H;
const D23 = Date.UTC(2026, 10, 23);

describe('dailySeries', () => {
  const runs = [
    toScan(1, { arrive: D23 + 10 * H, priority: 'emergency' }, 3 * MIN),
    toScan(2, { arrive: D23 + 11 * H, priority: 'emergency' }, 9 * MIN),
    toScan(3, { arrive: D23 + 23 * H + 50 * MIN, scanner: 'ct-2' }, 20 * MIN), // scanned on the 24th
    toScan(4, { arrive: D23 + 2 * DAY + H, by: tablet(2, 'wang') }, 10 * MIN),
  ].map((r) => r.project());
  const period = { from: D23, to: D23 + 3 * DAY };

  it('keeps every calendar day, puts runs on the day they arrived, and judges each day alone', () => {
    const days = dailySeries(runs, period, {}, D23 + 5 * DAY, 'UTC');
    expect(days.map((d) => [d.day, d.runs, d.emergencies, d.emergencyWithin])).toEqual([
      ['2026-11-23', 3, 2, 0.5],
      ['2026-11-24', 0, 0, null],
      ['2026-11-25', 1, 0, null],
    ]);
    expect(days[0]!.waitMedianMs).toBe(9 * MIN); // 3, 9 and 20 minutes
    expect(days[1]!.waitMedianMs).toBeNull();
    expect(days[2]!.waitMedianMs).toBe(10 * MIN);
  });

  it('applies the filters', () => {
    const days = dailySeries(runs, period, { technologist: 'wang' }, D23 + 5 * DAY, 'UTC');
    expect(days.map((d) => d.runs)).toEqual([0, 0, 1]);
  });

  it('cuts days at local midnight: Berlin has a 25-hour day on 25 October 2026', () => {
    const from = Date.UTC(2026, 9, 23, 22); // 24 Oct 00:00 in Berlin (summer time)
    const starts = dayStarts({ from, to: from + 3 * DAY }, 'Europe/Berlin');
    expect(starts.map((s, i) => (starts[i + 1] ?? from + 3 * DAY) - s)).toEqual([DAY, DAY + H, DAY - H]);
  });

  it('agrees with the whole-period figures day by day over a seeded month', () => {
    const month = seededMonth(D23, 5, 8);
    const all = month.logs.map((log) => {
      const qc = JSON.stringify(log[0]).includes('ct-daily-qc');
      return projectRun(log, qc ? ctDailyQc : chestCtV1);
    });
    const quality = projectQuality([], { mayReview: () => true, mayManage: () => true });
    const now = D23 + 10 * DAY;
    const days = dailySeries(all, { from: D23, to: D23 + 5 * DAY }, {}, now, 'UTC');
    expect(days).toHaveLength(5);
    for (const d of days) {
      const k = computeKpis({ runs: all, quality, timeZone: 'UTC' }, { from: d.start, to: d.start + DAY }, {}, now);
      expect(d.runs).toBe(k.runs.total);
      expect(d.waitMedianMs).toBe(k.waiting.medianMs);
      expect(d.emergencyWithin).toBe(k.emergencyResponse.withinTarget);
      expect(d.handoffWithin).toBe(k.reportHandoff.withinTarget);
    }
    expect(days.reduce((n, d) => n + d.runs, 0)).toBe(5 * 10);
  });
});
