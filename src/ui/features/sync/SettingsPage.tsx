// Department server: enrol this tablet with a one-time code, see the sync state, sync now.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { useSyncStatus } from '../../hooks/use-sync-status';
import { useServices } from '../../services';
import { syncLabel } from './sync-label';

export default function SettingsPage() {
  const { sync } = useServices();
  const { t } = useTranslation();
  const status = useSyncStatus(sync);
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (!sync || !status) return <p className="card muted">{t('sync.unavailable')}</p>;

  async function enroll(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await sync!.enroll(code, label);
      setMessage({ ok: true, text: t('sync.enrolled') });
      setCode('');
    } catch (err) {
      setMessage({ ok: false, text: t('sync.enrolFailed', { reason: err instanceof Error ? err.message : String(err) }) });
    } finally {
      setBusy(false);
    }
  }

  const { text } = syncLabel(status, t);
  return (
    <div className="stack">
      <h1>{t('sync.title')}</h1>
      <section className="card stack" aria-labelledby="sync-status">
        <h2 id="sync-status">{t('sync.statusTitle')}</h2>
        <p style={{ margin: 0 }} data-sync-text><strong>{text}</strong></p>
        <p className="muted" style={{ margin: 0 }}>
          {status.lastSuccessAt ? t('sync.lastSuccess', { time: formatDateTime(status.lastSuccessAt) }) : t('sync.never')}
        </p>
        {status.error && <p className="banner banner-error" role="alert">{status.error}</p>}
        <div className="row">
          <button type="button" className="btn btn-primary" disabled={status.state === 'not-enrolled' || status.state === 'syncing'} onClick={() => void sync.syncNow()}>
            {t('sync.now')}
          </button>
        </div>
      </section>
      <form className="card stack" onSubmit={(e) => void enroll(e)} aria-labelledby="enrol-title">
        <h2 id="enrol-title">{status.state === 'not-enrolled' ? t('sync.enrolTitle') : t('sync.reenrolTitle')}</h2>
        <p className="muted" style={{ margin: 0 }}>{t('sync.enrolHelp')}</p>
        <div className="form-grid">
          <label className="field"><span>{t('sync.code')}</span>
            <input type="text" autoComplete="off" autoCapitalize="characters" value={code} onChange={(e) => setCode(e.target.value)} /></label>
          <label className="field"><span>{t('sync.label')}</span>
            <input type="text" value={label} placeholder={t('sync.labelPlaceholder')} onChange={(e) => setLabel(e.target.value)} /></label>
        </div>
        {message && <p className={`banner ${message.ok ? 'banner-info' : 'banner-error'}`} role="status">{message.text}</p>}
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy || code.trim().length < 4 || !label.trim()}>{t('sync.enrol')}</button>
        </div>
      </form>
    </div>
  );
}
