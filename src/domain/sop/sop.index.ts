// Lookup tables over one SOP definition, and the routing rule shared by the compiler, the
// validator and the UI: which step follows a step given the answers so far.
import { isItemDone, type Answers } from './answers';
import { evaluate } from './conditions';
import type { SopDefinition, SopItem, SopStep, StepTarget } from './sop.schema';

export type SopIndex = {
  readonly sop: SopDefinition;
  readonly steps: ReadonlyMap<string, SopStep>;
  readonly items: ReadonlyMap<string, SopItem>;
  readonly stepOfItem: ReadonlyMap<string, string>;
};

export function indexSop(sop: SopDefinition): SopIndex {
  const steps = new Map<string, SopStep>();
  const items = new Map<string, SopItem>();
  const stepOfItem = new Map<string, string>();
  for (const step of sop.steps) {
    steps.set(step.id, step);
    for (const item of step.items) {
      items.set(item.id, item);
      stepOfItem.set(item.id, step.id);
    }
  }
  return { sop, steps, items, stepOfItem };
}

export function stepOf(index: SopIndex, stepId: string): SopStep {
  const step = index.steps.get(stepId);
  if (!step) throw new Error(`SOP ${index.sop.id} v${index.sop.version} has no step "${stepId}"`);
  return step;
}

/** The first branch whose condition holds, else the step's default next. */
export function resolveNext(index: SopIndex, step: SopStep, answers: Answers): StepTarget {
  for (const b of step.branches ?? []) if (evaluate(b.when, answers, index.items)) return b.goto;
  return step.next;
}

/** Whether an item must be answered now: always (`required`) or while its `requiredWhen` holds. */
export function isRequired(index: SopIndex, item: SopItem, answers: Answers): boolean {
  return (
    item.required === true || (item.requiredWhen !== undefined && evaluate(item.requiredWhen, answers, index.items))
  );
}

/** The step's items that are required now and not yet done. */
export function missingRequired(index: SopIndex, step: SopStep, answers: Answers): string[] {
  return step.items.filter((i) => isRequired(index, i, answers) && !isItemDone(i, answers[i.id])).map((i) => i.id);
}

/** Every step a step can lead to, whatever the answers. */
export function possibleTargets(step: SopStep): StepTarget[] {
  return [...new Set([...(step.branches ?? []).map((b) => b.goto), step.next])];
}

/** Whether step `to` can follow step `from` (or is it), on some route. */
export function stepCanReach(index: SopIndex, from: string, to: string): boolean {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length) {
    const id = queue.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const t of possibleTargets(index.steps.get(id)!)) if (t !== 'complete') queue.push(t);
  }
  return false;
}

/**
 * Where the emergency fast path lands from a step: walk forward past every step marked
 * emergencySkip, following the answers given so far. Returns the skipped steps too.
 */
export function fastPathTarget(
  index: SopIndex,
  fromStepId: string,
  answers: Answers,
): { target: StepTarget; skipped: string[] } {
  const skipped: string[] = [];
  let current: StepTarget = fromStepId;
  while (current !== 'complete') {
    const step = stepOf(index, current);
    if (!step.emergencySkip) break;
    skipped.push(step.id);
    current = resolveNext(index, step, answers);
  }
  return { target: current, skipped };
}
