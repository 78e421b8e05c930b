// Checks a training scenario: its shape (schema), then its meaning against the card it trains on.
// Every error names the field, as card errors do, so a trainer can fix a scenario without code.
import { answerProblem } from '../sop/answers';
import type { SopDefinition } from '../sop/sop.schema';
import { scenarioSchema, type TrainingScenario } from './scenario.schema';

export type ScenarioError = { path: string; message: string };
export type ScenarioValidation = { ok: true; scenario: TrainingScenario } | { ok: false; errors: ScenarioError[] };

/** `sopFor` finds the card (the pinned version, or the current one when the scenario pins none). */
export function validateScenario(
  input: unknown,
  sopFor: (id: string, version?: number) => SopDefinition | undefined,
): ScenarioValidation {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({
        path: i.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, ''),
        message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
      })),
    };
  const s = parsed.data;
  const sop = sopFor(s.sop.id, s.sop.version);
  if (!sop) {
    const v = s.sop.version === undefined ? '' : ` version ${s.sop.version}`;
    return { ok: false, errors: [{ path: 'sop', message: `card "${s.sop.id}"${v} is not in the library` }] };
  }
  const errors = checkAgainstCard(s, sop);
  return errors.length ? { ok: false, errors } : { ok: true, scenario: s };
}

function checkAgainstCard(s: TrainingScenario, sop: SopDefinition): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const steps = new Map(sop.steps.map((st) => [st.id, st]));
  if (s.expect[0] && s.expect[0].step !== sop.start)
    errors.push({ path: 'expect[0].step', message: `must be the card's first step "${sop.start}"` });
  s.expect.forEach((e, i) => {
    const step = steps.get(e.step);
    if (!step)
      return void errors.push({ path: `expect[${i}].step`, message: `"${e.step}" is not a step of ${sop.id}` });
    if (e.move === 'skip' && !step.skippable)
      errors.push({ path: `expect[${i}].move`, message: `step "${e.step}" cannot be skipped` });
    if (e.move === 'back' && i === 0)
      errors.push({ path: `expect[${i}].move`, message: 'the first step has no way back' });
    for (const [itemId, value] of Object.entries(e.answers ?? {})) {
      const item = step.items.find((it) => it.id === itemId);
      const path = `expect[${i}].answers.${itemId}`;
      if (!item) errors.push({ path, message: `"${itemId}" is not an item of step "${e.step}"` });
      else {
        const problem = answerProblem(item, value);
        if (problem) errors.push({ path, message: `${problem} (item "${itemId}")` });
      }
    }
  });
  s.traps?.forEach((t, i) => {
    const step = steps.get(t.step);
    if (!step) errors.push({ path: `traps[${i}].step`, message: `"${t.step}" is not a step of ${sop.id}` });
    else if (!step.items.some((it) => it.id === t.item))
      errors.push({ path: `traps[${i}].item`, message: `"${t.item}" is not an item of step "${t.step}"` });
    else if (!s.expect.some((e) => e.step === t.step))
      errors.push({ path: `traps[${i}].step`, message: `step "${t.step}" is not on the expected path` });
  });
  return errors;
}
