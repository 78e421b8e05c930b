// This tablet (its name and id), the department server: the sync state, sync now, and (admins)
// enrol this tablet again.
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { deviceIdentity } from '../../../db/device-identity.repo';
import { syncMeta } from '../../../db/sync-meta.repo';
import { formatDateTime } from '../../format';
import { useSyncStatus } from '../../hooks/use-sync-status';
import { useServices } from '../../services';
import { clockOffsetText } from './clock-offset';
import { EnrolForm } from './EnrolForm';
import { RefusedEvents } from './RefusedEvents';
import { syncLabel } from './sync-label';

function ThisTablet() {
  const { db } = useServices();
  const { t } = useTranslation();
  const tablet = useLiveQuery(
    // Read only (a live query may not write): the id the server assigned, once enrolled.
    async () => {
      const identity = await deviceIdentity(db);
      return { label: identity?.label ?? (await syncMeta(db)).label, id: identity?.deviceId };
    },
    [db],
  );
  if (!tablet) return null;
  return (
    <section className="card stack" aria-labelledby="tablet-title" data-tablet>
      <h2 id="tablet-title">{t('settings.tabletTitle')}</h2>
      <p style={{ margin: 0 }}>
        <strong>{tablet.label ?? t('settings.tabletUnnamed')}</strong>
      </p>
      {tablet.id && (
        <p className="muted small" style={{ margin: 0 }}>
          {t('settings.tabletId', { id: tablet.id.slice(0, 8) })}
        </p>
      )}
    </section>
  );
}

export default function SettingsPage() {
  const { sync, account } = useServices();
  const { t } = useTranslation();
  const status = useSyncStatus(sync);
  if (!sync || !status)
    return (
      <div className="stack">
        <ThisTablet />
        <p className="card muted">{t('sync.unavailable')}</p>
      </div>
    );

  const { text } = syncLabel(status, t);
  const clock = clockOffsetText(status.skewMs, t);
  return (
    <div className="stack">
      <h1>{t('sync.title')}</h1>
      <ThisTablet />
      <section className="card stack" aria-labelledby="sync-status">
        <h2 id="sync-status">{t('sync.statusTitle')}</h2>
        <p style={{ margin: 0 }} data-sync-text>
          <strong>{text}</strong>
        </p>
        <p className="muted" style={{ margin: 0 }}>
          {status.lastSuccessAt
            ? t('sync.lastSuccess', { time: formatDateTime(status.lastSuccessAt) })
            : t('sync.never')}
        </p>
        {clock && (
          <p className="muted" style={{ margin: 0 }} data-clock-offset>
            {clock}
          </p>
        )}
        {status.error && (
          <p className="banner banner-error" role="alert">
            {status.update === 'server'
              ? t('sync.updateServerDetail')
              : status.update === 'app'
                ? t('sync.updateAppDetail')
                : status.error}
          </p>
        )}
        <div className="row">
          <button
            type="button"
            className="btn btn-primary"
            disabled={status.state === 'not-enrolled' || status.state === 'syncing'}
            onClick={() => void sync.syncNow()}
          >
            {t('sync.now')}
          </button>
        </div>
      </section>
      <RefusedEvents sync={sync} changes={`${status.attention}/${status.pending}/${status.lastSuccessAt}`} />
      {account && (
        <section className="card stack" aria-labelledby="account-title">
          <h2 id="account-title">{t('auth.accountTitle')}</h2>
          <p style={{ margin: 0 }}>
            {account.displayName} · {t(`role.${account.role}`)}
          </p>
          <div className="row">
            <button type="button" className="btn btn-danger" onClick={() => account.signOut()}>
              {t('auth.signOut')}
            </button>
          </div>
        </section>
      )}
      {account?.role === 'admin' && <EnrolForm sync={sync} notEnrolled={status.state === 'not-enrolled'} />}
    </div>
  );
}
