// One item of a step: its id, label key and required flag; for numbers the unit, the input range,
// the pass range and its QC action levels, and the QC reference with its tolerance and action level
// (within ±% of another item).
import { useTranslation } from 'react-i18next';
import type { SopItem } from '../../../domain/sop/sop.schema';
import { editItem, moveItem, removeItem } from './draft-edits';
import { useEditor } from './editor-context';
import { FieldError } from './FieldError';
import { FlagField, NumberField, TextField, withField } from './inputs';

type NumberItem = Extract<SopItem, { kind: 'number' }>;

export function ItemEditor({ step, index, item }: { step: number; index: number; item: SopItem }) {
  const { t } = useTranslation();
  const { draft, change } = useEditor();
  const at = `steps[${step}].items[${index}]`;
  const set = (key: string, v: unknown) => change(editItem(draft, step, index, (i) => withField(i, key, v)));
  return (
    <fieldset className="card stack editor-item" data-item={item.id}>
      <legend>
        {t(`editor.kind.${item.kind}`)} · {item.id}
      </legend>
      <div className="form-grid">
        <TextField label={t('editor.item.id')} at={`${at}.id`} value={item.id} onChange={(v) => set('id', v)} />
        <TextField
          label={t('editor.item.label')}
          at={`${at}.label`}
          value={item.label}
          onChange={(v) => set('label', v)}
        />
      </div>
      <FlagField
        label={t('editor.item.required')}
        at={`${at}.required`}
        value={item.required === true}
        onChange={(v) => set('required', v)}
      />
      {item.kind === 'number' && <NumberFields item={item} at={at} set={set} />}
      <FieldError at={at} />
      <div className="row">
        <button type="button" className="btn" onClick={() => change(moveItem(draft, step, index, -1))}>
          {t('editor.up')}
        </button>
        <button type="button" className="btn" onClick={() => change(moveItem(draft, step, index, 1))}>
          {t('editor.down')}
        </button>
        <button type="button" className="btn btn-danger" onClick={() => change(removeItem(draft, step, index))}>
          {t('editor.item.remove')}
        </button>
      </div>
    </fieldset>
  );
}

function NumberFields({ item, at, set }: { item: NumberItem; at: string; set: (key: string, v: unknown) => void }) {
  const { t } = useTranslation();
  const { draft } = useEditor();
  const others = draft.steps.flatMap((s) => s.items).filter((i) => i.kind === 'number' && i.id !== item.id);
  const ref = item.acceptWithinPercentOf;
  const range = (field: 'accept' | 'action', k: 'min' | 'max', v: number | undefined) => {
    const next = withField(item[field] ?? {}, k, v);
    set(field, Object.keys(next).length ? next : undefined);
  };
  return (
    <>
      <div className="form-grid">
        <TextField label={t('editor.item.unit')} at={`${at}.unit`} value={item.unit} onChange={(v) => set('unit', v)} />
        <NumberField label={t('editor.item.min')} at={`${at}.min`} value={item.min} onChange={(v) => set('min', v)} />
        <NumberField label={t('editor.item.max')} at={`${at}.max`} value={item.max} onChange={(v) => set('max', v)} />
        <NumberField
          label={t('editor.item.decimals')}
          at={`${at}.decimals`}
          value={item.decimals}
          onChange={(v) => set('decimals', v)}
        />
      </div>
      <fieldset className="form-grid">
        <legend>{t('editor.item.passRange')}</legend>
        <NumberField
          label={t('editor.item.passMin')}
          at={`${at}.accept.min`}
          value={item.accept?.min}
          onChange={(v) => range('accept', 'min', v)}
        />
        <NumberField
          label={t('editor.item.passMax')}
          at={`${at}.accept.max`}
          value={item.accept?.max}
          onChange={(v) => range('accept', 'max', v)}
        />
        <FieldError at={`${at}.accept`} />
      </fieldset>
      <fieldset className="form-grid">
        <legend>{t('editor.item.actionRange')}</legend>
        <NumberField
          label={t('editor.item.actionMin')}
          at={`${at}.action.min`}
          value={item.action?.min}
          onChange={(v) => range('action', 'min', v)}
        />
        <NumberField
          label={t('editor.item.actionMax')}
          at={`${at}.action.max`}
          value={item.action?.max}
          onChange={(v) => range('action', 'max', v)}
        />
        <FieldError at={`${at}.action`} />
      </fieldset>
      <fieldset className="form-grid">
        <legend>{t('editor.item.qcReference')}</legend>
        <label className="field">
          <span>{t('editor.item.reference')}</span>
          <select
            value={ref?.item ?? ''}
            onChange={(e) =>
              set(
                'acceptWithinPercentOf',
                e.target.value ? { item: e.target.value, percent: ref?.percent ?? 10 } : undefined,
              )
            }
          >
            <option value="">{t('editor.none')}</option>
            {others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.id}
              </option>
            ))}
          </select>
        </label>
        {ref && (
          <NumberField
            label={t('editor.item.tolerance')}
            at={`${at}.acceptWithinPercentOf.percent`}
            value={ref.percent}
            onChange={(v) => set('acceptWithinPercentOf', { ...ref, percent: v })}
          />
        )}
        {ref && (
          <NumberField
            label={t('editor.item.actionPercent')}
            at={`${at}.acceptWithinPercentOf.actionPercent`}
            value={ref.actionPercent}
            onChange={(v) => set('acceptWithinPercentOf', withField(ref, 'actionPercent', v))}
          />
        )}
        <FieldError at={`${at}.acceptWithinPercentOf`} />
      </fieldset>
    </>
  );
}
