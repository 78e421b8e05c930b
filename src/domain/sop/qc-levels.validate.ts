// QC action levels on a number item: the action range lies outside the pass range (a value may fail
// the check and still not need action, never the other way round), and an action percent is wider
// than the tolerance percent it goes with. Each error names the field the editor shows it beside.
import type { Err } from './condition.validate';
import type { SopItem } from './sop.schema';

type NumberItem = Extract<SopItem, { kind: 'number' }>;

export function checkQcLevels(item: NumberItem, p: string, err: Err): void {
  const { accept, action, acceptWithinPercentOf: rel } = item;
  if (action) {
    if (action.min === undefined && action.max === undefined)
      err(`${p}.action`, 'give a lowest or highest action level');
    if (action.min !== undefined && action.max !== undefined && action.min > action.max)
      err(`${p}.action`, `the lowest action level (${action.min}) is above the highest (${action.max})`);
    if (!accept) err(`${p}.action`, 'an action level needs a pass range inside it');
    if (action.min !== undefined && accept?.min !== undefined && action.min > accept.min)
      err(
        `${p}.action.min`,
        `must be at or below the pass range's lowest value (${accept.min}): action is wider than tolerance`,
      );
    if (action.max !== undefined && accept?.max !== undefined && action.max < accept.max)
      err(
        `${p}.action.max`,
        `must be at or above the pass range's highest value (${accept.max}): action is wider than tolerance`,
      );
    if (action.min !== undefined && accept && accept.min === undefined)
      err(`${p}.action.min`, 'the pass range has no lowest value for this action level to lie below');
    if (action.max !== undefined && accept && accept.max === undefined)
      err(`${p}.action.max`, 'the pass range has no highest value for this action level to lie above');
  }
  if (rel?.actionPercent !== undefined && rel.actionPercent < rel.percent)
    err(
      `${p}.acceptWithinPercentOf.actionPercent`,
      `must be at least the tolerance (±${rel.percent} %): action is wider than tolerance`,
    );
}
