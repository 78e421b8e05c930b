// Enrol this tablet with the department server: a one-time code and a name for the tablet.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncController } from '../../../sync/sync-controller';

export function EnrolForm({ sync, notEnrolled }: { sync: Pick<SyncController, 'enroll'>; notEnrolled: boolean }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function enroll(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await sync.enroll(code, label);
      setMessage({ ok: true, text: t('sync.enrolled') });
      setCode('');
    } catch (err) {
      setMessage({
        ok: false,
        text: t('sync.enrolFailed', { reason: err instanceof Error ? err.message : String(err) }),
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card stack" onSubmit={(e) => void enroll(e)} aria-labelledby="enrol-title">
      <h2 id="enrol-title">{notEnrolled ? t('sync.enrolTitle') : t('sync.reenrolTitle')}</h2>
      <p className="muted" style={{ margin: 0 }}>
        {t('sync.enrolHelp')}
      </p>
      <div className="form-grid">
        <label className="field">
          <span>{t('sync.code')}</span>
          <input
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('sync.label')}</span>
          <input
            type="text"
            value={label}
            placeholder={t('sync.labelPlaceholder')}
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
      </div>
      {message && (
        <p className={`banner ${message.ok ? 'banner-info' : 'banner-error'}`} role="status">
          {message.text}
        </p>
      )}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy || code.trim().length < 4 || !label.trim()}>
          {t('sync.enrol')}
        </button>
      </div>
    </form>
  );
}
