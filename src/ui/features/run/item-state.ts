// What the step card says about one item beyond its question: filled in from what the run already
// knew, or waiting for a timer (e.g. the cannula stays in until the observation ends). Whether the
// item can be answered is asked of the machine; the countdown comes from the same rule its guard uses.
import type { TFunction } from 'i18next';
import { timerGate } from '../../../domain/run/run.blockers';
import { canApply, type RunSnapshot } from '../../../domain/run/run.engine';
import type { RunContext } from '../../../domain/run/run.types';
import type { AnswerValue } from '../../../domain/sop/answers';
import type { SopItem } from '../../../domain/sop/sop.schema';
import { formatCountdown, timerStatus } from '../../../domain/timers/timers';

/** A value the item would accept, to ask the machine whether answering is allowed at all right now. */
function probe(item: SopItem): AnswerValue {
  if (item.kind === 'choice') return item.options[0]!.value;
  if (item.kind === 'number') return item.min;
  if (item.kind === 'text') return 'probe';
  return true;
}

/** An item whose answer the machine would refuse now (only items that wait for a timer). */
export function itemLocked(snapshot: RunSnapshot, item: SopItem, now: number): boolean {
  if (!item.afterTimer || snapshot.context.answers[item.id] !== undefined) return false;
  return !canApply(snapshot, { type: 'answer', itemId: item.id, value: probe(item), at: now });
}

export function itemNote(
  item: SopItem,
  ctx: RunContext,
  now: number,
  t: TFunction,
): { kind: 'prefilled' | 'waiting'; text: string } | undefined {
  const gate = timerGate(item, ctx, now);
  if (gate) {
    const timer = ctx.timers[gate.timer];
    const name = t(`timer.${gate.timer}`);
    return timer
      ? {
          kind: 'waiting',
          text: t('item.waitsForTimer', {
            timer: name,
            time: formatCountdown(Math.max(0, timerStatus(timer, now).remainingMs)),
          }),
        }
      : { kind: 'waiting', text: t('item.waitsForTimerStart', { timer: name }) };
  }
  if (item.prefill && ctx.prefilled?.includes(item.id))
    return { kind: 'prefilled', text: t(`item.prefilled.${item.prefill.fact}`) };
  return undefined;
}
