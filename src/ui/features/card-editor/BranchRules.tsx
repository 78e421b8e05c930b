// A step's branch rules, built from pickers (item, operator, value, target step), never typed JSON.
// Rules made of several conditions (from built-in cards) are shown in words and can be removed.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Condition, SopItem } from '../../../domain/sop/sop.schema';
import { addBranch, removeBranch, type SimpleRule } from './draft-edits';
import { useEditor } from './editor-context';
import { FieldError } from './FieldError';

const OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const;

export function conditionText(c: Condition): string {
  switch (c.op) {
    case 'all':
    case 'any':
      return `${c.op}(${c.of.map(conditionText).join(', ')})`;
    case 'not':
      return `not(${conditionText(c.of)})`;
    case 'in':
      return `${c.item} in [${c.values.join(', ')}]`;
    case 'answered':
    case 'fails':
      return `${c.item} ${c.op}`;
    default:
      return `${c.item} ${c.op} ${String(c.value)}`;
  }
}

export function BranchRules({ step }: { step: number }) {
  const { t } = useTranslation();
  const { draft, change } = useEditor();
  const s = draft.steps[step]!;
  const at = `steps[${step}].branches`;
  return (
    <fieldset className="stack editor-branches">
      <legend>{t('editor.branches.title')}</legend>
      {(s.branches ?? []).length === 0 && <p className="muted small">{t('editor.branches.none')}</p>}
      <ul className="stack">
        {(s.branches ?? []).map((b, i) => (
          <li key={i} className="row" data-branch={i}>
            <span>{t('editor.branches.rule', { when: conditionText(b.when), goto: b.goto })}</span>
            <button type="button" className="btn" onClick={() => change(removeBranch(draft, step, i))}>
              {t('editor.branches.remove')}
            </button>
            <FieldError at={`${at}[${i}].goto`} />
            <FieldError at={`${at}[${i}].when`} />
          </li>
        ))}
      </ul>
      <NewRule step={step} />
    </fieldset>
  );
}

function NewRule({ step }: { step: number }) {
  const { t } = useTranslation();
  const { draft, change } = useEditor();
  // Items answered on this step or before it: a branch can only look back.
  const items = draft.steps.slice(0, step + 1).flatMap((s) => s.items);
  const targets = [...draft.steps.filter((_, i) => i !== step).map((s) => s.id), 'complete'];
  const [itemId, setItemId] = useState('');
  const [op, setOp] = useState<SimpleRule['op']>('eq');
  const [value, setValue] = useState('');
  const [goto, setGoto] = useState('');
  const item = items.find((i) => i.id === itemId);
  const typed = item ? typedValue(item, value) : undefined;
  const ready = item && typed !== undefined && goto;
  return (
    <div className="row editor-new-rule">
      <label className="field">
        <span>{t('editor.branches.item')}</span>
        <select
          aria-label={t('editor.branches.item')}
          value={itemId}
          onChange={(e) => (setItemId(e.target.value), setValue(''))}
        >
          <option value="">—</option>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.id}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('editor.branches.op')}</span>
        <select
          aria-label={t('editor.branches.op')}
          value={op}
          onChange={(e) => setOp(e.target.value as SimpleRule['op'])}
        >
          {(item?.kind === 'number' ? OPS : OPS.slice(0, 2)).map((o) => (
            <option key={o} value={o}>
              {t(`editor.op.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('editor.branches.value')}</span>
        <ValuePicker item={item} value={value} onChange={setValue} label={t('editor.branches.value')} />
      </label>
      <label className="field">
        <span>{t('editor.branches.goto')}</span>
        <select aria-label={t('editor.branches.goto')} value={goto} onChange={(e) => setGoto(e.target.value)}>
          <option value="">—</option>
          {targets.map((id) => (
            <option key={id} value={id}>
              {id === 'complete' ? t('editor.complete') : id}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="btn"
        disabled={!ready}
        onClick={() => {
          if (!ready) return;
          change(addBranch(draft, step, { item: item.id, op, value: typed }, goto));
          setItemId('');
          setValue('');
          setGoto('');
        }}
      >
        {t('editor.branches.add')}
      </button>
    </div>
  );
}

function ValuePicker({
  item,
  value,
  onChange,
  label,
}: {
  item?: SopItem;
  value: string;
  onChange: (v: string) => void;
  label: string;
}) {
  const { t } = useTranslation();
  if (item?.kind === 'number')
    return <input type="number" aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} />;
  const options: [string, string][] =
    item?.kind === 'choice'
      ? item.options.map((o) => [o.value, o.value])
      : item
        ? [
            ['true', t('editor.yes')],
            ['false', t('editor.no')],
          ]
        : [];
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">—</option>
      {options.map(([v, label]) => (
        <option key={v} value={v}>
          {label}
        </option>
      ))}
    </select>
  );
}

function typedValue(item: SopItem, v: string): string | number | boolean | undefined {
  if (v === '') return undefined;
  if (item.kind === 'number') return Number.isNaN(Number(v)) ? undefined : Number(v);
  if (item.kind === 'choice' || item.kind === 'text') return v;
  return v === 'true';
}
