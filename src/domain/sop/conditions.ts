// Evaluates branch conditions against a run's answers. Unanswered items make comparisons false,
// so a branch is only taken on an actual answer.
import { itemFails, type Answers } from './answers';
import type { Condition, SopItem } from './sop.schema';

export function evaluate(cond: Condition, answers: Answers, items: ReadonlyMap<string, SopItem>): boolean {
  switch (cond.op) {
    case 'all':
      return cond.of.every((c) => evaluate(c, answers, items));
    case 'any':
      return cond.of.some((c) => evaluate(c, answers, items));
    case 'not':
      return !evaluate(cond.of, answers, items);
    case 'answered':
      return answers[cond.item] !== undefined;
    case 'fails': {
      const item = items.get(cond.item);
      return item !== undefined && itemFails(item, answers);
    }
    case 'in': {
      const v = answers[cond.item];
      return v !== undefined && typeof v !== 'boolean' && cond.values.includes(v);
    }
    default: {
      const v = answers[cond.item];
      if (v === undefined) return false;
      return compare(cond.op, v, cond.value);
    }
  }
}

function compare(
  op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte',
  a: string | number | boolean,
  b: string | number | boolean,
): boolean {
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  if (op === 'gt') return a > b;
  if (op === 'gte') return a >= b;
  if (op === 'lt') return a < b;
  return a <= b;
}
