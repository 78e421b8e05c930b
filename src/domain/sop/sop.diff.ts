// Step-level difference between two versions of a card, in the words a lead technologist reviews a
// change in: steps added, removed or moved, and per step the items, required flags, ranges, branches
// and timers that changed. Not a JSON diff: key order and unchanged neighbours never show.
import type { SopDefinition, SopItem, SopStep } from './sop.schema';

export type ChangeKind = 'items' | 'required' | 'range' | 'branches' | 'timers' | 'flags' | 'texts' | 'other';
export type FieldChange = {
  readonly kind: ChangeKind;
  /** Where, inside the step: "items (metalRemoved).required", "branches", "next" … */
  readonly field: string;
  readonly before?: unknown;
  readonly after?: unknown;
};
export type StepDiff =
  | { readonly step: string; readonly change: 'added' | 'removed' }
  | { readonly step: string; readonly change: 'changed'; readonly fields: readonly FieldChange[] };
export type SopDiff = {
  readonly from: number;
  readonly to: number;
  /** Card-level fields (start step, title, modality …) that changed. */
  readonly card: readonly FieldChange[];
  readonly steps: readonly StepDiff[];
  /** Step order changed (beyond what additions and removals explain). */
  readonly reordered: boolean;
};

const same = (a: unknown, b: unknown) => stable(a) === stable(b);

/** JSON with sorted keys: key order is not a change. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

const CARD_FIELDS = ['start', 'kind', 'title', 'description', 'modality', 'bodyPart', 'population'] as const;
const RANGE_FIELDS = [
  'unit',
  'min',
  'max',
  'decimals',
  'accept',
  'action',
  'acceptWithinPercentOf',
  'maxLength',
] as const;
const FLAG_FIELDS = ['skippable', 'emergencySkip', 'critical', 'breathHold', 'guardianNotes'] as const;
const TEXT_FIELDS = ['title', 'body', 'guidance'] as const;

export function diffSops(a: SopDefinition, b: SopDefinition): SopDiff {
  const card: FieldChange[] = [];
  for (const f of CARD_FIELDS) if (!same(a[f], b[f])) card.push({ kind: 'other', field: f, before: a[f], after: b[f] });
  card.push(...diffMessages(a.messages ?? {}, b.messages ?? {}));
  const before = new Map(a.steps.map((s) => [s.id, s]));
  const after = new Map(b.steps.map((s) => [s.id, s]));
  const steps: StepDiff[] = [];
  for (const s of b.steps) {
    const old = before.get(s.id);
    if (!old) steps.push({ step: s.id, change: 'added' });
    else {
      const fields = diffStep(old, s);
      if (fields.length) steps.push({ step: s.id, change: 'changed', fields });
    }
  }
  for (const s of a.steps) if (!after.has(s.id)) steps.push({ step: s.id, change: 'removed' });
  const kept = (list: readonly SopStep[], other: Map<string, SopStep>) =>
    list.filter((s) => other.has(s.id)).map((s) => s.id);
  return { from: a.version, to: b.version, card, steps, reordered: !same(kept(a.steps, after), kept(b.steps, before)) };
}

/** Each card text that changed, by key and language: "texts (chest-ct.iv.title) [en]". */
function diffMessages(a: NonNullable<SopDefinition['messages']>, b: NonNullable<SopDefinition['messages']>) {
  const out: FieldChange[] = [];
  for (const lng of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[lng] ?? {};
    const y = b[lng] ?? {};
    for (const key of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort())
      if (x[key] !== y[key])
        out.push({ kind: 'texts', field: `texts (${key}) [${lng}]`, before: x[key], after: y[key] });
  }
  return out;
}

function diffStep(a: SopStep, b: SopStep): FieldChange[] {
  const out: FieldChange[] = [];
  const field = (kind: ChangeKind, name: string, x: unknown, y: unknown) => {
    if (!same(x, y)) out.push({ kind, field: name, before: x, after: y });
  };
  for (const f of TEXT_FIELDS) field('texts', f, a[f], b[f]);
  for (const f of FLAG_FIELDS) field('flags', f, a[f], b[f]);
  field('branches', 'next', a.next, b.next);
  field('branches', 'branches', a.branches ?? [], b.branches ?? []);
  field('timers', 'timers', a.timers ?? [], b.timers ?? []);
  out.push(...diffItems(a.items, b.items));
  return out;
}

function diffItems(a: readonly SopItem[], b: readonly SopItem[]): FieldChange[] {
  const out: FieldChange[] = [];
  const before = new Map(a.map((i) => [i.id, i]));
  const after = new Map(b.map((i) => [i.id, i]));
  for (const item of b) {
    const old = before.get(item.id);
    const at = `items (${item.id})`;
    if (!old) {
      out.push({ kind: 'items', field: at, after: item });
      continue;
    }
    const o = old as Record<string, unknown>;
    const n = item as Record<string, unknown>;
    const seen = new Set<string>(['id']);
    const field = (kind: ChangeKind, name: string) => {
      seen.add(name);
      if (!same(o[name], n[name])) out.push({ kind, field: `${at}.${name}`, before: o[name], after: n[name] });
    };
    field('required', 'required');
    field('required', 'requiredWhen');
    for (const f of RANGE_FIELDS) field('range', f);
    field('texts', 'label');
    field('texts', 'hint');
    for (const k of new Set([...Object.keys(o), ...Object.keys(n)])) if (!seen.has(k)) field('other', k);
  }
  for (const item of a) if (!after.has(item.id)) out.push({ kind: 'items', field: `items (${item.id})`, before: item });
  const order = (list: readonly SopItem[], other: Map<string, SopItem>) =>
    list.filter((i) => other.has(i.id)).map((i) => i.id);
  if (!same(order(a, after), order(b, before)))
    out.push({ kind: 'items', field: 'items (order)', before: order(a, after), after: order(b, before) });
  return out;
}

/** Steps whose content differs between the versions (added and removed count as changed). */
export function changedStepIds(diff: SopDiff): string[] {
  return diff.steps.map((s) => s.step);
}
