// QA leads and administrators: export exam records and read the audit trail (online, from the
// department server, which checks the role again). Everyone else gets a clear "no access".
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../../domain/auth/roles';
import { recordAudit } from '../../../db/audit.repo';
import { useServices } from '../../services';
import { AuditViewer } from './AuditViewer';
import { failureText, ServerSessionNotice, useServerSession } from './server-session';

export default function ReportsPage() {
  const { account, db, user, now } = useServices();
  const { t } = useTranslation();
  const online = useServerSession() === 'ok';
  const [error, setError] = useState<string | null>(null);
  if (!account || !(can(account.role, 'exports.read') || can(account.role, 'audit.view'))) {
    return (
      <p className="banner banner-error" role="alert" data-forbidden>
        {t('reports.forbidden')}
      </p>
    );
  }
  async function exportRecords() {
    try {
      const data = await account!.fetchJson<unknown>('/api/exports/exam-records');
      await recordAudit(db, { user, now: now() }, 'export', 'exam-records');
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      Object.assign(document.createElement('a'), { href: url, download: 'exam-records.json' }).click();
      URL.revokeObjectURL(url);
      setError(null);
    } catch (e) {
      setError(failureText(e, t));
    }
  }
  return (
    <div className="stack">
      <h1>{t('reports.title')}</h1>
      <ServerSessionNotice />
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {can(account.role, 'exports.read') && (
        <section className="card stack">
          <h2>{t('reports.exportTitle')}</h2>
          <p className="muted" style={{ margin: 0 }}>
            {t('reports.exportHelp')}
          </p>
          <div className="row">
            <button type="button" className="btn btn-primary" disabled={!online} onClick={() => void exportRecords()}>
              {t('reports.export')}
            </button>
          </div>
        </section>
      )}
      {can(account.role, 'audit.view') && <AuditViewer />}
    </div>
  );
}
