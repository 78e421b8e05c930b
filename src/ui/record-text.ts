// Staff-language text for the exam record's answers and deviations (src/domain/run/run.record.ts
// gives the typed facts and text keys; this file only words them) for the record screen and the export.
import type { TFunction } from 'i18next';
import type { Deviation, FailedRule, RecordAnswer } from '../domain/run/run.record';
import { formatCountdown } from '../domain/timers/timers';

const sop = { ns: 'sop' } as const;

/** "Routine chest", "Yes", "320 mGy·cm", or the typed text as it was entered. */
export function answerText(a: RecordAnswer, t: TFunction): string {
  if (a.optionLabel) return t(a.optionLabel, sop);
  if (a.value === true) return t('answer.yes');
  if (a.value === false) return t('answer.no');
  return a.unit ? `${a.value} ${a.unit}` : String(a.value);
}

export function deviationText(d: Deviation, t: TFunction): string {
  switch (d.kind) {
    case 'cancelled':
      return t('record.cancelled', { step: t(d.stepTitle, sop), reason: d.reason });
    case 'fastPath':
      return t('record.fastPath', {
        steps: d.skipped.map((s) => t('record.quoted', { text: t(s.title, sop) })).join(t('record.listSeparator')),
        reason: d.reason,
      });
    case 'skipped':
      return t('record.skipped', { step: t(d.stepTitle, sop), reason: d.reason });
    case 'outOfRange':
      return outOfRangeText(d, d.rule, t);
    case 'timerOverrun':
      return t('record.timerOverrun', { timer: t(`timer.${d.timer}`), time: formatCountdown(d.overByMs) });
    case 'closedEarly': {
      const args = { timer: t(`timer.${d.timer}`), time: formatCountdown(d.shortByMs) };
      return d.reason ? t('record.closedEarly', { ...args, reason: d.reason }) : t('record.closedEarlyNoReason', args);
    }
  }
}

function outOfRangeText(d: Extract<Deviation, { kind: 'outOfRange' }>, rule: FailedRule, t: TFunction): string {
  const args = { item: t(d.label, sop), value: d.value, unit: d.unit };
  if (rule.kind === 'withinPercent')
    return t('record.outOfPercent', {
      ...args,
      percent: rule.percent,
      of: t(rule.ofLabel, sop),
      ofValue: rule.ofValue,
    });
  const range =
    rule.min !== undefined && rule.max !== undefined
      ? t('record.range.between', { min: rule.min, max: rule.max })
      : rule.max !== undefined
        ? t('record.range.max', { max: rule.max })
        : t('record.range.min', { min: rule.min });
  return t('record.outOfRange', { ...args, range });
}
