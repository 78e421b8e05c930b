// The draft's routes: steps no route reaches, steps from which no route completes, and the ways out of
// each step that no preview run has taken yet (sop.routes). Publishing needs the first two empty.
import { useTranslation } from 'react-i18next';
import { branchCoverage, checkRoutes } from '../../../domain/sop/sop.routes';
import type { Draft } from './draft-edits';

export function PreviewPanel({ draft, routes = [] }: { draft: Draft; routes?: readonly (readonly string[])[] }) {
  const { t } = useTranslation();
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
    </section>
  );
}
