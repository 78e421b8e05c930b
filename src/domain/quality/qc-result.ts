// A QC result: each test's measured value (or pass/fail, or not done) with its outcome, and a copy of
// the reference and windows in force when it was measured, so editing a test set later never changes
// what an old result says. The form calls parseMeasurement for a clear message on a bad number.
import type { QcPurpose, QcTest, QcTestSet } from './qc-sets';
import { evaluate, worstOutcome, type QcOutcome, type Tolerance } from './tolerance';

export type QcItem = {
  readonly testId: string;
  readonly label: string;
  readonly outcome: QcOutcome;
  readonly value?: number;
  readonly unit?: string;
  readonly passed?: boolean;
  /** The reference and windows in force at the time (numeric tests). */
  readonly tolerance?: Tolerance;
};

export type QcResult = {
  readonly resultId: string;
  readonly scannerId: string;
  readonly setId: string;
  readonly setVersion: number;
  readonly setLabel: string;
  readonly purpose: QcPurpose;
  readonly frequency: QcTestSet['schedule']['frequency'];
  readonly items: readonly QcItem[];
  readonly outcome: QcOutcome;
  readonly comment?: string;
};

/** What was typed or chosen per test: a number as text, pass/fail, or not done. */
export type QcInput = { readonly text?: string; readonly passed?: boolean; readonly notDone?: boolean };

/** A measurement as typed ("9", "-4.5", "4,5") or why it is not one. */
export function parseMeasurement(text: string): { value: number } | { problem: string } {
  const t = text.trim().replace(',', '.');
  if (!t) return { problem: 'enter a value, or mark the test not done' };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return { problem: `"${text}" is not a number` };
  return { value: Number(t) };
}

function itemOf(test: QcTest, input: QcInput | undefined): QcItem | { testId: string; problem: string } {
  const base = { testId: test.id, label: test.label };
  if (input?.notDone) return { ...base, outcome: 'notDone' };
  if (test.kind === 'passFail') {
    if (input?.passed === undefined) return { testId: test.id, problem: 'choose pass or fail, or mark it not done' };
    return { ...base, passed: input.passed, outcome: input.passed ? 'ok' : 'action' };
  }
  const parsed = parseMeasurement(input?.text ?? '');
  if ('problem' in parsed) return { testId: test.id, problem: parsed.problem };
  return {
    ...base,
    value: parsed.value,
    unit: test.unit,
    tolerance: test.tolerance,
    outcome: evaluate(parsed.value, test.tolerance),
  };
}

/** The result of a set's tests, or the problems per test id (nothing is recorded half-filled). */
export function evaluateResult(
  set: QcTestSet,
  scannerId: string,
  resultId: string,
  inputs: Readonly<Record<string, QcInput>>,
  comment?: string,
): { result: QcResult } | { problems: Record<string, string> } {
  const items = set.tests.map((t) => itemOf(t, inputs[t.id]));
  const problems = Object.fromEntries(items.flatMap((i) => ('problem' in i ? [[i.testId, i.problem]] : [])));
  if (Object.keys(problems).length) return { problems };
  const done = items as QcItem[];
  return {
    result: {
      resultId,
      scannerId,
      setId: set.setId,
      setVersion: set.version,
      setLabel: set.label,
      purpose: set.purpose,
      frequency: set.schedule.frequency,
      items: done,
      outcome: worstOutcome(done.map((i) => i.outcome)),
      ...(comment?.trim() && { comment: comment.trim() }),
    },
  };
}

/** Passed: every test done and none at action level (tolerance passes, but waits for review). */
export const resultPassed = (r: Pick<QcResult, 'items'>) =>
  r.items.every((i) => i.outcome === 'ok' || i.outcome === 'tolerance');
