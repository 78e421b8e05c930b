// Checks of a Condition (branches, requiredWhen) against the card's items: a known item, a value of
// the right type, an operator that fits.
import type { SopIndex } from './sop.index';
import type { Condition } from './sop.schema';

export type Err = (path: string, message: string) => void;

export function checkCondition(cond: Condition, path: string, index: SopIndex, err: Err): void {
  if (cond.op === 'all' || cond.op === 'any')
    return cond.of.forEach((c, i) => checkCondition(c, `${path}.of[${i}]`, index, err));
  if (cond.op === 'not') return checkCondition(cond.of, `${path}.of`, index, err);
  const item = index.items.get(cond.item);
  if (!item) return err(`${path}.item`, `refers to unknown item "${cond.item}"`);
  const values = cond.op === 'in' ? cond.values : 'value' in cond ? [cond.value] : [];
  for (const value of values) {
    if ((item.kind === 'yesno' || item.kind === 'check') && typeof value !== 'boolean')
      err(`${path}.value`, `"${item.id}" is a yes/no item: compare with true or false`);
    if (item.kind === 'choice' && !item.options.some((o) => o.value === value))
      err(`${path}.value`, `"${String(value)}" is not an option of "${item.id}"`);
    if (item.kind === 'number' && typeof value !== 'number')
      err(`${path}.value`, `"${item.id}" is a number item: compare with a number`);
    if (item.kind === 'text' && typeof value !== 'string')
      err(`${path}.value`, `"${item.id}" is a text item: compare with text`);
  }
  if (['gt', 'gte', 'lt', 'lte'].includes(cond.op) && item.kind !== 'number')
    err(`${path}.op`, `"${cond.op}" needs a number item, "${item.id}" is ${item.kind}`);
  if (cond.op === 'fails' && (item.kind !== 'number' || (!item.accept && !item.acceptWithinPercentOf)))
    err(
      `${path}.op`,
      `"fails" needs a number item with a pass range (accept or acceptWithinPercentOf); "${item.id}" has none`,
    );
}

export function conditionItems(cond: Condition): string[] {
  if (cond.op === 'all' || cond.op === 'any') return cond.of.flatMap(conditionItems);
  if (cond.op === 'not') return conditionItems(cond.of);
  return [cond.item];
}
