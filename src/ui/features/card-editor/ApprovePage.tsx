// The second person's screen: the draft against the version new runs use, as a step-level diff, the
// card's history, the change note, and Approve. The server refuses the draft's own authors; the screen
// says so before anyone taps (and shows the server's word if it refuses anyway).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { can } from '../../../domain/auth/roles';
import { ServerSessionNotice } from '../../components/ServerSession';
import { useServerData } from '../../hooks/use-server-data';
import { useUserNames } from '../../hooks/use-user-names';
import { useServices } from '../../services';
import { LoadState, Problem } from '../../components/LoadState';
import { DiffView } from './DiffView';
import type { DraftReport, History, SopDiff } from './editor-types';
import { HistoryList } from './HistoryList';

export default function ApprovePage({ sopId }: { sopId: string }) {
  const { account } = useServices();
  const { t } = useTranslation();
  const draft = useServerData<DraftReport>(`/api/sops/${sopId}/draft`);
  const history = useServerData<History>(`/api/sops/${sopId}/history`);
  if (!account || !(can(account.role, 'sops.approve') || can(account.role, 'sops.edit')))
    return (
      <p className="banner banner-error" role="alert" data-forbidden>
        {t('editor.forbidden')}
      </p>
    );
  return (
    <div className="stack">
      <div className="row">
        <h1>{t('editor.approve.title', { id: sopId })}</h1>
        <span className="spacer" />
        <Link href="/editor" className="btn">
          {t('editor.back')}
        </Link>
      </div>
      <ServerSessionNotice />
      <LoadState loaded={draft.loaded} retry={() => void draft.reload()} />
      <LoadState loaded={history.loaded} retry={() => void history.reload()} />
      {draft.loaded.state === 'ready' && history.loaded.state === 'ready' && (
        <Review draft={draft.loaded.data} history={history.loaded.data} />
      )}
    </div>
  );
}

function Review({ draft, history }: { draft: DraftReport; history: History }) {
  const { account, user } = useServices();
  const { t } = useTranslation();
  const name = useUserNames();
  const from = draft.baseVersion ?? history.versions.at(-1) ?? 1;
  const diff = useServerData<SopDiff>(`/api/sops/${draft.sopId}/diff?from=${from}&to=draft`);
  const [result, setResult] = useState<{ version?: number; error?: unknown }>({});
  const author = draft.editors.includes(user);
  const mayApprove = can(account!.role, 'sops.approve') && !author;
  const problems = [...draft.errors.map((e) => `${e.path}: ${e.message}`), ...draft.blockers];
  const approve = async () => {
    try {
      const r = await account!.sendJson<{ version: number }>('POST', `/api/sops/${draft.sopId}/draft/approve`, {
        updatedAt: draft.updatedAt,
      });
      setResult({ version: r.version });
    } catch (error) {
      setResult({ error });
    }
  };
  return (
    <>
      <section className="card stack">
        <p>{t('editor.approve.authors', { authors: draft.editors.map(name).join(', ') })}</p>
        <p>
          <strong>{t('editor.approve.note')}</strong> {draft.changeNote || t('editor.approve.noNote')}
        </p>
        {problems.length > 0 && (
          <div className="banner banner-error">
            <span>{t('editor.approve.problems')}</span>
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        {author && (
          <p className="banner banner-warn" data-own-draft>
            {t('editor.approve.ownDraft')}
          </p>
        )}
        {result.version !== undefined ? (
          <p className="banner" role="status">
            {t('editor.approve.done', { version: result.version })}
          </p>
        ) : (
          <button type="button" className="btn btn-primary" disabled={!mayApprove} onClick={() => void approve()}>
            {t('editor.approve.approve')}
          </button>
        )}
        {result.error !== undefined && <Problem error={result.error} />}
      </section>
      <LoadState loaded={diff.loaded} retry={() => void diff.reload()} />
      {diff.loaded.state === 'ready' && <DiffView diff={diff.loaded.data} />}
      <HistoryList history={history} />
    </>
  );
}
