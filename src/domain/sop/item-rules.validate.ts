// Checks of the item rules that depend on the run: `requiredWhen` (a condition on answers given on
// this step or one before it), `afterTimer` (a timer that every route starts before the item's step,
// so the item can always be answered in the end) and `prefill` (a fact of the right kind for the
// item). Each error names the field and says what to change.
import { answerProblem } from './answers';
import { conditionItems, type Err } from './condition.validate';
import { FACT_TYPE, SEX_VALUES } from './known-facts';
import { possibleTargets, stepCanReach, type SopIndex } from './sop.index';
import type { SopDefinition, SopItem, SopStep } from './sop.schema';

export function checkItemRules(sop: SopDefinition, index: SopIndex, err: Err): void {
  sop.steps.forEach((step, si) =>
    step.items.forEach((item, ii) => {
      const p = `steps[${si}] (${step.id}).items[${ii}]`;
      if (item.requiredWhen) checkRequiredWhen(item, step, `${p}.requiredWhen`, index, err);
      if (item.afterTimer) checkAfterTimer(item.afterTimer, step, `${p}.afterTimer`, sop, index, err);
      if (item.prefill) checkPrefill(item, `${p}.prefill`, err);
    }),
  );
}

function checkRequiredWhen(item: SopItem, step: SopStep, path: string, index: SopIndex, err: Err) {
  if (item.required)
    err(
      path,
      `"${item.id}" is already always required ("required": true): keep "required" or "requiredWhen", not both`,
    );
  for (const id of new Set(conditionItems(item.requiredWhen!))) {
    if (id === item.id) err(path, `depends on "${item.id}" itself: use an item answered before it`);
    else if (!stepCanReach(index, index.stepOfItem.get(id)!, step.id))
      err(path, `uses "${id}", which is not asked on this step or on any step before it`);
  }
}

function checkAfterTimer(
  timer: NonNullable<SopItem['afterTimer']>,
  step: SopStep,
  path: string,
  sop: SopDefinition,
  index: SopIndex,
  err: Err,
) {
  if (timer === 'emergencyResponse')
    return err(path, 'the emergency response clock runs only for emergencies: an item cannot wait for it');
  const starters = sop.steps.filter((s) => s.timers?.some((t) => t.timer === timer && t.action === 'start'));
  if (!starters.length) return err(path, `waits for timer "${timer}", which no step of this card starts`);
  for (const s of starters.filter((s) => s.emergencySkip))
    err(
      path,
      `waits for timer "${timer}", started by step "${s.id}", which the emergency fast path may jump past: the item could then never be answered`,
    );
  if (reachableWithoutStarting(sop, index, step.id, timer))
    err(
      path,
      `some routes reach step "${step.id}" without starting timer "${timer}" first: the item could never be answered there`,
    );
}

/** Whether a route from the start enters `target` with `timer` not yet started. */
function reachableWithoutStarting(sop: SopDefinition, index: SopIndex, target: string, timer: string): boolean {
  const startsOn = (s: SopStep, on: 'enter' | 'leave') =>
    s.timers?.some((t) => t.timer === timer && t.action === 'start' && t.on === on) ?? false;
  const seen = new Set<string>();
  const queue = [sop.start];
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const s = index.steps.get(id)!;
    if (id === target) {
      if (!startsOn(s, 'enter')) return true;
      continue;
    }
    if (startsOn(s, 'enter') || startsOn(s, 'leave')) continue; // started on this route
    for (const t of possibleTargets(s)) if (t !== 'complete' && stepCanReach(index, t, target)) queue.push(t);
  }
  return false;
}

function checkPrefill(item: SopItem, path: string, err: Err) {
  const { fact, when, answer } = item.prefill!;
  const type = FACT_TYPE[fact];
  if (!when) {
    if (answer !== undefined) err(`${path}.answer`, '"answer" needs a "when" test on the fact');
    const fits = type === 'number' ? item.kind === 'number' : item.kind === 'text';
    if (!fits)
      err(`${path}.fact`, `a ${item.kind} item cannot take "${fact}" as it is: add a "when" test (and an "answer")`);
    return;
  }
  if (when.op !== 'in' && ['gt', 'gte', 'lt', 'lte'].includes(when.op) && type !== 'number')
    err(`${path}.when.op`, `"${when.op}" needs a number fact; "${fact}" is text`);
  const values = when.op === 'in' ? when.values : [when.value];
  for (const v of values) {
    if (typeof v !== type) err(`${path}.when`, `"${String(v)}" is not a ${type}, but "${fact}" is`);
    else if (fact === 'sex' && !(SEX_VALUES as readonly unknown[]).includes(v))
      err(`${path}.when`, `"${String(v)}" is not a value of "sex" (${SEX_VALUES.join(', ')})`);
  }
  if (answer === undefined) {
    if (item.kind !== 'yesno')
      err(
        path,
        `a ${item.kind} item needs an "answer" to take when the test holds (only yes/no items take the result)`,
      );
    return;
  }
  const problem = answerProblem(item, answer);
  if (problem) err(`${path}.answer`, `"${String(answer)}" ${problem}`);
}
