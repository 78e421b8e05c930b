// Validates an SOP definition from any source (built-in, imported JSON, server). Shape errors come
// from the schema; meaning errors (dangling references, loops, unreachable steps …) from the checks
// below. Every error names the field and the problem, so an author can fix it without reading code.
import { checkQcLevels } from './qc-levels.validate';
import { sopSchema, type SopDefinition } from './sop.schema';
import { checkCondition, conditionItems, type Err } from './condition.validate';
import { checkItemRules } from './item-rules.validate';
import { indexSop, possibleTargets, stepCanReach, type SopIndex } from './sop.index';
import { checkOwnMessages, checkTexts } from './sop.texts';

export type SopError = { path: string; message: string };
export type SopValidation = { ok: true; sop: SopDefinition } | { ok: false; errors: SopError[] };
export type ValidateOptions = {
  /** Whether a text key resolves (built-in locales or the definition's own messages). */
  hasText?: (key: string) => boolean;
  /** Whether a key is one of the app's own texts (in any language), which no card may redefine. */
  builtInText?: (key: string) => boolean;
};

export function validateSop(input: unknown, options: ValidateOptions = {}): SopValidation {
  const parsed = sopSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      path: describePath(input, issue.path),
      message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
    }));
    return { ok: false, errors };
  }
  const errors = checkMeaning(parsed.data, options);
  return errors.length ? { ok: false, errors } : { ok: true, sop: parsed.data };
}

export function formatSopErrors(errors: readonly SopError[]): string {
  return errors.map((e) => `${e.path || '(definition)'}: ${e.message}`).join('\n');
}

/** `steps[2] (positioning).items[0].max` — index plus the step id where it helps a reader. */
function describePath(input: unknown, path: readonly PropertyKey[]): string {
  let node: unknown = input;
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const id = node && typeof node === 'object' && 'id' in node ? (node as { id: unknown }).id : undefined;
      if (typeof id === 'string' && out.endsWith(`steps[${key}]`)) out += ` (${id})`;
    } else {
      out += out ? `.${String(key)}` : String(key);
      node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    }
  }
  return out;
}

function checkMeaning(sop: SopDefinition, options: ValidateOptions): SopError[] {
  const errors: SopError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  const stepPath = (i: number) => `steps[${i}] (${sop.steps[i]?.id})`;

  const stepIds = new Set<string>();
  const itemIds = new Set<string>();
  sop.steps.forEach((step, si) => {
    if (stepIds.has(step.id)) err(`${stepPath(si)}.id`, `duplicate step id "${step.id}"`);
    stepIds.add(step.id);
    step.items.forEach((item, ii) => {
      const p = `${stepPath(si)}.items[${ii}]`;
      if (itemIds.has(item.id)) err(`${p}.id`, `duplicate item id "${item.id}" (item ids must be unique in the SOP)`);
      itemIds.add(item.id);
      if (item.kind === 'choice') {
        const values = item.options.map((o) => o.value);
        if (new Set(values).size !== values.length) err(`${p}.options`, 'option values must be unique');
      }
      if (item.kind === 'number') {
        if (item.min > item.max) err(`${p}.max`, `max (${item.max}) is below min (${item.min})`);
        const { accept } = item;
        if (accept?.min !== undefined && accept.max !== undefined && accept.min > accept.max)
          err(`${p}.accept`, 'accept.min is above accept.max');
        checkQcLevels(item, p, err);
      }
    });
  });
  if (errors.length) return errors; // references below assume unique ids

  const index = indexSop(sop);
  if (!stepIds.has(sop.start)) err('start', `refers to unknown step "${sop.start}"`);

  sop.steps.forEach((step, si) => {
    const p = stepPath(si);
    if (step.next !== 'complete' && !stepIds.has(step.next)) err(`${p}.next`, `refers to unknown step "${step.next}"`);
    step.branches?.forEach((b, bi) => {
      if (b.goto !== 'complete' && !stepIds.has(b.goto))
        err(`${p}.branches[${bi}].goto`, `refers to unknown step "${b.goto}"`);
      checkCondition(b.when, `${p}.branches[${bi}].when`, index, err);
    });
    step.items.forEach((item, ii) => {
      if (item.requiredWhen) checkCondition(item.requiredWhen, `${p}.items[${ii}].requiredWhen`, index, err);
      if (item.kind === 'number' && item.acceptWithinPercentOf) {
        const ref = index.items.get(item.acceptWithinPercentOf.item);
        if (ref?.kind !== 'number')
          err(
            `${p}.items[${ii}].acceptWithinPercentOf.item`,
            `"${item.acceptWithinPercentOf.item}" is not a number item of this SOP`,
          );
      }
    });
  });
  if (errors.length) return errors; // graph checks need valid references

  checkGraph(sop, index, err);
  checkTimers(sop, err);
  checkItemRules(sop, index, err);
  checkRecord(sop, index, err);
  checkOwnMessages(sop, options.builtInText ?? (() => false), err);
  if (options.hasText) checkTexts(sop, options.hasText, err);
  return errors;
}

