// The exam record and its deviations, from a run's context and its card: the one definition the
// tablet's record screen, the server projection and exports share. Labels are text keys (the UI
// translates them), so the domain stays free of i18n; deviations are typed, never prose.
import { itemFails, type Answers, type AnswerValue } from '../sop/answers';
import { stepOf, type SopIndex } from '../sop/sop.index';
import type { RecordField, SopItem, TimerId } from '../sop/sop.schema';
import { timerStatus, type TimerState } from '../timers/timers';
import type { RunContext } from './run.types';

/** One answered item on the route the run actually took. */
export type RecordAnswer = {
  readonly stepId: string;
  readonly itemId: string;
  readonly kind: SopItem['kind'];
  /** Text key of the item's label (sop namespace). */
  readonly label: string;
  readonly value: AnswerValue;
  /** Choice items: text key of the chosen option's label. */
  readonly optionLabel?: string;
  /** Number items. */
  readonly unit?: string;
  readonly recordField?: RecordField;
  /** The answer was filled in from what the run knew when it started (its "known" facts), not tapped. */
  readonly prefilled?: true;
};

/** Why a number failed its pass range: the fixed range, or the distance from another item's value. */
export type FailedRule =
  | { readonly kind: 'range'; readonly min?: number; readonly max?: number }
  | {
      readonly kind: 'withinPercent';
      readonly percent: number;
      readonly ofItem: string;
      readonly ofLabel: string;
      readonly ofValue: number;
    };

export type Deviation =
  | {
      readonly kind: 'cancelled';
      readonly stepId: string;
      readonly stepTitle: string;
      readonly reason: string;
      readonly at: number;
    }
  | {
      readonly kind: 'fastPath';
      readonly fromStep: string;
      readonly to: string;
      readonly skipped: readonly { readonly stepId: string; readonly title: string }[];
      readonly reason: string;
      readonly at: number;
    }
  | {
      readonly kind: 'skipped';
      readonly stepId: string;
      readonly stepTitle: string;
      readonly reason: string;
      readonly at: number;
    }
  | {
      readonly kind: 'outOfRange';
      readonly stepId: string;
      readonly itemId: string;
      readonly label: string;
      readonly value: number;
      readonly unit: string;
      readonly rule: FailedRule;
    }
  /** A limit timer stopped after its deadline. */
  | {
      readonly kind: 'timerOverrun';
      readonly timer: TimerId;
      readonly deadline: number;
      readonly stoppedAt: number;
      readonly overByMs: number;
    }
  /** A wait timer (contrast observation) stopped before it ran its length; reason when closed early on purpose. */
  | {
      readonly kind: 'closedEarly';
      readonly timer: TimerId;
      readonly deadline: number;
      readonly stoppedAt: number;
      readonly shortByMs: number;
      readonly reason?: string;
    };

/**
 * The record's head fields, each from the card's record item of that name and listed once, not again
 * in `answers`; absent while unanswered (and on cards without such an item, e.g. version 1 cards).
 */
export type ExamRecord = {
  /** The body part examined (`bodyPart`). */
  readonly bodyPart?: RecordAnswer;
  /** Who performed the exam (`performedBy`). */
  readonly performedBy?: RecordAnswer;
  /** Batch (lot) number of the contrast given (`contrastLot`). */
  readonly contrastLot?: RecordAnswer;
  /** The radiologist who decided each consult on the route (`consultRadiologist`), with its step. */
  readonly consultRadiologists?: readonly RecordAnswer[];
  readonly answers: readonly RecordAnswer[];
  readonly deviations: readonly Deviation[];
};

/**
 * The record of a run so far. Timer deviations are only judged on stopped timers (a finished run
 * has all its timers stopped); a running timer's overrun depends on `now`, which the caller has.
 */
