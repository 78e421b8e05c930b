// Editing a QC test set (QA lead or administrator): a draft holds what was typed, as text, so a bad
// number can be named at its field instead of silently becoming NaN. Saving makes the next version of
// the set (the qc.testSetDefined event); results already recorded keep the copy of the windows they
// were measured against, so an edit never changes what an earlier result says. Pure.
import { textProblem, type TextProblem } from '../events/text-rules';
import { QUALITY_NAME_MAX_LENGTH } from '../events/quality-fields';
import type { TestSetPayload } from '../events/qc.events';
import type { QcPurpose, QcTest, QcTestSet } from './qc-sets';
import type { Frequency } from './schedule';
import {
  toleranceProblems,
  type Tolerance,
  type ToleranceProblemCode,
  type WindowKind,
  type WindowSide,
} from './tolerance';

export type TestDraft = {
  /** The row's key in the editor; for a test already in the set, its id (kept so results line up). */
  readonly key: string;
  readonly id?: string;
  readonly label: string;
  readonly kind: 'numeric' | 'passFail';
  readonly unit: string;
  readonly reference: string;
  readonly windowKind: WindowKind;
  readonly tolerance: string;
  readonly action: string;
  readonly side: WindowSide;
};

export type SetDraft = {
  readonly setId: string;
  readonly label: string;
  readonly purpose: QcPurpose;
  readonly frequency: Frequency;
  readonly dueWithinDays: string;
  readonly dueBy: string;
  readonly tests: readonly TestDraft[];
};

/** The field a message names (quality.sets.problem.subject.<subject>). */
export type ProblemSubject = 'setName' | 'name' | 'unit' | 'reference' | 'tolerance' | 'action';
export type DraftProblemCode =
  | TextProblem['kind']
  | ToleranceProblemCode
  | 'numberMissing'
  | 'notANumber'
  | 'dueWithinDays'
  | 'dueBy'
  | 'noTests'
  | 'tooManyTests'
  | 'unchanged';

/**
 * A problem at one field: `field` is "label", "dueBy" … or "tests.<key>.<field>". What it says is a
 * code the editor translates (quality.sets.problem.<code>), with the field it names, the test it
 * belongs to (place in the set, name as typed) and the numbers or text it quotes.
 */
export type DraftProblem = {
  readonly field: string;
  readonly code: DraftProblemCode;
  readonly subject?: ProblemSubject;
  readonly test?: { readonly n: number; readonly label: string };
  readonly values?: Readonly<Record<string, string | number>>;
};

export const MAX_TESTS = 50;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/;

const str = (n: number) => String(n);

export function draftOf(set: QcTestSet): SetDraft {
  return {
    setId: set.setId,
    label: set.label,
    purpose: set.purpose,
    frequency: set.schedule.frequency,
    dueWithinDays: str(set.schedule.dueWithinDays),
    dueBy: set.schedule.dueBy,
    tests: set.tests.map((t) =>
      t.kind === 'numeric'
        ? {
            key: t.id,
            id: t.id,
            label: t.label,
            kind: 'numeric',
            unit: t.unit,
            reference: str(t.tolerance.reference),
            windowKind: t.tolerance.kind,
            tolerance: str(t.tolerance.tolerance),
            action: str(t.tolerance.action),
            side: t.tolerance.side ?? 'both',
          }
        : { ...blankTest(t.id), id: t.id, label: t.label, kind: 'passFail' },
    ),
  };
}

export function blankTest(key: string): TestDraft {
  const empty = { reference: '', tolerance: '', action: '', unit: '' };
  return { key, label: '', kind: 'numeric', windowKind: 'absolute', side: 'both', ...empty };
}

/** A new set (weekly, monthly … beside the defaults): its id comes from its name when it is saved. */
export const blankSet = (firstTestKey: string): SetDraft => ({
  setId: '',
  label: '',
  purpose: 'routine',
  frequency: 'weekly',
  dueWithinDays: '0',
  dueBy: '08:00',
  tests: [blankTest(firstTestKey)],
});

export const addTest = (d: SetDraft, key: string): SetDraft => ({ ...d, tests: [...d.tests, blankTest(key)] });
export const removeTest = (d: SetDraft, key: string): SetDraft => ({
  ...d,
  tests: d.tests.filter((t) => t.key !== key),
});
export const updateTest = (d: SetDraft, key: string, patch: Partial<Omit<TestDraft, 'key' | 'id'>>): SetDraft => ({
  ...d,
  tests: d.tests.map((t) => (t.key === key ? { ...t, ...patch } : t)),
});

/** Moves a test up (-1) or down (+1); at either end it stays. */
export function moveTest(d: SetDraft, key: string, by: -1 | 1): SetDraft {
  const i = d.tests.findIndex((t) => t.key === key);
  const j = i + by;
  if (i < 0 || j < 0 || j >= d.tests.length) return d;
  const tests = [...d.tests];
  [tests[i], tests[j]] = [tests[j]!, tests[i]!];
  return { ...d, tests };
}

/** A stable id for a new test from its label ("Slice thickness" → "sliceThickness"), unique in the set. */
export function testIdFor(label: string, taken: ReadonlySet<string>): string {
  const words = label
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const camel = words.map((w, i) => (i ? w[0]!.toUpperCase() + w.slice(1).toLowerCase() : w.toLowerCase())).join('');
  const base = /^[a-z]/.test(camel) ? camel.slice(0, 40) : `test${camel}`.slice(0, 40);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  return id;
}