function checkGraph(sop: SopDefinition, index: SopIndex, err: Err): void {
  // Reachability from start.
  const reached = new Set<string>();
  const queue = [sop.start];
  while (queue.length) {
    const id = queue.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const t of possibleTargets(index.steps.get(id)!)) if (t !== 'complete') queue.push(t);
  }
  sop.steps.forEach((s, i) => {
    if (!reached.has(s.id)) err(`steps[${i}] (${s.id})`, 'is unreachable from the start step');
  });

  // Cycles: a step card runs forward only (going back is an explicit "back" move, not a loop).
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'open') {
      const loop = [...trail.slice(trail.indexOf(id)), id].join(' → ');
      return err(`steps (${id})`, `steps form a loop: ${loop}`);
    }
    state.set(id, 'open');
    for (const t of possibleTargets(index.steps.get(id)!)) if (t !== 'complete') visit(t, [...trail, id]);
    state.set(id, 'done');
  };
  sop.steps.forEach((s) => visit(s.id, []));

  // A branch can only depend on answers given on this step or on one that can come before it.
  const canReach = (from: string, to: string) => stepCanReach(index, from, to);
  sop.steps.forEach((step, si) =>
    step.branches?.forEach((b, bi) => {
      for (const itemId of conditionItems(b.when)) {
        const owner = index.stepOfItem.get(itemId)!;
        if (!canReach(owner, step.id))
          err(
            `steps[${si}] (${step.id}).branches[${bi}].when`,
            `uses "${itemId}", which is only asked after this step`,
          );
      }
    }),
  );
}

function checkTimers(sop: SopDefinition, err: Err): void {
  const started = new Set(
    sop.steps.flatMap((s) => (s.timers ?? []).filter((t) => t.action === 'start').map((t) => t.timer)),
  );
  // The emergency response clock starts at arrival, not at a step.
  started.add('emergencyResponse');
  sop.steps.forEach((s, si) =>
    s.timers?.forEach((t, ti) => {
      if (t.action === 'stop' && !started.has(t.timer))
        err(`steps[${si}] (${s.id}).timers[${ti}]`, `stops timer "${t.timer}", which no step starts`);
    }),
  );
}

function checkRecord(sop: SopDefinition, index: SopIndex, err: Err): void {
  if (sop.kind !== 'exam') return;
  const holder = sop.steps.find((s) => s.items.some((i) => i.recordField === 'bodyPart'));
  if (!holder)
    return err('steps', 'an exam SOP needs a required item with recordField "bodyPart" (body part examined)');
  const item = holder.items.find((i) => i.recordField === 'bodyPart')!;
  const where = `steps (${holder.id}).items (${item.id})`;
  if (!item.required) err(`${where}.required`, 'the body-part item must be required');
  if (item.kind !== 'text' && item.kind !== 'choice')
    err(`${where}.kind`, `the body-part item must be text or choice, not ${item.kind}`);
  if (holder.emergencySkip || holder.skippable)
    err(`steps (${holder.id})`, 'the step holding the body part examined must not be skippable');
  if (canFinishAvoiding(sop, index, holder.id))
    err(
      `steps (${holder.id})`,
      'some routes complete the card without this step, so their exam record would lack the body part',
    );
}

/** Whether "complete" can be reached from the start without passing through `avoid`. */
function canFinishAvoiding(sop: SopDefinition, index: SopIndex, avoid: string): boolean {
  const seen = new Set<string>();
  const queue = [sop.start];
  while (queue.length) {
    const id = queue.pop()!;
    if (id === avoid || seen.has(id)) continue;
    seen.add(id);
    for (const t of possibleTargets(index.steps.get(id)!)) {
      if (t === 'complete') return true;
      queue.push(t);
    }
  }
  return false;
}
