// QA leads and administrators: export exam records and read the audit trail (online, from the
// department server, which checks the role again). Everyone else gets a clear "no access".
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../../domain/auth/roles';
import type { ExportedExamRecord } from '../../../domain/run/run.export';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useServices } from '../../services';
import { AuditViewer } from './AuditViewer';
import { examRecordsCsv } from './exam-records-csv';
import { useNames } from './readable';
import { failureText, ServerSessionNotice, useServerSession } from '../../components/ServerSession';

export default function ReportsPage() {
  const { account, db, runs, scanners } = useServices();
  const { t } = useTranslation();
  const online = useServerSession() === 'ok';
  const names = useNames(db, useSopLibrary(), scanners, t);
  const [error, setError] = useState<string | null>(null);
  if (!account || !(can(account.role, 'exports.read') || can(account.role, 'audit.view'))) {
    return (
      <p className="banner banner-error" role="alert" data-forbidden>
        {t('reports.forbidden')}
      </p>
    );
  }
  /** A spreadsheet a QA lead reads (names, card titles, local times), or the raw JSON for systems. */
  async function exportRecords(format: 'csv' | 'json') {
    try {
      const data = await account!.fetchJson<{ records?: ExportedExamRecord[] }>('/api/exports/exam-records');
      await runs.recordAudit('export', 'exam-records', format);
      const blob =
        format === 'csv'
          ? new Blob([examRecordsCsv(data.records ?? [], names, t)], { type: 'text/csv;charset=utf-8' })
          : new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      Object.assign(document.createElement('a'), { href: url, download: `exam-records.${format}` }).click();
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
            <button
              type="button"
              className="btn btn-primary"
              disabled={!online}
              onClick={() => void exportRecords('csv')}
            >
              {t('reports.export')}
            </button>
            <button type="button" className="btn" disabled={!online} onClick={() => void exportRecords('json')}>
              {t('reports.exportJson')}
            </button>
          </div>
        </section>
      )}
      {can(account.role, 'audit.view') && <AuditViewer />}
    </div>
  );
}
