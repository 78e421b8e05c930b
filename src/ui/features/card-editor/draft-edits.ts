// The card editor's edits as pure functions on a draft (a copy comes back, the input is untouched),
// and an undo/redo history of drafts. The screen (not built yet) calls these; the validator and the
// route check run on each result.
import type { SopDefinition, SopItem, SopStep } from '../../../domain/sop/sop.schema';

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

export type History = { readonly past: readonly Draft[]; readonly present: Draft; readonly future: readonly Draft[] };

export const startHistory = (d: Draft): History => ({ past: [], present: d, future: [] });
export const apply = (h: History, next: Draft): History =>
  next === h.present ? h : { past: [...h.past, h.present], present: next, future: [] };
export const undo = (h: History): History =>
  h.past.length ? { past: h.past.slice(0, -1), present: h.past.at(-1)!, future: [h.present, ...h.future] } : h;
export const redo = (h: History): History =>
  h.future.length ? { past: [...h.past, h.present], present: h.future[0]!, future: h.future.slice(1) } : h;
