// Facts the run already knows when it starts (from the new-exam form and the sign-in), and how a
// card's item takes one (`prefill`). The tablet records the facts once, as the run's first command
// ("known"), computed in its own time zone; the machine derives the answers from that command, so a
// replay anywhere, years later, gives the same answers.
import { answerProblem, type AnswerValue } from './answers';
import type { SopItem } from './sop.schema';

export const KNOWN_FACTS = ['ageYears', 'sex', 'staffName'] as const;
export type KnownFact = (typeof KNOWN_FACTS)[number];
export const SEX_VALUES = ['female', 'male', 'other', 'unknown'] as const;

export type KnownFacts = {
  /** Whole years on the day of arrival. */
  readonly ageYears?: number;
  readonly sex?: (typeof SEX_VALUES)[number];
  /** Display name of the technologist who started the run. */
  readonly staffName?: string;
};

/** What kind of value each fact is: prefill rules are checked against it. */
export const FACT_TYPE: Readonly<Record<KnownFact, 'number' | 'string'>> = {
  ageYears: 'number',
  sex: 'string',
  staffName: 'string',
};

type FactTest = NonNullable<NonNullable<SopItem['prefill']>['when']>;

function holds(test: FactTest, v: string | number): boolean {
  if (test.op === 'in') return test.values.includes(v);
  if (test.op === 'eq') return v === test.value;
  if (test.op === 'ne') return v !== test.value;
  if (typeof v !== 'number' || typeof test.value !== 'number') return false;
  if (test.op === 'gt') return v > test.value;
  if (test.op === 'gte') return v >= test.value;
  if (test.op === 'lt') return v < test.value;
  return v <= test.value;
}

/**
 * The answer an item takes from the facts, or undefined (fact unknown, test false, value not valid
 * for the item): no `when` → the fact itself; `when` alone → whether it holds (yes/no items);
 * `when` + `answer` → `answer` when it holds.
 */
export function prefillAnswer(item: SopItem, facts: KnownFacts): AnswerValue | undefined {
  const rule = item.prefill;
  if (!rule) return undefined;
  const fact = facts[rule.fact];
  if (fact === undefined) return undefined;
  let value: AnswerValue | undefined;
  if (!rule.when) value = fact;
  else if (rule.answer === undefined) value = holds(rule.when, fact);
  else value = holds(rule.when, fact) ? rule.answer : undefined;
  return value !== undefined && answerProblem(item, value) === null ? value : undefined;
}
