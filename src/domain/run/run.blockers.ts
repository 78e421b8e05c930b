// Why a run cannot move on yet. The compiled machine's guards are built from these, and the UI
// shows them, so the "next is disabled because …" message and the rule are the same code.
import { missingRequired } from '../sop/answers';
import { resolveNext, stepOf, type SopIndex } from '../sop/sop.index';
import { isReason, type RunContext } from './run.types';

export type RecordField = 'patientId' | 'bodyPart';

export type Blocker =
  | { kind: 'required'; items: string[] }
  | { kind: 'record'; fields: RecordField[] }
  | { kind: 'observation'; endsAt: number };

export function currentStepId(ctx: RunContext): string {
  return ctx.path.at(-1)!;
}

/** What stands in the way of "next" from the current step at time `at`. */
export function nextBlockers(index: SopIndex, ctx: RunContext, at: number, earlyCloseReason?: string): Blocker[] {
  const step = stepOf(index, currentStepId(ctx));
  const blockers: Blocker[] = [];
  const items = missingRequired(step, ctx.answers);
  if (items.length) blockers.push({ kind: 'required', items });
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
