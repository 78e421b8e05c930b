import { describe, expect, it } from 'vitest';
import type { PracticeAttemptSummary } from '../events/training.events';
import type { SopDefinition } from '../sop/sop.schema';
import type { SignOff } from './competency';
import { daysBetween, trainingFigures, type FigureInputs } from './figures';

const card = (id: string, version: number, screeningItems = ['pregnancy']): SopDefinition => ({
  schemaVersion: 1,
  id,
  version,
  kind: 'exam',
  title: `t.${id}`,
  modality: 'CT',
  bodyPart: 'chest',
  start: 'identity',
  steps: [
    {
      id: 'identity',
      title: 't.i',
      items: [{ kind: 'check', id: 'id', label: 't.id', required: true }],
      next: 'screening',
    },
    {
      id: 'screening',
      title: 't.s',
      items: screeningItems.map((i) => ({ kind: 'check', id: i, label: `t.${i}`, required: true })),
      next: 'complete',
    },
  ],
});
const cards = [card('chest-ct', 1), card('chest-ct', 2, ['pregnancy', 'priorReaction']), card('brain-mri', 1)];
const attempt = (trainee: string, sopId: string, score: number, finishedAt: number, errorAt?: string) =>
  ({
    attemptId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    trainee,
    scenarioId: 's',
    sop: { id: sopId, version: 1 },
    score,
    passed: score >= 80,
    startedAt: finishedAt - 1000,
    finishedAt,
    steps: ['identity', 'screening'].map((stepId) => ({
      stepId,
      seconds: 10,
      refused: stepId === errorAt ? 2 : 0,
      missed: stepId === errorAt ? 1 : 0,
      wrong: 0,
      verdict: stepId === errorAt ? ('error' as const) : ('ok' as const),
    })),
  }) satisfies PracticeAttemptSummary;
const signOff = (
  trainee: string,
  sopId: string,
  version: number,
  assessedOn: string,
  revalidateBy: string,
): SignOff => ({
  signOffId: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b',
  trainee,
  assessor: 'u-trainer',
  sop: { id: sopId, version },
  method: 'simulated',
  assessedOn,
  device: 'CT 1',
  result: 'competent',
  attempt: 1,
  revalidateBy,
});
const inputs = (over: Partial<FigureInputs>): FigureInputs => ({
  attempts: [],
  signOffs: [],
  current: (id) => cards.filter((c) => c.id === id).at(-1),
  sopVersion: (id, v) => cards.find((c) => c.id === id && c.version === v),
  rules: (id) => (id === 'chest-ct' ? { sopId: id, criticalSteps: ['screening'] } : undefined),
  today: '2026-12-02',
  ...over,
});

describe('trainer figures', () => {
  it('counts attempts, passes, mean, best and last score per trainee and card', () => {
    const f = trainingFigures(
      inputs({
        attempts: [
          attempt('u-wang', 'chest-ct', 90, 3),
          attempt('u-wang', 'chest-ct', 60, 1, 'screening'),
          attempt('u-wang', 'brain-mri', 75, 2),
          attempt('u-li', 'chest-ct', 100, 4),
        ],
      }),
    );
    expect(f.trainees.map((t) => [t.trainee, t.attempts, t.passed, t.meanScore])).toEqual([
      ['u-li', 1, 1, 100],
      ['u-wang', 3, 1, 75],
    ]);
    expect(f.trainees[1]!.cards).toEqual([
      { sopId: 'brain-mri', attempts: 1, passed: 0, meanScore: 75, bestScore: 75, lastScore: 75 },
      { sopId: 'chest-ct', attempts: 2, passed: 1, meanScore: 75, bestScore: 90, lastScore: 90 },
    ]);
  });

  it('lists the steps trainees got wrong, most errors first, and leaves clean steps out', () => {
    const f = trainingFigures(
      inputs({
        attempts: [
          attempt('a', 'chest-ct', 60, 1, 'screening'),
          attempt('b', 'chest-ct', 60, 2, 'screening'),
          attempt('c', 'chest-ct', 70, 3, 'identity'),
        ],
      }),
    );
    expect(f.mistakes.map((m) => [m.stepId, m.seen, m.errors, m.refused, m.missed])).toEqual([
      ['screening', 3, 2, 4, 2],
      ['identity', 3, 1, 2, 1],
    ]);
  });

  it('marks a sign-off lapsed when the current version changed a critical step, and lists it as due', () => {
    const f = trainingFigures(
      inputs({
        signOffs: [
          signOff('u-wang', 'chest-ct', 1, '2026-01-10', '2029-01-10'),
          signOff('u-li', 'brain-mri', 1, '2024-01-15', '2027-01-15'),
        ],
      }),
    );
    expect(f.signOffs.map((s) => [s.trainee, s.sopId, s.state, s.reasons, s.daysLeft])).toEqual([
      ['u-li', 'brain-mri', 'valid', [], 44],
      ['u-wang', 'chest-ct', 'lapsed', ['criticalStepChanged'], 770],
    ]);
    // Due: the lapsed one, and the one re-validating within 60 days (soonest first).
    expect(f.due.map((s) => s.trainee)).toEqual(['u-li', 'u-wang']);
    const soon = [signOff('u-li', 'brain-mri', 1, '2024-01-15', '2027-01-15')];
    expect(trainingFigures(inputs({ signOffs: soon, dueWithinDays: 30 })).due).toEqual([]);
  });

  it('counts days across month and year ends', () => {
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2027-03-01', '2027-02-28')).toBe(-1);
  });
});
