// Where a validation message belongs in an editor: the validator's paths ("steps[2] (scan).items[0].max",
// "steps (send).items (bodyPart).required") as one plain field key ("steps[2].items[0].max"), so the
// message can sit next to the field it names.
import type { SopError } from './sop.validate';

type Shape = { readonly steps: readonly { readonly id: string; readonly items: readonly { readonly id: string }[] }[] };

export function fieldKey(path: string, sop: Shape): string {
  let step = -1;
  return path
    .replace(/^steps\[(\d+)\] \([^)]*\)/, (_m, i: string) => {
      step = Number(i);
      return `steps[${i}]`;
    })
    .replace(/^steps \(([^)]*)\)/, (_m, id: string) => {
      step = sop.steps.findIndex((s) => s.id === id);
      return `steps[${step}]`;
    })
    .replace(
      /\.items \(([^)]*)\)/,
      (_m, id: string) => `.items[${sop.steps[step]?.items.findIndex((i) => i.id === id)}]`,
    );
}

/** Messages by field key; a message for a whole step or the card sits under that step or "". */
export function errorsByField(errors: readonly SopError[], sop: Shape): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of errors) {
    const key = fieldKey(e.path, sop);
    out.set(key, [...(out.get(key) ?? []), e.message]);
  }
  return out;
}

/** A validator path as the step it is in and the field inside it (for import reports: card, step, field). */
export function stepAndField(path: string, sop: Shape): { step?: string; field: string } {
  const key = fieldKey(path, sop);
  const m = /^steps\[(-?\d+)\]\.?(.*)$/.exec(key);
  if (!m) return { field: key || '(card)' };
  const id = sop.steps[Number(m[1])]?.id ?? /^steps\[\d+\] \(([^)]*)\)/.exec(path)?.[1];
  return { ...(id !== undefined && { step: id }), field: m[2] || '(step)' };
}