export function examRecord(index: SopIndex, ctx: RunContext): ExamRecord {
  const onRoute = [...new Set(ctx.path)].flatMap((stepId) =>
    stepOf(index, stepId).items.map((item) => ({ stepId, item })),
  );
  const answered = onRoute.filter(({ item }) => ctx.answers[item.id] !== undefined);
  const first = (field: RecordField) => answered.find(({ item }) => item.recordField === field);
  const body = first('bodyPart');
  const performer = first('performedBy');
  const lot = first('contrastLot');
  const consults = answered.filter(({ item }) => item.recordField === 'consultRadiologist');
  const head = new Set([body, performer, lot, ...consults]);
  const prefilled = new Set(ctx.prefilled);
  const answerFor = ({ stepId, item }: { stepId: string; item: SopItem }) =>
    answerOf(stepId, item, ctx.answers[item.id]!, prefilled.has(item.id));
  return {
    ...(body ? { bodyPart: answerFor(body) } : {}),
    ...(performer ? { performedBy: answerFor(performer) } : {}),
    ...(lot ? { contrastLot: answerFor(lot) } : {}),
    ...(consults.length ? { consultRadiologists: consults.map(answerFor) } : {}),
    answers: answered.filter((a) => !head.has(a)).map(answerFor),
    deviations: deviationsOf(index, ctx, answered),
  };
}

function answerOf(stepId: string, item: SopItem, value: AnswerValue, prefilled: boolean): RecordAnswer {
  const option = item.kind === 'choice' ? item.options.find((o) => o.value === value) : undefined;
  return {
    stepId,
    itemId: item.id,
    kind: item.kind,
    label: item.label,
    value,
    ...(option ? { optionLabel: option.label } : {}),
    ...(item.kind === 'number' ? { unit: item.unit } : {}),
    ...(item.recordField ? { recordField: item.recordField } : {}),
    ...(prefilled ? { prefilled: true as const } : {}),
  };
}

function deviationsOf(
  index: SopIndex,
  ctx: RunContext,
  answered: readonly { stepId: string; item: SopItem }[],
): Deviation[] {
  const title = (stepId: string) => index.steps.get(stepId)?.title ?? stepId;
  const out: Deviation[] = [];
  if (ctx.cancelled) {
    const stepId = ctx.path.at(-1)!;
    out.push({ kind: 'cancelled', stepId, stepTitle: title(stepId), ...ctx.cancelled });
  }
  for (const f of ctx.fastPaths)
    out.push({ kind: 'fastPath', ...f, skipped: f.skipped.map((stepId) => ({ stepId, title: title(stepId) })) });
  for (const s of ctx.skips)
    out.push({ kind: 'skipped', stepId: s.stepId, stepTitle: title(s.stepId), reason: s.reason, at: s.at });
  for (const { stepId, item } of answered)
    if (item.kind === 'number' && itemFails(item, ctx.answers)) {
      const value = ctx.answers[item.id] as number;
      const rule = failedRule(index, item, ctx.answers);
      out.push({ kind: 'outOfRange', stepId, itemId: item.id, label: item.label, value, unit: item.unit, rule });
    }
  for (const timer of Object.values(ctx.timers)) {
    const d = timer && timerDeviation(timer, ctx.earlyCloseReason);
    if (d) out.push(d);
  }
  return out;
}

/** Which pass rule a failing number broke; itemFails stays the only judge of failing. */
function failedRule(index: SopIndex, item: Extract<SopItem, { kind: 'number' }>, answers: Answers): FailedRule {
  const rel = item.acceptWithinPercentOf;
  if (!rel || itemFails({ ...item, acceptWithinPercentOf: undefined }, answers)) {
    const { min, max } = item.accept ?? {};
    return { kind: 'range', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }
  const ofLabel = index.items.get(rel.item)?.label ?? rel.item;
  return {
    kind: 'withinPercent',
    percent: rel.percent,
    ofItem: rel.item,
    ofLabel,
    ofValue: answers[rel.item] as number,
  };
}

/** A stopped timer's deviation: a limit overrun, or a wait closed before its end. */
export function timerDeviation(timer: TimerState, earlyCloseReason?: string): Deviation | undefined {
  if (timer.stoppedAt === undefined) return undefined;
  const { deadline, stoppedAt } = timer;
  if (timerStatus(timer, stoppedAt).deviation)
    return { kind: 'timerOverrun', timer: timer.id, deadline, stoppedAt, overByMs: stoppedAt - deadline };
  if (timer.kind !== 'wait' || stoppedAt >= deadline) return undefined;
  const closed = {
    kind: 'closedEarly',
    timer: timer.id,
    deadline,
    stoppedAt,
    shortByMs: deadline - stoppedAt,
  } as const;
  return earlyCloseReason && timer.id === 'contrastObservation' ? { ...closed, reason: earlyCloseReason } : closed;
}
