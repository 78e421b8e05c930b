// Roll a card back or retire it (admins). A rollback drafts an old version's content, which a second
// person approves like any other draft; retiring stops new runs and keeps every run. Both ask once
// more before they act, and show the server's own words when it refuses (a draft already waiting …).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Problem } from '../../components/LoadState';
import { useServerData } from '../../hooks/use-server-data';
import { useServices } from '../../services';
import type { DraftReport, History } from './editor-types';

type Pending = { readonly kind: 'rollback'; readonly version: number } | { readonly kind: 'retire' };
type Done =
  { readonly kind: 'rollback'; readonly version: number } | { readonly kind: 'retire'; readonly runs: number };

/** `onDrafted`: the server now holds a rollback draft (the editor reloads it). */
export function CardActions({ sopId, onDrafted }: { sopId: string; onDrafted: () => void }) {
  const { t } = useTranslation();
  const { account } = useServices();
  const history = useServerData<History>(`/api/sops/${sopId}/history`);
  // Every approval makes the newest version current, so the ones to roll back to are all before it.
  const older = history.loaded.state === 'ready' ? history.loaded.data.versions.slice(0, -1) : [];
  const [version, setVersion] = useState<number | undefined>();
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState<Pending>();
  const [done, setDone] = useState<Done>();
  const [error, setError] = useState<unknown>();
  const chosen = version ?? older.at(-1);
  const act = async (p: Pending) => {
    setPending(undefined);
    setError(undefined);
    try {
      if (p.kind === 'rollback') {
        await account!.sendJson<DraftReport>('POST', `/api/sops/${sopId}/rollback`, { version: p.version });
        setDone(p);
        onDrafted();
      } else {
        const r = await account!.sendJson<{ runs: number }>('POST', `/api/sops/${sopId}/retire`, { reason });
        setDone({ kind: 'retire', runs: r.runs });
      }
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="card stack editor-actions" aria-labelledby="editor-actions">
      <h2 id="editor-actions">{t('editor.actions.title')}</h2>
      <div className="row">
        <label className="field">
          <span>{t('editor.actions.version')}</span>
          <select value={chosen ?? ''} disabled={!older.length} onChange={(e) => setVersion(Number(e.target.value))}>
            {older.map((v) => (
              <option key={v} value={v}>
                {t('editor.actions.versionN', { version: v })}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn"
          disabled={chosen === undefined}
          onClick={() => chosen !== undefined && setPending({ kind: 'rollback', version: chosen })}
        >
          {t('editor.actions.rollback')}
        </button>
      </div>
      <div className="row">
        <label className="field">
          <span>{t('editor.actions.reason')}</span>
          <input type="text" value={reason} maxLength={400} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button
          type="button"
          className="btn btn-danger"
          disabled={!reason.trim()}
          onClick={() => setPending({ kind: 'retire' })}
        >
          {t('editor.actions.retire')}
        </button>
      </div>
      {pending && (
        <div className="banner banner-warn stack" role="alertdialog" aria-labelledby="editor-confirm" data-confirm>
          <p id="editor-confirm">
            {pending.kind === 'rollback'
              ? t('editor.actions.confirmRollback', { id: sopId, version: pending.version })
              : t('editor.actions.confirmRetire', { id: sopId })}
          </p>
          <div className="row">
            <button type="button" className="btn btn-primary" onClick={() => void act(pending)}>
              {pending.kind === 'rollback' ? t('editor.actions.yesRollback') : t('editor.actions.yesRetire')}
            </button>
            <button type="button" className="btn" onClick={() => setPending(undefined)}>
              {t('editor.actions.cancel')}
            </button>
          </div>
        </div>
      )}
      {done?.kind === 'rollback' && (
        <p className="banner" role="status">
          {t('editor.actions.rolledBack', { version: done.version })}{' '}
          <Link href={`/editor/${sopId}/approve`}>{t('editor.submit.review')}</Link>
        </p>
      )}
      {done?.kind === 'retire' && (
        <p className="banner" role="status">
          {t('editor.actions.retired', { count: done.runs })}
        </p>
      )}
      {error !== undefined && <Problem error={error} />}
    </section>
  );
}
