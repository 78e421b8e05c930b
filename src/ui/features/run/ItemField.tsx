// One checklist item or question. Ticks and choices are saved on tap; typed text and numbers are
// saved after a short pause and on leaving the field, so typing is not one event per key.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { answerProblem, itemFails, itemLevel, type AnswerValue, type Answers } from '../../../domain/sop/answers';
import { ANSWER_TEXT_MAX_LENGTH, textProblem } from '../../../domain/events/text-rules';
import type { SopItem } from '../../../domain/sop/sop.schema';
import { ChoiceButtons } from '../../components/ChoiceButtons';
import { FieldProblem } from '../../components/FieldProblem';

type Props = {
  item: SopItem;
  answers: Answers;
  /** Required now: always, or because its requiredWhen holds. */
  required: boolean;
  disabled: boolean;
  onAnswer: (value: AnswerValue | null) => void;
  /** Why the item looks as it does: filled in from a known fact, or waiting for a timer. */
  note?: { kind: 'prefilled' | 'waiting'; text: string };
};

export function ItemField(props: Props) {
  const { t } = useTranslation();
  const { hint } = props.item;
  return (
    <>
      <ItemInput {...props} />
      {props.note && (
        <p className={`item-note item-note-${props.note.kind} small`} data-note={props.note.kind}>
          {props.note.text}
        </p>
      )}
      {hint && <p className="muted small hint">{t(hint, { ns: 'sop' })}</p>}
    </>
  );
}

function ItemInput({ item, answers, required, disabled, onAnswer }: Omit<Props, 'note'>) {
  const { t } = useTranslation();
  const name = t(item.label, { ns: 'sop' });
  const label = name + (required ? ' *' : '');
  const value = answers[item.id];
  switch (item.kind) {
    case 'check':
      return (
        <label className="check">
          <input
            type="checkbox"
            checked={value === true}
            disabled={disabled}
            aria-required={required}
            onChange={(e) => onAnswer(e.target.checked ? true : null)}
          />
          <span>{label}</span>
        </label>
      );
    case 'yesno':
    case 'choice': {
      const options =
        item.kind === 'yesno'
          ? [
              { value: 'true', label: t('answer.yes') },
              { value: 'false', label: t('answer.no') },
            ]
          : item.options.map((o) => ({ value: o.value, label: t(o.label, { ns: 'sop' }) }));
      return (
        <fieldset disabled={disabled}>
          <legend className="field">
            <span>{label}</span>
          </legend>
          <ChoiceButtons
            name={item.id}
            value={value === undefined ? '' : String(value)}
            options={options}
            onChange={(v) => onAnswer(item.kind === 'yesno' ? v === 'true' : v)}
          />
        </fieldset>
      );
    }
    case 'number':
      return <NumberField item={item} label={label} answers={answers} disabled={disabled} onAnswer={onAnswer} />;
    case 'text':
      return (
        <TextField
          label={label}
          name={name}
          value={typeof value === 'string' ? value : ''}
          maxLength={Math.min(item.maxLength ?? 500, ANSWER_TEXT_MAX_LENGTH)}
          disabled={disabled}
          onAnswer={onAnswer}
        />
      );
  }
}

function useDraft(saved: string, commit: (draft: string) => void) {
  const [draft, setDraft] = useState(saved);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => setDraft(saved), [saved]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const change = (v: string) => {
    setDraft(v);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => commit(v), 600);
  };
  const flush = () => {
    clearTimeout(timer.current);
    if (draft !== saved) commit(draft);
  };
  return { draft, change, flush };
}

function TextField({
  label,
  name,
  value,
  maxLength,
  disabled,
  onAnswer,
}: {
  label: string;
  name: string;
  value: string;
  maxLength: number;
  disabled: boolean;
  onAnswer: Props['onAnswer'];
}) {
  // Text the server would refuse (pasted control characters) stays in the field with a message, unsaved.
  const problemOf = (d: string) => textProblem(d, { max: maxLength });
  const { draft, change, flush } = useDraft(value, (d) => !problemOf(d) && onAnswer(d.trim() ? d : null));
  const problem = problemOf(draft);
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="text"
        value={draft}
        maxLength={maxLength}
        disabled={disabled}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => change(e.target.value)}
        onBlur={flush}
        onKeyDown={(e) => e.key === 'Enter' && flush()}
      />
      <FieldProblem field={name} problem={problem} />
    </label>
  );
}

function NumberField({
  item,
  label,
  answers,
  disabled,
  onAnswer,
}: {
  item: Extract<SopItem, { kind: 'number' }>;
  label: string;
  answers: Answers;
  disabled: boolean;
  onAnswer: Props['onAnswer'];
}) {
  const { t } = useTranslation();
  const id = useId();
  const saved = answers[item.id];
  const [problem, setProblem] = useState<string | null>(null);
  const { draft, change, flush } = useDraft(typeof saved === 'number' ? String(saved) : '', (d) => {
    if (!d.trim()) return onAnswer(null);
    const n = Number(d.replace(',', '.'));
    const p = answerProblem(item, n);
    setProblem(p && t('item.numberRange', { min: item.min, max: item.max, unit: item.unit }));
    if (!p) onAnswer(n);
  });
  const fails = itemFails(item, answers);
  const { accept, acceptWithinPercentOf: rel } = item;
  // "≤ 700 mGy·cm", "≥ 30 …", "30–700 …": never an open "… – 700".
  const passRange = accept
    ? accept.min !== undefined && accept.max !== undefined
      ? `${accept.min}–${accept.max} ${item.unit}`
      : accept.max !== undefined
        ? `≤ ${accept.max} ${item.unit}`
        : `≥ ${accept.min} ${item.unit}`
    : rel && t('item.withinPercent', { percent: rel.percent });
  return (
    <div className="field">
      <label htmlFor={id}>
        <strong>{label}</strong>
      </label>
      <div className="row">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          style={{ maxWidth: 220 }}
          value={draft}
          disabled={disabled}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => change(e.target.value)}
          onBlur={flush}
          onKeyDown={(e) => e.key === 'Enter' && flush()}
        />
        <span className="unit">{item.unit}</span>
        <span className="muted small">{t('item.range', { min: item.min, max: item.max })}</span>
        {passRange && (
          <span className="small">
            <strong>{t('item.passRange', { range: passRange })}</strong>
          </span>
        )}
      </div>
      {problem && (
        <span className="error-text" role="alert">
          {problem}
        </span>
      )}
      {fails && (
        <span className="fail" role="status" data-level={itemLevel(item, answers)}>
          {itemLevel(item, answers) === 'action' ? t('item.atAction') : t('item.outsidePass')}
        </span>
      )}
    </div>
  );
}
