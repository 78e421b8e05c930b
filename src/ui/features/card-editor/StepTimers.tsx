// The timers a step starts or stops when it is entered or left, from pickers.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TIMER_IDS, type TimerId } from '../../../domain/sop/timer-ids';
import { editStep, without } from './draft-edits';
import { useEditor } from './editor-context';
import { FieldError } from './FieldError';

type Rule = { timer: TimerId; action: 'start' | 'stop'; on: 'enter' | 'leave' };

export function StepTimers({ step }: { step: number }) {
  const { t } = useTranslation();
  const { draft, change } = useEditor();
  const timers = draft.steps[step]!.timers ?? [];
  const [rule, setRule] = useState<Rule>({ timer: TIMER_IDS[0], action: 'start', on: 'enter' });
  const setTimers = (list: Rule[]) =>
    change(editStep(draft, step, (s) => (list.length ? { ...s, timers: list } : without(s, 'timers'))));
  return (
    <fieldset className="stack editor-timers">
      <legend>{t('editor.timers.title')}</legend>
      <ul className="stack">
        {timers.map((r, i) => (
          <li key={i} className="row">
            <span>
              {t('editor.timers.rule', {
                action: t(`editor.timers.${r.action}`),
                timer: t(`timer.${r.timer}`),
                on: t(`editor.timers.${r.on}`),
              })}
            </span>
            <button type="button" className="btn" onClick={() => setTimers(timers.filter((_, j) => j !== i))}>
              {t('editor.timers.remove')}
            </button>
            <FieldError at={`steps[${step}].timers[${i}]`} />
          </li>
        ))}
      </ul>
      <div className="row">
        <select
          aria-label={t('editor.timers.action')}
          value={rule.action}
          onChange={(e) => setRule({ ...rule, action: e.target.value as Rule['action'] })}
        >
          <option value="start">{t('editor.timers.start')}</option>
          <option value="stop">{t('editor.timers.stop')}</option>
        </select>
        <select
          aria-label={t('editor.timers.timer')}
          value={rule.timer}
          onChange={(e) => setRule({ ...rule, timer: e.target.value as TimerId })}
        >
          {TIMER_IDS.map((id) => (
            <option key={id} value={id}>
              {t(`timer.${id}`)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('editor.timers.on')}
          value={rule.on}
          onChange={(e) => setRule({ ...rule, on: e.target.value as Rule['on'] })}
        >
          <option value="enter">{t('editor.timers.enter')}</option>
          <option value="leave">{t('editor.timers.leave')}</option>
        </select>
        <button type="button" className="btn" onClick={() => setTimers([...timers, rule])}>
          {t('editor.timers.add')}
        </button>
      </div>
    </fieldset>
  );
}
