// One enrolled tablet: its name (editable), when it last sent and received, and revoking it (final,
// so it asks first).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { useServices } from '../../services';
import { Problem } from '../../components/LoadState';
import type { AdminDevice } from './admin-types';

export function TabletRow({ device, onDone }: { device: AdminDevice; onDone: (message: string) => void }) {
  const { account } = useServices();
  const { t } = useTranslation();
  const [label, setLabel] = useState(device.label);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const lastSync = Math.max(device.lastPushAt ?? 0, device.lastPullAt ?? 0);

  async function act(work: () => Promise<unknown>, message: string) {
    try {
      await work();
      setError(null);
      setConfirm(false);
      onDone(message);
    } catch (e) {
      setError(e);
    }
  }
  function rename(e: FormEvent) {
    e.preventDefault();
    void act(
      () => account!.sendJson('PATCH', `/api/admin/devices/${device.id}`, { label }),
      t('admin.tablets.renamed', { label }),
    );
  }
  const revoked = device.revokedAt !== null;
  return (
    <li className="card stack admin-item" data-device={device.id}>
      <div className="row admin-item-head">
        <strong>{device.label}</strong>
        {revoked ? (
          <span className="badge badge-danger">
            {t('admin.tablets.revokedAt', { time: formatDateTime(device.revokedAt!) })}
          </span>
        ) : (
          <span className="muted">
            {lastSync
              ? t('admin.tablets.lastSync', { time: formatDateTime(lastSync) })
              : t('admin.tablets.neverSynced')}
          </span>
        )}
        <span className="muted small">
          {t('admin.tablets.enrolledAt', { time: formatDateTime(device.enrolledAt) })}
        </span>
      </div>
      {error !== null && <Problem error={error} />}
      {!revoked && (
        <div className="row">
          <form className="row" onSubmit={rename}>
            <label className="field admin-inline">
              <span>{t('admin.tablets.name')}</span>
              <input type="text" value={label} onChange={(e) => setLabel(e.target.value)} />
            </label>
            <button type="submit" className="btn" disabled={label === device.label}>
              {t('admin.tablets.rename')}
            </button>
          </form>
          {confirm ? (
            <>
              <span className="error-text">{t('admin.tablets.revokeWarning')}</span>
              <button
                type="button"
                className="btn btn-danger btn-solid"
                onClick={() =>
                  void act(
                    () => account!.sendJson('POST', `/api/admin/devices/${device.id}/revoke`),
                    t('admin.tablets.revoked', { label: device.label }),
                  )
                }
              >
                {t('admin.tablets.revokeConfirm')}
              </button>
              <button type="button" className="btn" onClick={() => setConfirm(false)}>
                {t('admin.cancel')}
              </button>
            </>
          ) : (
            <button type="button" className="btn btn-danger" onClick={() => setConfirm(true)}>
              {t('admin.tablets.revoke')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
