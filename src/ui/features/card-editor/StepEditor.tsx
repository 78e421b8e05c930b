// One step of the card: id, title, where it goes next, its flags (skippable, emergency fast path may
// jump it, critical for sign-offs), patient guidance, its items, branch rules and timers; move, remove,
// add a step after it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SopItem, SopStep } from '../../../domain/sop/sop.schema';
import { criticalStepsOf } from '../../../domain/training/competency';
import { competencyRulesFor } from '../../../sops/training/competencies';
import { addItem, editStep, moveStep, removeStep, setCritical } from './draft-edits';
import { useEditor } from './editor-context';
import { BranchRules } from './BranchRules';
import { FieldError } from './FieldError';
import { FlagField, TextField, withField } from './inputs';
import { ItemEditor } from './ItemEditor';
import { StepTimers } from './StepTimers';

const KINDS = ['check', 'yesno', 'number', 'choice', 'text'] as const;

export function StepEditor({ index, onAddAfter }: { index: number; onAddAfter: () => void }) {
  const { t } = useTranslation();
  const { draft, change } = useEditor();
  const s = draft.steps[index]!;
  const at = `steps[${index}]`;
  const set = (key: keyof SopStep, v: unknown) => change(editStep(draft, index, (x) => withField(x, key, v)));
  return (
    <section
      className="card stack editor-step"
      data-step={s.id}
      aria-label={t('editor.step.label', { n: index + 1, id: s.id })}
    >
      <div className="row">
        <h2 className="step-title">
          {index + 1}. {s.id}
        </h2>
        <span className="spacer" />
        <button
          type="button"
          className="btn"
          onClick={() => change(moveStep(draft, index, -1))}
          aria-label={t('editor.step.up', { id: s.id })}
        >
          {t('editor.up')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => change(moveStep(draft, index, 1))}
          aria-label={t('editor.step.down', { id: s.id })}
        >
          {t('editor.down')}
        </button>
        <button type="button" className="btn btn-danger" onClick={() => change(removeStep(draft, index))}>
          {t('editor.step.remove')}
        </button>
      </div>
      <FieldError at={at} />
      <div className="form-grid">
        <TextField label={t('editor.step.id')} at={`${at}.id`} value={s.id} onChange={(v) => set('id', v)} />
        <TextField
          label={t('editor.step.title')}
          at={`${at}.title`}
          value={s.title}
          onChange={(v) => set('title', v)}
        />
        <TextField
          label={t('editor.step.guidance')}
          at={`${at}.guidance`}
          value={s.guidance ?? ''}
          onChange={(v) => set('guidance', v)}
        />
        <label className="field">
          <span>{t('editor.step.next')}</span>
          <select value={s.next} data-at={`${at}.next`} onChange={(e) => set('next', e.target.value)}>
            {[...draft.steps.filter((x) => x.id !== s.id).map((x) => x.id), 'complete'].map((id) => (
              <option key={id} value={id}>
                {id === 'complete' ? t('editor.complete') : id}
              </option>
            ))}
          </select>
          <FieldError at={`${at}.next`} />
        </label>
      </div>
      <div className="row">
        <FlagField
          label={t('editor.step.skippable')}
          at={`${at}.skippable`}
          value={s.skippable === true}
          onChange={(v) => set('skippable', v)}
        />
        <FlagField
          label={t('editor.step.emergencySkip')}
          at={`${at}.emergencySkip`}
          value={s.emergencySkip === true}
          onChange={(v) => set('emergencySkip', v)}
        />
        <FlagField
          label={t('editor.step.critical')}
          at={`${at}.critical`}
          value={criticalStepsOf(draft, competencyRulesFor(draft.id)).includes(s.id)}
          onChange={(v) => change(setCritical(draft, index, v, competencyRulesFor(draft.id)))}
        />
      </div>
      {s.items.map((item, i) => (
        <ItemEditor key={`${i}-${item.id}`} step={index} index={i} item={item} />
      ))}
      <NewItem step={index} />
      <BranchRules step={index} />
      <StepTimers step={index} />
      <button type="button" className="btn" onClick={onAddAfter}>
        {t('editor.step.addAfter', { id: s.id })}
      </button>
    </section>
  );
}

function NewItem({ step }: { step: number }) {
  const { t } = useTranslation();
  const { draft, change } = useEditor();
  const [kind, setKind] = useState<(typeof KINDS)[number]>('check');
  const add = () => {
    const n = draft.steps.flatMap((s) => s.items).length + 1;
    const id = `item${n}`;
    const base = { id, label: `${draft.id}.${draft.steps[step]!.id}.${id}` };
    const item: SopItem =
      kind === 'number'
        ? { ...base, kind, unit: 'mL', min: 0, max: 100 }
        : kind === 'choice'
          ? {
              ...base,
              kind,
              options: [
                { value: 'a', label: `${base.label}.a` },
                { value: 'b', label: `${base.label}.b` },
              ],
            }
          : { ...base, kind };
    change(addItem(draft, step, item));
  };
  return (
    <div className="row">
      <select
        aria-label={t('editor.item.kind')}
        value={kind}
        onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}
      >
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`editor.kind.${k}`)}
          </option>
        ))}
      </select>
      <button type="button" className="btn" onClick={add}>
        {t('editor.item.add')}
      </button>
    </div>
  );
}
