// The audit trail from the department server, with filters. Read-only: no screen edits or deletes.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS } from '../../../domain/sync/protocol.schema';
import { formatDateTime } from '../../format';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useServices } from '../../services';
import { useNames } from './readable';
import { failureText } from '../../components/ServerSession';

type Entry = {
  at: number;
  userId?: string;
  deviceId?: string;
  action: string;
  subject?: string;
  detail?: string;
  /** A tablet's own word on who and when: shown as its claim, beside what the server recorded. */
  claimedUser?: string | null;
  claimedAt?: number | null;
};

export function AuditViewer() {
  const { account, db, scanners } = useServices();
  const { t } = useTranslation();
  const names = useNames(db, useSopLibrary(), scanners, t);
  const [filter, setFilter] = useState({ user: '', action: '', from: '', to: '' });
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load(e?: FormEvent) {
    e?.preventDefault();
    const q = new URLSearchParams();
    if (filter.user) q.set('user', filter.user);
    if (filter.action) q.set('action', filter.action);
    if (filter.from) q.set('from', String(new Date(filter.from).getTime()));
    if (filter.to) q.set('to', String(new Date(filter.to).getTime() + 86_400_000));
    try {
      const r = await account!.fetchJson<{ entries: Entry[] }>(`/api/audit?${q.toString()}`);
      setEntries(r.entries);
      setError(null);
    } catch (err) {
      setError(failureText(err, t));
    }
  }

  return (
    <section className="card stack" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('reports.auditTitle')}</h2>
      <form className="form-grid" onSubmit={(e) => void load(e)}>
        <label className="field">
          <span>{t('reports.user')}</span>
          <input
            type="text"
            value={filter.user}
            placeholder={t('reports.userHint')}
            onChange={(e) => setFilter({ ...filter, user: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('reports.action')}</span>
          <select value={filter.action} onChange={(e) => setFilter({ ...filter, action: e.target.value })}>
            <option value="">{t('reports.any')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`audit.action.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('reports.from')}</span>
          <input type="date" value={filter.from} onChange={(e) => setFilter({ ...filter, from: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('reports.to')}</span>
          <input type="date" value={filter.to} onChange={(e) => setFilter({ ...filter, to: e.target.value })} />
        </label>
        <button type="submit" className="btn btn-primary">
          {t('reports.show')}
        </button>
      </form>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {entries &&
        (entries.length === 0 ? (
          <p className="muted">{t('reports.none')}</p>
        ) : (
          <table className="record">
            <thead>
              <tr>
                <th>{t('reports.when')}</th>
                <th>{t('reports.user')}</th>
                <th>{t('reports.action')}</th>
                <th>{t('reports.subject')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={i}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>
                    {names.user(e.userId)}
                    {e.claimedUser && (
                      <span className="muted">
                        {' '}
                        ({t('reports.claimed', { user: e.claimedUser, when: formatDateTime(e.claimedAt ?? e.at) })})
                      </span>
                    )}
                  </td>
                  <td>{t(`audit.action.${e.action}`, { defaultValue: e.action })}</td>
                  <td>
                    {names.subject(e.subject)}
                    {e.detail ? ` · ${e.detail}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
