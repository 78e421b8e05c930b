// The card editor's edits as pure functions on a draft (a copy comes back, the input is untouched),
// and an undo/redo history of drafts. The editor screen calls these; the validator and the route check
// run on each result.
import type { Condition, SopDefinition, SopItem, SopStep } from '../../../domain/sop/sop.schema';
import { criticalStepsOf, type CompetencyRules } from '../../../domain/training/competency';

export type Draft = SopDefinition;
const copy = (d: Draft): Draft => structuredClone(d);

export function addStep(d: Draft, after: number, step: SopStep): Draft {
  const out = copy(d);
  out.steps.splice(after + 1, 0, structuredClone(step));
  return out;
}

/** Moves a step up (-1) or down (+1); routes stay as they were (the route check shows what breaks). */
export function moveStep(d: Draft, index: number, by: -1 | 1): Draft {
  const to = index + by;
  if (to < 0 || to >= d.steps.length) return d;
  const out = copy(d);
  const [s] = out.steps.splice(index, 1);
  out.steps.splice(to, 0, s!);
  return out;
}

export function removeStep(d: Draft, index: number): Draft {
  const out = copy(d);
  out.steps.splice(index, 1);
  return out;
}

export function addItem(d: Draft, step: number, item: SopItem): Draft {
  const out = copy(d);
  out.steps[step]?.items.push(structuredClone(item));
  return out;
}

export function removeItem(d: Draft, step: number, item: number): Draft {
  const out = copy(d);
  out.steps[step]?.items.splice(item, 1);
  return out;
}

/** Replaces one step by what `edit` makes of a copy of it (a field change, a flag, a timer …). */
export function editStep(d: Draft, index: number, edit: (s: SopStep) => SopStep): Draft {
  const out = copy(d);
  const s = out.steps[index];
  if (s) out.steps[index] = edit(s);
  return out;
}

export function editItem(d: Draft, step: number, item: number, edit: (i: SopItem) => SopItem): Draft {
  return editStep(d, step, (s) => ({ ...s, items: s.items.map((x, i) => (i === item ? edit(x) : x)) }));
}

/** Moves an item up or down inside its step. */
export function moveItem(d: Draft, step: number, item: number, by: -1 | 1): Draft {
  const to = item + by;
  const items = d.steps[step]?.items;
  if (!items || to < 0 || to >= items.length) return d;
  return editStep(d, step, (s) => {
    const list = [...s.items];
    const [x] = list.splice(item, 1);
    list.splice(to, 0, x!);
    return { ...s, items: list };
  });
}

/**
 * Marks a step critical or not. A card that flags no step yet takes its critical steps from `rules`
 * (built-in versions predate the flag): those are written into the card first, so the card itself is
 * the one source from this version on. An unmarked step keeps `critical: false` for the same reason.
 */
export function setCritical(d: Draft, index: number, critical: boolean, rules: CompetencyRules | undefined): Draft {
  const now = new Set(criticalStepsOf(d, rules));
  const out = copy(d);
  out.steps = out.steps.map((s, i) =>
    i === index ? { ...s, critical } : now.has(s.id) && s.critical === undefined ? { ...s, critical: true } : s,
  );
  return out;
}

/** A simple branch rule as the pickers build it: item, operator, value → target step. */
export type SimpleRule = {
  item: string;
  op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';
  value: string | number | boolean;
};

export function addBranch(d: Draft, step: number, rule: SimpleRule, goto: string): Draft {
  const when: Condition = { op: rule.op, item: rule.item, value: rule.value };
  return editStep(d, step, (s) => ({ ...s, branches: [...(s.branches ?? []), { when, goto }] }));
}

export function removeBranch(d: Draft, step: number, branch: number): Draft {
  return editStep(d, step, (s) => {
    const branches = (s.branches ?? []).filter((_, i) => i !== branch);
    return branches.length ? { ...s, branches } : without(s, 'branches');
  });
}

/** Sets (or, with an empty text, removes) a card's own text in one language. */
export function setText(d: Draft, lng: string, key: string, text: string): Draft {
  const out = copy(d);
  const texts = without({ ...out.messages?.[lng] }, key);
  out.messages = { ...out.messages, [lng]: text ? { ...texts, [key]: text } : texts };
  return out;
}

/** A copy without one field (a cleared optional field leaves no trace in the card). */
export function without<T extends object>(o: T, key: string): T {
  return Object.fromEntries(Object.entries(o).filter(([k]) => k !== key)) as T;
}

/** A new step after `index`, put into the route: the step before now leads to it, it leads on. */
export function insertStep(d: Draft, index: number): Draft {
  const ids = new Set(d.steps.map((s) => s.id));
  let n = d.steps.length + 1;
  while (ids.has(`step${n}`)) n++;
  const id = `step${n}`;
  const before = d.steps[index]!;
  const step: SopStep = { id, title: `${d.id}.${id}.title`, items: [], next: before.next };
  return editStep(addStep(d, index, step), index, (s) => ({ ...s, next: id }));
}

export type History = { readonly past: readonly Draft[]; readonly present: Draft; readonly future: readonly Draft[] };

export const startHistory = (d: Draft): History => ({ past: [], present: d, future: [] });
export const apply = (h: History, next: Draft): History =>
  next === h.present ? h : { past: [...h.past, h.present], present: next, future: [] };
export const undo = (h: History): History =>
  h.past.length ? { past: h.past.slice(0, -1), present: h.past.at(-1)!, future: [h.present, ...h.future] } : h;
export const redo = (h: History): History =>
  h.future.length ? { past: [...h.past, h.present], present: h.future[0]!, future: h.future.slice(1) } : h;
