// An amendment to an adverse-event report: the outcome as it is now known, with a note saying why.
// A report is never edited in place; each amendment is kept and shown with who made it and when.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../services';

export function AmendForm({ reportId }: { reportId: string }) {
  const { runs } = useServices();
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<string[]>([]);

  async function save() {
    const found = [
      ...(outcome.trim() ? [] : [t('quality.adverse.amend.outcomeNeeded')]),
      ...(note.trim().length >= 3 ? [] : [t('quality.adverse.amend.noteNeeded')]),
    ];
    setProblems(found);
    if (found.length) return;
    try {
      await runs.recordEvent('adverse.amended', { reportId, changes: { outcome: outcome.trim() }, note: note.trim() });
      setOutcome('');
      setNote('');
    } catch (e) {
      setProblems([t('error.saveFailed', { message: e instanceof Error ? e.message : String(e) })]);
    }
  }

  return (
    <details className="stack" data-amend={reportId}>
      <summary>{t('quality.adverse.amend.title')}</summary>
      <label className="field">
        <span>{`${t('quality.adverse.field.outcome')} *`}</span>
        <textarea value={outcome} maxLength={2000} onChange={(e) => setOutcome(e.target.value)} />
      </label>
      <label className="field">
        <span>{`${t('quality.adverse.amend.note')} *`}</span>
        <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </label>
      {problems.map((p) => (
        <span key={p} className="error-text" role="alert">
          {p}
        </span>
      ))}
      <button className="btn" type="button" onClick={() => void save()}>
        {t('quality.adverse.amend.save')}
      </button>
    </details>
  );
}
