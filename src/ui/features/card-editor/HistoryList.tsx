// A card's published versions: who wrote each, who approved it, when, and the change note.
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { useUserNames } from '../../hooks/use-user-names';
import type { History } from './editor-types';

export function HistoryList({ history }: { history: History }) {
  const { t } = useTranslation();
  const name = useUserNames();
  return (
    <section className="card stack" aria-labelledby="editor-history">
      <h2 id="editor-history">{t('editor.history.title')}</h2>
      <p className="muted">{t('editor.history.versions', { versions: history.versions.join(', ') })}</p>
      {history.approvals.length === 0 && <p className="muted">{t('editor.history.none')}</p>}
      <ol className="stack">
        {[...history.approvals].reverse().map((a) => (
          <li key={a.version} data-version={a.version}>
            {t('editor.history.entry', {
              version: a.version,
              authors: a.authors.map(name).join(', '),
              approver: name(a.approvedBy),
              when: formatDateTime(a.approvedAt),
              note: a.changeNote,
            })}
          </li>
        ))}
      </ol>
    </section>
  );
}
