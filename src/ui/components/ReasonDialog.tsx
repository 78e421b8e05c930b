import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REASON_MAX_LENGTH, REASON_RULE, textProblem } from '../../domain/events/text-rules';
import { FieldProblem } from './FieldProblem';

type Props = {
  title: string;
  explanation?: string;
  confirmLabel: string;
  danger?: boolean;
  /** What the way out says; defaults to "Cancel", which reads wrong next to "Cancel exam". */
  dismissLabel?: string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
};

/**
 * Asks for a typed reason (skip, fast path, early close, cancel). Confirm stays off until it says
 * something the server accepts: the same rule as the reason field of a run command.
 */
export function ReasonDialog({ title, explanation, confirmLabel, danger, dismissLabel, onConfirm, onClose }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  const titleId = useId();
  useEffect(() => ref.current?.focus(), []);
  const problem = textProblem(reason.trim(), REASON_RULE);
  const ok = !problem;
  return (
    <div className="overlay" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) onConfirm(reason.trim());
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {explanation && <p className="muted">{explanation}</p>}
        <label className="field">
          <span>{t('reason.label')}</span>
          <textarea
            ref={ref}
            value={reason}
            maxLength={REASON_MAX_LENGTH}
            aria-invalid={problem && problem.kind !== 'tooShort' ? true : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {problem?.kind !== 'tooShort' && <FieldProblem field={t('reason.field')} problem={problem} />}
        </label>
        {problem?.kind === 'tooShort' && <p className="muted small">{t('reason.tooShort', { min: problem.min })}</p>}
        <div className="row">
          <button type="button" className="btn" onClick={onClose}>
            {dismissLabel ?? t('action.cancel')}
          </button>
          <span className="spacer" />
          <button
            type="submit"
            className={`btn btn-big ${danger ? 'btn-danger btn-solid' : 'btn-primary'}`}
            disabled={!ok}
          >
            {confirmLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
