// The card editor's start: every card the department server holds, the version new runs use, and
// whether a draft waits (with its problems), with the way to edit it or review it for approval.
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { can } from '../../../domain/auth/roles';
import { ServerSessionNotice } from '../../components/ServerSession';
import { useServerData } from '../../hooks/use-server-data';
import { useUserNames } from '../../hooks/use-user-names';
import { useServices } from '../../services';
import { LoadState } from '../../components/LoadState';
import type { CardVersions, DraftReport } from './editor-types';

export default function EditorListPage() {
  const { account } = useServices();
  const { t } = useTranslation();
  const name = useUserNames();
  const cards = useServerData<CardVersions>('/api/sops');
  const drafts = useServerData<{ drafts: DraftReport[] }>('/api/sops/drafts');
  if (!account || !(can(account.role, 'sops.edit') || can(account.role, 'sops.approve')))
    return (
      <p className="banner banner-error" role="alert" data-forbidden>
        {t('editor.forbidden')}
      </p>
    );
  const edits = can(account.role, 'sops.edit');
  return (
    <div className="stack">
      <h1>{t('editor.title')}</h1>
      <ServerSessionNotice />
      <LoadState loaded={cards.loaded} retry={() => void cards.reload()} />
      <LoadState loaded={drafts.loaded} retry={() => void drafts.reload()} />
      {cards.loaded.state === 'ready' && drafts.loaded.state === 'ready' && (
        <ul className="stack editor-cards">
          {Object.entries(cards.loaded.data.current)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([id, version]) => {
              const draft = (drafts.loaded.state === 'ready' ? drafts.loaded.data.drafts : []).find(
                (d) => d.sopId === id,
              );
              return (
                <li key={id} className="card row" data-card={id}>
                  <strong>{id}</strong>
                  <span className="muted">
                    {version === 0 ? t('editor.list.retired') : t('editor.list.current', { version })}
                  </span>
                  <span className="spacer" />
                  {draft ? (
                    <span className="badge" data-draft>
                      {t('editor.list.draft', {
                        by: draft.editors.map(name).join(', '),
                        problems: draft.errors.length + draft.blockers.length,
                      })}
                    </span>
                  ) : (
                    <span className="muted">{t('editor.list.noDraft')}</span>
                  )}
                  {edits && version !== 0 && (
                    <Link href={`/editor/${id}`} className="btn">
                      {t(draft ? 'editor.list.editDraft' : 'editor.list.edit')}
                    </Link>
                  )}
                  {draft && (
                    <Link href={`/editor/${id}/approve`} className="btn btn-primary">
                      {t('editor.list.review')}
                    </Link>
                  )}
                </li>
              );
            })}
        </ul>
      )}
    </div>
  );
}
