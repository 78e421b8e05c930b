// Step times and moves on hand-made runs: per card version and technologist, with "back" and cancel
// visits left out; skips and fast paths by reason as typed; moves the card refused only under review.
import { describe, expect, it } from 'vitest';
import { tablet } from '../run/golden/log-builder';
import { kpiRun, MIN, SEC, toScan } from './kpi.fixtures';
import { moves } from './kpi.moves';
import { stepTimes } from './kpi.steps';

const T0 = Date.UTC(2026, 10, 23, 8, 0);
const chen = tablet(1, 'chen');
const wang = tablet(2, 'wang');
const li = tablet(3, 'li');

describe('time per step and its spread between technologists', () => {
  it('median, 90th percentile, the per-person medians and the spread of those with 3 visits or more', () => {
    let no = 0;
    const identity = (by: typeof chen, ms: number) => kpiRun(++no, { arrive: T0, by }).step('identity', ms);
    const runs = [
      ...[1, 2, 3].map(() => identity(chen, 2 * MIN)),
      ...[1, 2, 3].map(() => identity(wang, 4 * MIN)),
      identity(li, 10 * MIN),
      // Left screening by "back": that visit is not a step time; the second identity visit is still open.
      identity(chen, 2 * MIN).send({ type: 'back' }, T0 + 2 * MIN + 30 * SEC),
      kpiRun(++no, { arrive: T0, by: wang }).send({ type: 'cancel', reason: 'wrong patient' }),
    ].map((r) => r.project());
    const rows = stepTimes(runs);
    expect(rows.map((r) => r.stepId)).toEqual(['identity']);
    const [row] = rows;
    expect(row).toMatchObject({ card: 'chest-ct', version: 1, visits: 8, medianMs: 3 * MIN, p90Ms: 10 * MIN });
    expect(row!.byTechnologist).toEqual([
      { user: 'li', visits: 1, medianMs: 10 * MIN },
      { user: 'wang', visits: 3, medianMs: 4 * MIN },
      { user: 'chen', visits: 4, medianMs: 2 * MIN },
    ]);
    expect(row!.spreadMs).toBe(2 * MIN); // li has one visit: not in the spread
    expect(row!.slowest[0]).toEqual({ runId: runs[6]!.runId, user: 'li', ms: 10 * MIN });
  });

  it('lists the ten slowest visits, ties by run id, whatever order the runs come in', () => {
    // 15 visits, three tied at the tenth place: the one-pass selection must equal a full sort.
    const times = [5, 9, 1, 9, 7, 3, 9, 2, 6, 6, 8, 5, 6, 10, 5].map((m) => m * MIN);
    const [zhou, sun] = [tablet(4, 'zhou'), tablet(5, 'sun')]; // own tablets: their clocks run on
    const runs = times.map((ms, i) =>
      kpiRun(i + 1, { arrive: T0, by: i % 2 ? zhou : sun })
        .step('identity', ms)
        .project(),
    );
    const expected = runs
      .map((r, i) => ({ runId: r.runId, user: i % 2 ? 'zhou' : 'sun', ms: times[i]! }))
      .sort((a, b) => b.ms - a.ms || (a.runId < b.runId ? -1 : 1))
      .slice(0, 10);
    expect(stepTimes(runs)[0]!.slowest).toEqual(expected);
    expect(stepTimes([...runs].reverse())[0]!.slowest).toEqual(expected);
  });

  it('a step handed over is timed for the person who left it', () => {
    const r = kpiRun(1, { arrive: T0, by: chen }).step('identity', MIN, wang).project();
    expect(stepTimes([r])[0]!.byTechnologist).toEqual([{ user: 'wang', visits: 1, medianMs: MIN }]);
  });
});

describe('skips, fast paths, cancels and runs that need review', () => {
  it('grouped by card, step and reason as typed; a refused move counts only under review', () => {
    const fast = (no: number, reason: string) =>
      kpiRun(no, { arrive: T0, priority: 'emergency' })
        .step('identity', MIN)
        .send({ type: 'fastPath', reason })
        .project();
    const skipped = kpiRun(3, { arrive: T0 })
      .walk(['identity', 'screening'], MIN)
      .send({ type: 'skip', reason: 'prepared on the ward' })
      .project();
    // A skip on the identity step does not fit the card: refused by the engine, kept for review.
    const refused = kpiRun(4, { arrive: T0 }).send({ type: 'skip', reason: 'not needed today' }).project();
    const cancelled = toScan(5, { arrive: T0 }, 5 * MIN)
      .send({ type: 'cancel', reason: 'Patient left' })
      .project();
    const m = moves([fast(1, 'Trauma, unstable'), fast(2, ' trauma,  unstable'), skipped, refused, cancelled]);
    expect(m.fastPathCount).toBe(2);
    expect(m.fastPaths).toEqual([
      expect.objectContaining({ card: 'chest-ct', fromStep: 'screening', reason: 'trauma, unstable', count: 2 }),
    ]);
    expect(m.skipCount).toBe(1);
    expect(m.skips).toEqual([
      expect.objectContaining({
        stepId: 'preparation',
        reason: 'prepared on the ward',
        count: 1,
        runIds: [skipped.runId],
      }),
    ]);
    expect(m.cancels).toEqual([expect.objectContaining({ reason: 'patient left', runIds: [cancelled.runId] })]);
    expect(m.needsReview).toEqual([{ runId: refused.runId, arrivedAt: T0, moves: 1 }]);
  });
});
