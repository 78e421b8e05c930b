// Why a run cannot move on yet. The compiled machine's guards are built from these, and the UI
// shows them, so the "next is disabled because …" message and the rule are the same code.
import { missingRequired, resolveNext, stepOf, type SopIndex } from '../sop/sop.index';
import type { SopItem, TimerId } from '../sop/sop.schema';
import { isReason, type RunContext } from './run.types';

export type RecordField = 'patientId' | 'bodyPart';

export type Blocker =
  | { kind: 'required'; items: string[] }
  | { kind: 'record'; fields: RecordField[] }
  | { kind: 'observation'; endsAt: number }
  /** Required items that may only be answered once a timer has run (e.g. cannula out after observation). */
  | { kind: 'timer'; items: string[]; timer: TimerId; endsAt?: number }
  /** An exam's image-QC step waits for the image-QC decision (accepted / repeated / rejected). */
  | { kind: 'imageQc' };

/** The exam cards' image-QC step, where every exam's image-QC decision is recorded (AAPM TG-305). */
export const IMAGE_QC_STEP = 'imageQc';

/** Next from an exam's image-QC step needs this exam's image-QC decision: reject rates count every exam. */
export function imageQcBlockers(stepId: string, kind: RunContext['kind'], decided: boolean): Blocker[] {
  return stepId === IMAGE_QC_STEP && kind === 'exam' && !decided ? [{ kind: 'imageQc' }] : [];
}

export function currentStepId(ctx: RunContext): string {
  return ctx.path.at(-1)!;
}

/** What stands in the way of "next" from the current step at time `at`. */
export function nextBlockers(index: SopIndex, ctx: RunContext, at: number, earlyCloseReason?: string): Blocker[] {
  const step = stepOf(index, currentStepId(ctx));
  const blockers: Blocker[] = [];
  const missing = missingRequired(index, step, ctx.answers);
  const gated = new Map<TimerId, { items: string[]; endsAt?: number }>();
  const items = missing.filter((id) => {
    const gate = timerGate(index.items.get(id)!, ctx, at);
    if (gate) gated.set(gate.timer, { items: [...(gated.get(gate.timer)?.items ?? []), id], endsAt: gate.endsAt });
    return !gate;
  });
  if (items.length) blockers.push({ kind: 'required', items });
  for (const [timer, g] of gated) blockers.push({ kind: 'timer', timer, ...g });
  if (resolveNext(index, step, ctx.answers) === 'complete')
    blockers.push(...completionBlockers(index, ctx, at, earlyCloseReason));
  return blockers;
}

export function completionBlockers(index: SopIndex, ctx: RunContext, at: number, earlyCloseReason?: string): Blocker[] {
  const blockers: Blocker[] = [];
  const fields = missingRecordFields(index, ctx);
  if (fields.length) blockers.push({ kind: 'record', fields });
  if (observationRunning(ctx, at) && !isReason(earlyCloseReason))
    blockers.push({ kind: 'observation', endsAt: ctx.timers.contrastObservation!.deadline });
  return blockers;
}

/**
 * Why an item with `afterTimer` cannot be answered yet at `at`: its timer has not started, or is
 * still running. Null once the timer has run its full length or was stopped. The machine's answer
 * guard and the screen both use this.
 */
export function timerGate(item: SopItem, ctx: RunContext, at: number): { timer: TimerId; endsAt?: number } | null {
  if (!item.afterTimer) return null;
  const timer = ctx.timers[item.afterTimer];
  if (timer && (timer.stoppedAt !== undefined || at >= timer.deadline)) return null;
  return timer ? { timer: item.afterTimer, endsAt: timer.deadline } : { timer: item.afterTimer };
}

/** The post-contrast observation has started and not yet run its full length at `at`. */
export function observationRunning(ctx: RunContext, at: number): boolean {
  const obs = ctx.timers.contrastObservation;
  return obs !== undefined && obs.stoppedAt === undefined && at < obs.deadline;
}

/** The exam record's required fields: patient ID and body part examined. QC runs have no patient. */
export function missingRecordFields(index: SopIndex, ctx: RunContext): RecordField[] {
  if (ctx.kind !== 'exam') return [];
  const missing: RecordField[] = [];
  if (!ctx.hasPatientId) missing.push('patientId');
  const bodyPartItem = [...index.items.values()].find((i) => i.recordField === 'bodyPart');
  const bodyPart = bodyPartItem && ctx.answers[bodyPartItem.id];
  if (typeof bodyPart !== 'string' || !bodyPart.trim()) missing.push('bodyPart');
  return missing;
}
