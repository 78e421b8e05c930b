import { describe, expect, it } from 'vitest';
import {
  currentReport,
  followUpDueAt,
  moveReport,
  reportProblems,
  warnsFutureContrast,
  type AdverseReport,
} from './adverse-event';

const report: AdverseReport = {
  reportId: 'a1',
  kind: 'contrastReaction',
  occurredAt: Date.UTC(2026, 10, 23, 10),
  contrast: { agent: 'Iohexol 350', volumeMl: 90, reactionType: 'allergicLike', severity: 'mild' },
  ahrqClass: 'incidentHarm',
  harm: 'mild',
  whatHappened: 'Hives on both forearms',
  actionsTaken: 'Observed for 30 min',
};

describe('adverse-event reports', () => {
  it('move reported → under review → closed, only by a QA lead; a closed report can be reopened, never deleted', () => {
    expect(moveReport('reported', 'startReview', true)).toEqual({ ok: true, status: 'underReview' });
    expect(moveReport('underReview', 'close', true)).toEqual({ ok: true, status: 'closed' });
    expect(moveReport('reported', 'close', true)).toEqual({ ok: true, status: 'closed' });
    expect(moveReport('closed', 'reopen', true)).toEqual({ ok: true, status: 'underReview' });
    expect(moveReport('underReview', 'close', false)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/QA lead/),
    });
    expect(moveReport('closed', 'close', true)).toMatchObject({ ok: false });
    expect(moveReport('underReview', 'startReview', true)).toMatchObject({ ok: false });
  });

  it('an amendment changes how the report reads and keeps the original', () => {
    const amended = currentReport(report, [
      { at: 1, user: 'qa', changes: { contrast: { severity: 'moderate' } }, note: 'Stridor noted later' },
      { at: 2, user: 'qa', changes: { outcome: 'Resolved' }, note: 'Outcome' },
    ]);
    expect(amended.contrast).toEqual({
      agent: 'Iohexol 350',
      volumeMl: 90,
      reactionType: 'allergicLike',
      severity: 'moderate',
    });
    expect(amended.outcome).toBe('Resolved');
    expect(report.contrast?.severity).toBe('mild');
    expect(warnsFutureContrast(report)).toBe(false);
    expect(warnsFutureContrast(amended)).toBe(true);
  });

  it('an extravasation gets a 24-hour follow-up; other kinds none', () => {
    expect(followUpDueAt({ kind: 'extravasation', occurredAt: 1000 })).toBe(1000 + 24 * 3600_000);
    expect(followUpDueAt({ kind: 'fall', occurredAt: 1000 })).toBeUndefined();
  });

  it('names every missing field, and the contrast fields a reaction needs', () => {
    expect(reportProblems({}).map((p) => p.field)).toEqual([
      'kind',
      'occurredAt',
      'ahrqClass',
      'harm',
      'whatHappened',
      'actionsTaken',
    ]);
    expect(reportProblems({ ...report, contrast: { volumeMl: 9000 }, whatHappened: '  ' }).map((p) => p.field)).toEqual(
      ['whatHappened', 'reactionType', 'severity', 'volumeMl'],
    );
    expect(reportProblems({ ...report, kind: 'extravasation', contrast: {} }).map((p) => p.field)).toEqual(['site']);
    expect(reportProblems(report)).toEqual([]);
  });
});
