// What an answer to a checklist item or question may be, and whether it is valid and passes.
import type { SopItem } from './sop.schema';

export type AnswerValue = boolean | string | number;
export type Answers = Readonly<Record<string, AnswerValue | undefined>>;

/** Why a value cannot be stored as an answer to an item, or null when it can. */
export function answerProblem(item: SopItem, value: AnswerValue | null): string | null {
  if (value === null) return null; // clearing an answer is always allowed
  switch (item.kind) {
    case 'check':
    case 'yesno':
      return typeof value === 'boolean' ? null : 'expects yes or no';
    case 'text':
      if (typeof value !== 'string') return 'expects text';
      return value.length > (item.maxLength ?? 500) ? `is longer than ${item.maxLength ?? 500} characters` : null;
    case 'choice':
      return item.options.some((o) => o.value === value) ? null : 'is not one of the options';
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'expects a number';
      if (value < item.min || value > item.max) return `must be between ${item.min} and ${item.max} ${item.unit}`;
      return null;
  }
}

/** A required item is done when it has a usable answer; a required check must be ticked. */
export function isItemDone(item: SopItem, value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (item.kind === 'check') return value === true;
  if (item.kind === 'text') return typeof value === 'string' && value.trim().length > 0;
  return true;
}

/** A number item fails when its answer lies outside its pass range. Unanswered never fails. */
export function itemFails(item: SopItem, answers: Answers): boolean {
  if (item.kind !== 'number') return false;
  const v = answers[item.id];
  if (typeof v !== 'number') return false;
  const { accept, acceptWithinPercentOf: rel } = item;
  if (accept?.min !== undefined && v < accept.min) return true;
  if (accept?.max !== undefined && v > accept.max) return true;
  if (rel) {
    const base = answers[rel.item];
    if (typeof base === 'number' && base !== 0 && (Math.abs(v - base) / Math.abs(base)) * 100 > rel.percent)
      return true;
  }
  return false;
}

/** QC level of a number answer: within the pass range, failing it (tolerance), or beyond the action level. */
export type ItemLevel = 'ok' | 'tolerance' | 'action';

export function itemLevel(item: SopItem, answers: Answers): ItemLevel {
  if (item.kind !== 'number' || !itemFails(item, answers)) return 'ok';
  const v = answers[item.id] as number;
  const { action, acceptWithinPercentOf: rel } = item;
  if (action?.min !== undefined && v < action.min) return 'action';
  if (action?.max !== undefined && v > action.max) return 'action';
  if (rel?.actionPercent !== undefined) {
    const base = answers[rel.item];
    if (typeof base === 'number' && base !== 0 && (Math.abs(v - base) / Math.abs(base)) * 100 > rel.actionPercent)
      return 'action';
  }
  return 'tolerance';
}