const numberProblem = (text: string): Pick<DraftProblem, 'code' | 'values'> | undefined =>
  !text.trim()
    ? { code: 'numberMissing' }
    : !NUMBER.test(text.trim().replace(',', '.'))
      ? { code: 'notANumber', values: { text } }
      : undefined;
const num = (text: string) => Number(text.trim().replace(',', '.'));
const nameProblem = (v: string): Pick<DraftProblem, 'code' | 'values'> | undefined => {
  const p = textProblem(v.trim(), { max: QUALITY_NAME_MAX_LENGTH, min: 1 });
  if (!p) return undefined;
  const { kind, ...values } = p;
  return { code: kind, values };
};

function testProblems(t: TestDraft, n: number): DraftProblem[] {
  const test = { n, label: t.label.trim() };
  const at = (f: string, subject: ProblemSubject, p: Pick<DraftProblem, 'code' | 'values'>): DraftProblem => ({
    field: `tests.${t.key}.${f}`,
    subject,
    test,
    ...p,
  });
  const out: DraftProblem[] = [];
  const label = nameProblem(t.label);
  if (label) out.push(at('label', 'name', label));
  if (t.kind === 'passFail') return out;
  const unit = textProblem(t.unit.trim(), { max: 20, min: 1 });
  if (unit) {
    const { kind, ...values } = unit;
    out.push(at('unit', 'unit', { code: kind, values }));
  }
  const typed = { reference: t.reference, tolerance: t.tolerance, action: t.action } as const;
  let numbersOk = true;
  for (const f of ['reference', 'tolerance', 'action'] as const) {
    const p = numberProblem(typed[f]);
    if (!p) continue;
    out.push(at(f, f, p));
    numbersOk = false;
  }
  if (numbersOk)
    for (const p of toleranceProblems(toleranceOf(t)))
      out.push(at(p.field, p.field as 'reference' | 'tolerance' | 'action', { code: p.code }));
  return out;
}

const toleranceOf = (t: TestDraft): Tolerance => ({
  reference: num(t.reference),
  kind: t.windowKind,
  tolerance: num(t.tolerance),
  action: num(t.action),
  ...(t.side !== 'both' && { side: t.side }),
});

/** Every problem of a draft, by field; empty when it can be saved. */
export function draftProblems(d: SetDraft): DraftProblem[] {
  const out: DraftProblem[] = [];
  const label = nameProblem(d.label);
  if (label) out.push({ field: 'label', subject: 'setName', ...label });
  const days = d.dueWithinDays.trim();
  const maxDays = { daily: 0, weekly: 6, monthly: 27, yearly: 364 }[d.frequency];
  if (!/^\d+$/.test(days) || Number(days) > maxDays)
    out.push({ field: 'dueWithinDays', code: 'dueWithinDays', values: { max: maxDays } });
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(d.dueBy.trim())) out.push({ field: 'dueBy', code: 'dueBy' });
  if (!d.tests.length) out.push({ field: 'tests', code: 'noTests' });
  if (d.tests.length > MAX_TESTS) out.push({ field: 'tests', code: 'tooManyTests', values: { max: MAX_TESTS } });
  d.tests.forEach((t, i) => out.push(...testProblems(t, i + 1)));
  return out;
}

/** The tests as the set will record them; new tests get ids from their labels. */
function testsOf(d: SetDraft): QcTest[] {
  const taken = new Set(d.tests.flatMap((t) => (t.id ? [t.id] : [])));
  return d.tests.map((t) => {
    const id = t.id ?? testIdFor(t.label, taken);
    taken.add(id);
    const label = t.label.trim();
    return t.kind === 'passFail'
      ? { id, label, kind: 'passFail' }
      : { id, label, kind: 'numeric', unit: t.unit.trim(), tolerance: toleranceOf(t) };
  });
}

/**
 * The next version of the set as the qc.testSetDefined payload, or the problems (nothing is saved
 * half-filled). `current` is the version in force; the new one is numbered after it. A new set
 * (no setId yet) takes an id from its name that none of `takenSetIds` has.
 */
export function testSetEvent(
  d: SetDraft,
  scannerId: string,
  current: QcTestSet | undefined,
  takenSetIds: ReadonlySet<string> = new Set(),
): { payload: TestSetPayload } | { problems: DraftProblem[] } {
  const problems = draftProblems(d);
  if (problems.length) return { problems };
  const payload: TestSetPayload = {
    scannerId,
    setId: d.setId || testIdFor(d.label, takenSetIds),
    version: (current?.version ?? 0) + 1,
    label: d.label.trim(),
    purpose: d.purpose,
    schedule: { frequency: d.frequency, dueWithinDays: Number(d.dueWithinDays.trim()), dueBy: d.dueBy.trim() },
    tests: testsOf(d),
  };
  if (current && sameSet(current, payload)) return { problems: [{ field: 'tests', code: 'unchanged' }] };
  return { payload };
}

const sameSet = (a: QcTestSet, b: TestSetPayload) =>
  JSON.stringify([a.label, a.purpose, a.schedule, a.tests]) ===
  JSON.stringify([b.label, b.purpose, b.schedule, b.tests]);
