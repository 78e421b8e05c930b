// The hospital link at a glance: each endpoint's last good exchange and last error, the outbox to
// the EMR (waiting, failing, refused) and bookings no card could be found for.
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { LoadState } from '../../components/LoadState';
import type { IntegrationStatus } from './integration-types';
import { useServerData } from '../../hooks/use-server-data';

export function IntegrationStatusView() {
  const { t } = useTranslation();
  const { loaded, reload } = useServerData<IntegrationStatus>('/api/integration/status');
  const when = (at: number | null | undefined) => (at ? formatDateTime(at) : t('admin.integration.never'));
  return (
    <section className="card stack" aria-labelledby="integration-status">
      <div className="row">
        <h3 id="integration-status">{t('admin.integration.status')}</h3>
        <button type="button" className="btn" onClick={() => void reload()}>
          {t('admin.integration.refresh')}
        </button>
      </div>
      <LoadState loaded={loaded} retry={() => void reload()} />
      {loaded.state === 'ready' && (
        <>
          <dl className="admin-figures" data-outbox>
            <div>
              <dt>{t('admin.integration.queue')}</dt>
              <dd data-queue>{loaded.data.outbox.pending}</dd>
            </div>
            <div>
              <dt>{t('admin.integration.failing')}</dt>
              <dd>{loaded.data.outbox.failing}</dd>
            </div>
            <div>
              <dt>{t('admin.integration.rejected')}</dt>
              <dd>{loaded.data.outbox.rejected}</dd>
            </div>
            <div>
              <dt>{t('admin.integration.lastDelivered')}</dt>
              <dd>{when(loaded.data.outbox.lastDeliveredAt)}</dd>
            </div>
          </dl>
          {loaded.data.outbox.lastError && (
            <p className="banner banner-error">
              {t('admin.integration.lastError', { error: loaded.data.outbox.lastError })}
            </p>
          )}
          {loaded.data.exchanges.length === 0 ? (
            <p className="muted">{t('admin.integration.noExchanges')}</p>
          ) : (
            <div className="table-scroll">
              <table className="records">
                <thead>
                  <tr>
                    <th>{t('admin.integration.endpoint')}</th>
                    <th>{t('admin.integration.lastOk')}</th>
                    <th>{t('admin.integration.lastFailure')}</th>
                  </tr>
                </thead>
                <tbody>
                  {loaded.data.exchanges.map((x) => (
                    <tr key={x.endpoint}>
                      <td>{x.endpoint}</td>
                      <td>{when(x.lastOkAt)}</td>
                      <td className={x.lastError ? 'error-text' : undefined}>
                        {x.lastErrorAt ? `${formatDateTime(x.lastErrorAt)}: ${x.lastError ?? ''}` : '–'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p>{t('admin.integration.openBookings', { count: loaded.data.bookings.open })}</p>
          {loaded.data.bookings.unmapped.length > 0 && (
            <ul className="stack">
              {loaded.data.bookings.unmapped.map((b) => (
                <li key={b.accessionNumber} className="error-text">
                  {t('admin.integration.unmapped', {
                    code: b.code ?? '–',
                    modality: b.modality ?? '–',
                    reason: b.reason ?? '',
                  })}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
