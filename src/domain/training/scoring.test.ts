import { describe, expect, it } from 'vitest';
import type { RunCommand } from '../run/run.types';
import type { TrainingScenario } from './scenario.schema';
import { PENALTY, scorePractice, type PracticeMove } from './scoring';

const scenario: TrainingScenario = {
  schemaVersion: 1,
  id: 'chest-unsure',
  sop: { id: 'chest-ct' },
  title: { en: 'Unsure pregnancy' },
  patient: 'adult',
  expect: [
    { step: 'identity', answers: { twoIdentifiers: true }, maxSeconds: 60 },
    { step: 'screening', answers: { pregnancy: 'unsure' } },
    { step: 'pregnancyConsult', answers: { radiologistApproved: true } },
    { step: 'preparation', move: 'skip' },
  ],
  traps: [{ step: 'screening', item: 'pregnancy', kind: 'unsure', note: { en: 'unsure is not no' } }],
};

/** Builds moves a second apart, on the steps given. */
function walk(...parts: [stepId: string, command: RunCommand, accepted?: boolean, missing?: string[]][]) {
  return parts.map(([stepId, command, accepted = true, missing], i): PracticeMove => ({
    at: 1000 * (i + 1),
    stepId,
    command,
    accepted,
    ...(missing && { missing }),
  }));
}
const a = (itemId: string, value: RunCommand extends never ? never : string | boolean | number): RunCommand => ({
  type: 'answer',
  itemId,
  value,
});
const next: RunCommand = { type: 'next' };
const skip: RunCommand = { type: 'skip', reason: 'patient refused' };

const perfect = walk(
  ['identity', a('twoIdentifiers', true)],
  ['identity', next],
  ['screening', a('pregnancy', 'unsure')],
  ['screening', next],
  ['pregnancyConsult', a('radiologistApproved', true)],
  ['pregnancyConsult', next],
  ['preparation', skip],
);
const attempt = (moves: PracticeMove[], completed = true) => ({
  startedAt: 0,
  finishedAt: moves.at(-1)!.at,
  moves,
  completed,
});

describe('scoring a practice run against its scenario', () => {
  it('a walk exactly as expected scores 100 and passes, with one review row per step', () => {
    const r = scorePractice(scenario, attempt(perfect));
    expect(r.score).toBe(100);
    expect(r.passed).toBe(true);
    expect(r.steps.map((s) => [s.stepId, s.verdict, s.seconds])).toEqual([
      ['identity', 'ok', 2],
      ['screening', 'ok', 2],
      ['pregnancyConsult', 'ok', 2],
      ['preparation', 'ok', 1],
    ]);
    expect(r.notReached).toEqual([]);
  });

  it('counts moves the machine refused and the required checks that were open then', () => {
    const moves = walk(
      ['identity', next, false, ['twoIdentifiers', 'requestMatches']],
      ['identity', next, false, ['requestMatches']],
      ...perfect.map((m) => [m.stepId, m.command] as [string, RunCommand]),
    );
    const r = scorePractice(scenario, attempt(moves));
    expect(r.steps[0]).toMatchObject({ refused: 2, verdict: 'error' });
    expect([...r.steps[0]!.missedChecks].sort()).toEqual(['requestMatches', 'twoIdentifiers']);
    expect(r.score).toBe(100 - 2 * PENALTY.refused - 2 * PENALTY.missedCheck);
  });

  it('a trap answered wrong leads down the wrong branch: both are marked, the rest is not reached, and it fails', () => {
    const moves = walk(
      ['identity', a('twoIdentifiers', true)],
      ['identity', next],
      ['screening', a('pregnancy', 'no')],
      ['screening', next],
      ['preparation', next],
    );
    const r = scorePractice(scenario, attempt(moves));
    expect(r.steps[1]).toMatchObject({
      stepId: 'screening',
      trapMissed: true,
      wrongAnswers: [{ item: 'pregnancy', expected: 'unsure', given: 'no' }],
    });
    expect(r.steps[2]).toMatchObject({ stepId: 'preparation', wrongBranch: 'pregnancyConsult', verdict: 'error' });
    expect(r.notReached).toEqual(['pregnancyConsult', 'preparation']);
    expect(r.score).toBe(100 - PENALTY.wrongAnswer - PENALTY.wrongBranch - 2 * PENALTY.notReached);
    expect(r.passed).toBe(false);
  });

  it('a skip the scenario did not call for is marked with the checks it jumped past, and fails the run', () => {
    const moves = walk(['identity', skip, true, ['twoIdentifiers']], ['screening', a('pregnancy', 'unsure')]);
    const r = scorePractice(scenario, attempt(moves, false));
    expect(r.steps[0]).toMatchObject({ unexpectedSkip: true, missedChecks: ['twoIdentifiers'], moveTaken: 'skip' });
    expect(r.steps[0]!.wrongAnswers).toEqual([{ item: 'twoIdentifiers', expected: true, given: undefined }]);
    expect(r.passed).toBe(false);
  });

  it('an expected skip taken as next is a smaller mistake than an unexpected skip', () => {
    const moves = [...perfect.slice(0, -1), ...walk(['preparation', next]).map((m) => ({ ...m, at: 7000 }))];
    const r = scorePractice(scenario, attempt(moves));
    expect(r.steps[3]).toMatchObject({
      moveExpected: 'skip',
      moveTaken: 'next',
      unexpectedSkip: false,
      verdict: 'minor',
    });
    expect(r.score).toBe(100 - PENALTY.moveDiffers);
  });

  it('time per step is measured from the move that entered it; over the fair time is noted, not failed', () => {
    const slow = perfect.map((m, i) => (i >= 1 ? { ...m, at: m.at + 120_000 } : m));
    const r = scorePractice(scenario, { startedAt: 0, finishedAt: slow.at(-1)!.at, moves: slow, completed: true });
    expect(r.steps[0]).toMatchObject({ seconds: 122, overTime: true, verdict: 'minor' });
    expect(r.steps[1]!.seconds).toBe(2);
    expect(r.score).toBe(100 - PENALTY.overTime);
    expect(r.passed).toBe(true);
  });

  it('a run stopped part-way reviews the step it stopped on and lists the rest as not reached', () => {
    const r = scorePractice(scenario, {
      startedAt: 0,
      finishedAt: 10_000,
      moves: perfect.slice(0, 3),
      completed: false,
    });
    expect(r.steps.map((s) => [s.stepId, s.moveTaken])).toEqual([
      ['identity', 'next'],
      ['screening', 'none'],
    ]);
    expect(r.notReached).toEqual(['pregnancyConsult', 'preparation']);
    expect(r.passed).toBe(false);
  });

  it('an answer changed back to the right one before leaving the step counts as right', () => {
    const moves = [
      ...perfect.slice(0, 2),
      ...walk(['screening', a('pregnancy', 'no')], ['screening', a('pregnancy', 'unsure')]).map((m) => ({
        ...m,
        at: 2500,
      })),
      ...perfect.slice(3),
    ];
    expect(scorePractice(scenario, attempt(moves)).score).toBe(100);
  });
});
