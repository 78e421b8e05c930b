// Saving and submitting the draft. Submitting is saving with a change note once the draft validates
// and every step is reached and every route completes; then a second person approves it. Until then
// the panel says what stands in the way (the server refuses the same drafts).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { routeBlockers } from '../../../domain/sop/sop.routes';
import { Problem } from '../../components/LoadState';
import type { Draft } from './draft-edits';
import type { DraftReport } from './editor-types';

type Props = {
  draft: Draft;
  errorCount: number;
  saved?: DraftReport;
  save: (d: Draft, note: string) => Promise<DraftReport>;
};

export function SubmitPanel({ draft, errorCount, saved, save }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState(saved?.changeNote ?? '');
  const [state, setState] = useState<{ done?: 'saved' | 'submitted'; error?: unknown }>({});
  const blockers = routeBlockers(draft);
  const refusals = [
    ...(errorCount ? [t('editor.submit.errors', { count: errorCount })] : []),
    ...blockers,
    ...(note.trim() ? [] : [t('editor.submit.noNote')]),
  ];
  const run = async (done: 'saved' | 'submitted') => {
    try {
      await save(draft, note);
      setState({ done });
    } catch (error) {
      setState({ error });
    }
  };
  return (
    <section className="card stack editor-submit" aria-labelledby="editor-submit">
      <h2 id="editor-submit">{t('editor.submit.title')}</h2>
      <label className="field">
        <span>{t('editor.submit.note')}</span>
        <textarea value={note} rows={3} maxLength={400} onChange={(e) => setNote(e.target.value)} />
      </label>
      {refusals.length > 0 && (
        <div className="banner banner-warn" data-refusals>
          <span>{t('editor.submit.notYet')}</span>
          <ul>
            {refusals.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
      {state.error !== undefined && <Problem error={state.error} />}
      {state.done && (
        <p className="banner" role="status">
          {t(state.done === 'saved' ? 'editor.submit.saved' : 'editor.submit.submitted')}{' '}
          {state.done === 'submitted' && <Link href={`/editor/${draft.id}/approve`}>{t('editor.submit.review')}</Link>}
        </p>
      )}
      <div className="row">
        <button type="button" className="btn" onClick={() => void run('saved')}>
          {t('editor.save')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={refusals.length > 0}
          onClick={() => void run('submitted')}
        >
          {t('editor.submit.submit')}
        </button>
      </div>
    </section>
  );
}
