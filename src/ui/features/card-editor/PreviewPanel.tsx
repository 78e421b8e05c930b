// The draft's routes: steps no route reaches, steps from which no route completes, and the ways out of
// each step that no preview run has taken yet (sop.routes). Publishing needs the first two empty.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { branchCoverage, checkRoutes } from '../../../domain/sop/sop.routes';
import { Problem } from '../../components/LoadState';
import { useServices } from '../../services';
import type { Draft } from './draft-edits';
import { previewRoutes, startPreview } from './preview-run';

/** `save`: the draft is saved before the preview opens (leaving the editor drops unsaved edits). */
export function PreviewPanel({ draft, save }: { draft: Draft; save: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const { db, vault, user, now, timerRules, scanners } = useServices();
  const [, navigate] = useLocation();
  const [error, setError] = useState<unknown>();
  const routes = useLiveQuery(() => previewRoutes(vault, draft.id), [vault, draft.id]) ?? [];
  const preview = async () => {
    try {
      await save();
      const id = await startPreview(draft, { from: db, vault, user, now, timerRules, scanners });
      navigate(`/demo/run/${id}`);
    } catch (e) {
      setError(e);
    }
  };
  const check = checkRoutes(draft);
  const { taken, notTaken } = branchCoverage(draft, routes);
  const branching = notTaken.filter((e) => draft.steps.find((s) => s.id === e.from)?.branches?.length);
  return (
    <section className="card stack editor-preview" aria-labelledby="editor-preview">
      <h2 id="editor-preview">{t('editor.preview.title')}</h2>
      {check.unreachable.length > 0 && (
        <p className="error-text" data-unreachable>
          {t('editor.preview.unreachable', { steps: check.unreachable.join(', ') })}
        </p>
      )}
      {check.neverCompletes.length > 0 && (
        <p className="error-text" data-never-completes>
          {t('editor.preview.neverCompletes', { steps: check.neverCompletes.join(', ') })}
        </p>
      )}
      <p className="muted">
        {t('editor.preview.coverage', { taken: taken.length, total: taken.length + notTaken.length })}
      </p>
      {branching.length > 0 && (
        <>
          <p>{t('editor.preview.notTaken')}</p>
          <ul data-not-taken>
            {branching.map((e) => (
              <li key={`${e.from}-${String(e.via)}`}>
                {e.from} → {e.to === 'complete' ? t('editor.complete') : e.to}
              </li>
            ))}
          </ul>
        </>
      )}
      {error !== undefined && <Problem error={error} />}
      <button type="button" className="btn" onClick={() => void preview()}>
        {t('editor.preview.start')}
      </button>
    </section>
  );
}
