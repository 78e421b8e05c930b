// The whole dashboard: runs by arrival in the period (a run spanning midnight stays in the day it
// arrived), the filters, the previous period's headline, runs of unknown cards apart, and a definition
// text for every figure in both staff languages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectRun } from '../run/run.projection';
import { projectQuality } from '../quality/quality.projection';
import { tablet } from '../run/golden/log-builder';
import { dashboard, definitionKey, FIGURE_IDS } from './kpi';
import { kpiRun, MIN, toScan } from './kpi.fixtures';
import { seededMonth } from './kpi.month';
import { BUILT_IN_SOPS } from '../../sops/library';
import type { RunEvent } from '../run/run.event';

const chestOrQc = (log: readonly RunEvent[]) => {
  const { id, version } = (log[0]!.payload as { sop: { id: string; version: number } }).sop;
  return BUILT_IN_SOPS.find((s) => s.id === id && s.version === version);
};

const DAY = 24 * 3600_000;
const D23 = Date.UTC(2026, 10, 23);
const quality = projectQuality([], { mayReview: () => true, mayManage: () => true });
const wang = tablet(2, 'wang');

describe('dashboard', () => {
  const runs = [
    toScan(1, { arrive: D23 - 3600_000, priority: 'emergency' }, 7 * MIN), // 22 Nov: previous day
    toScan(2, { arrive: D23 + 10 * 3600_000, priority: 'emergency' }, 3 * MIN),
    toScan(3, { arrive: D23 + 23 * 3600_000 + 50 * MIN, scanner: 'ct-2' }, 20 * MIN), // ends on the 24th
    toScan(4, { arrive: D23 + 12 * 3600_000, by: wang }, 10 * MIN),
    toScan(5, { arrive: D23 + DAY + 5 * MIN }, 10 * MIN), // 24 Nov
  ].map((r) => r.project());
  const unknown = projectRun(kpiRun(6, { arrive: D23 + 3600_000 }).log.events, undefined);
  const input = { runs: [...runs, unknown], quality, timeZone: 'UTC' };
  const day = { from: D23, to: D23 + DAY };
  const now = D23 + 2 * DAY;

  it('counts runs by arrival in the period, with the previous period of the same length beside it', () => {
    const { current, previous } = dashboard(input, day, {}, now);
    expect(current.runs).toMatchObject({ total: 4, exams: 4, qc: 0, notInterpreted: [unknown.runId] });
    expect(current.waiting.counts).toMatchObject({ met: 2, missed: 1 }); // the unknown card is not timed
    expect(current.waiting.misses.map((m) => m.runId)).toEqual([runs[2]!.runId]);
    expect(current.emergencyResponse.withinTarget).toBe(1);
    expect(previous).toMatchObject({ runs: 1, emergencyWithin: 0, emergencyMedianMs: 7 * MIN });
  });

  it('gives the same lists whatever order the runs come in (sorted or not)', () => {
    const month = seededMonth(D23, 4, 8);
    const sorted = month.logs.map((log) => projectRun(log, chestOrQc(log)));
    const period = { from: month.from, to: month.to };
    const expected = dashboard({ ...input, runs: sorted }, period, {}, now);
    expect(expected.current.moves.skips.length + expected.current.moves.cancels.length).toBeGreaterThan(0);
    const swapped = [sorted[5]!, ...sorted.slice(0, 5), ...sorted.slice(6)];
    for (const order of [[...sorted].reverse(), swapped])
      expect(dashboard({ ...input, runs: order }, period, {}, now)).toEqual(expected);
  });

  it('filters by scanner, card, technologist, priority and modality', () => {
    const total = (f: Parameters<typeof dashboard>[2]) => dashboard(input, day, f, now).current.runs.total;
    expect(total({ scanner: 'ct-2' })).toBe(1);
    expect(total({ card: 'chest-ct' })).toBe(4);
    expect(total({ card: 'brain-mri' })).toBe(0);
    expect(total({ technologist: 'wang' })).toBe(1);
    expect(total({ priority: 'emergency' })).toBe(1);
    expect(total({ modality: 'CT' })).toBe(3); // the unknown card's modality is not known
  });

  it('every figure has a definition in English and Chinese', () => {
    for (const lng of ['en', 'zh-CN']) {
      const texts = JSON.parse(readFileSync(`locales/${lng}/staff.json`, 'utf8')) as Record<string, string>;
      for (const id of FIGURE_IDS) expect(texts[definitionKey(id)], `${lng} ${id}`).toMatch(/\S{3}/);
    }
  });
});
