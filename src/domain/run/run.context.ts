// Pure updates of a run's context for each kind of move; the compiled machine calls these.
import type { AnswerValue } from '../sop/answers';
import { prefillAnswer, type KnownFacts } from '../sop/known-facts';
import { stepOf, type SopIndex } from '../sop/sop.index';
import type { TimerId } from '../sop/sop.schema';
import { startTimer, stopTimer } from '../timers/timers';
import type { MoveKind, RunContext, RunInput } from './run.types';

type Timers = RunContext['timers'];

export function initialContext(index: SopIndex, input: RunInput | undefined): RunContext {
  // xstate's pure transition() builds a scratch actor without input; its context is thrown away.
  if (!input) return {} as RunContext;
  const at = input.arrivedAt;
  let timers: Timers = {};
  if (input.kind === 'exam' && input.priority === 'emergency')
    timers = { emergencyResponse: startTimer('emergencyResponse', input.timerRules, at) };
  const ctx: RunContext = { ...input, answers: {}, path: [], visits: [], skips: [], fastPaths: [], timers };
  return enter(index, ctx, index.sop.start, at);
}

export function setAnswer(ctx: RunContext, itemId: string, value: AnswerValue | null): RunContext {
  // A tap replaces a prefilled answer: from now on it is the technologist's.
  const base = ctx.prefilled?.includes(itemId) ? { ...ctx, prefilled: ctx.prefilled.filter((i) => i !== itemId) } : ctx;
  if (value !== null) return { ...base, answers: { ...base.answers, [itemId]: value } };
  return { ...base, answers: Object.fromEntries(Object.entries(base.answers).filter(([k]) => k !== itemId)) };
}

/** Records the known facts and fills every unanswered item whose card rule takes one of them. */
export function applyKnown(index: SopIndex, ctx: RunContext, facts: KnownFacts): RunContext {
  const answers: Record<string, AnswerValue> = { ...ctx.answers };
  const prefilled: string[] = [];
  for (const item of index.items.values()) {
    if (answers[item.id] !== undefined) continue;
    const value = prefillAnswer(item, facts);
    if (value === undefined) continue;
    answers[item.id] = value;
    prefilled.push(item.id);
  }
  return { ...ctx, facts, answers, prefilled };
}

/** Leave the current step and enter `to` (or finish the card). */
export function move(index: SopIndex, ctx: RunContext, to: string, at: number, how: MoveKind): RunContext {
  const left = leave(index, ctx, at, how);
  if (to === 'complete') return { ...left, completedAt: at, timers: stopAll(left.timers, at) };
  return enter(index, left, to, at);
}

export function goBack(index: SopIndex, ctx: RunContext, at: number): RunContext {
  const left = leave(index, ctx, at, 'back');
  const path = left.path.slice(0, -1);
  const prev = path.at(-1)!;
  return { ...left, path, visits: [...left.visits, { stepId: prev, enteredAt: at }] };
}

export function cancel(ctx: RunContext, reason: string, at: number): RunContext {
  return { ...ctx, cancelled: { reason: reason.trim(), at }, timers: stopAll(ctx.timers, at) };
}

function enter(index: SopIndex, ctx: RunContext, stepId: string, at: number): RunContext {
  const step = stepOf(index, stepId);
  return {
    ...ctx,
    path: [...ctx.path, stepId],
    visits: [...ctx.visits, { stepId, enteredAt: at }],
    timers: applyTimers(ctx, step.timers?.filter((t) => t.on === 'enter') ?? [], at),
  };
}

function leave(index: SopIndex, ctx: RunContext, at: number, how: MoveKind): RunContext {
  const current = ctx.path.at(-1)!;
  const visits = ctx.visits.slice();
  const last = visits.at(-1);
  if (last && last.leftAt === undefined) visits[visits.length - 1] = { ...last, leftAt: at, how };
  // Timers fire on leaving only when the step's work was done or skipped on purpose, not on "back".
  const rules = how === 'back' ? [] : (stepOf(index, current).timers?.filter((t) => t.on === 'leave') ?? []);
  return { ...ctx, visits, timers: applyTimers(ctx, rules, at) };
}

function applyTimers(
  ctx: RunContext,
  rules: readonly { timer: TimerId; action: 'start' | 'stop' }[],
  at: number,
): Timers {
  let timers = ctx.timers;
  for (const { timer, action } of rules) {
    const existing = timers[timer];
    if (action === 'start' && !existing) timers = { ...timers, [timer]: startTimer(timer, ctx.timerRules, at) };
    if (action === 'stop' && existing) timers = { ...timers, [timer]: stopTimer(existing, at) };
  }
  return timers;
}

function stopAll(timers: Timers, at: number): Timers {
  const out: Record<string, unknown> = {};
  for (const [id, t] of Object.entries(timers)) out[id] = t && stopTimer(t, at);
  return out as Timers;
}
