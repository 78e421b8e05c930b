// Enrolled tablets and new enrolment codes.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../services';
import { LoadState, Problem } from '../../components/LoadState';
import type { AdminDevice } from './admin-types';
import { EnrolmentCode } from './EnrolmentCode';
import { TabletRow } from './TabletRow';
import { useServerData } from '../../hooks/use-server-data';

export function TabletsPanel() {
  const { account } = useServices();
  const { t } = useTranslation();
  const { loaded, reload } = useServerData<{ devices: AdminDevice[] }>('/api/admin/devices');
  const [done, setDone] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [code, setCode] = useState<{ code: string; label: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const after = (message: string) => {
    setDone(message);
    void reload();
  };
  async function issue(e: FormEvent) {
    e.preventDefault();
    try {
      const r = await account!.sendJson<{ code: string }>('POST', '/api/admin/enrollment-codes', { label });
      setCode({ code: r.code, label });
      setError(null);
      setLabel('');
    } catch (err) {
      setError(err);
    }
  }
  const devices = loaded.state === 'ready' ? loaded.data.devices : [];
  const active = devices.filter((d) => d.revokedAt === null);
  const revoked = devices.filter((d) => d.revokedAt !== null);
  return (
    <section className="stack" aria-labelledby="admin-tablets">
      <h2 id="admin-tablets">{t('admin.tablets.title')}</h2>
      {done && (
        <p className="banner" role="status">
          {done}
        </p>
      )}
      <LoadState loaded={loaded} retry={() => void reload()} />
      {loaded.state === 'ready' && active.length === 0 && <p className="muted">{t('admin.tablets.none')}</p>}
      <ul className="stack admin-list">
        {[...active, ...revoked].map((d) => (
          <TabletRow key={d.id} device={d} onDone={after} />
        ))}
      </ul>
      <form className="card stack" onSubmit={(e) => void issue(e)} aria-labelledby="new-code-title">
        <h3 id="new-code-title">{t('admin.tablets.newCode')}</h3>
        {error !== null && <Problem error={error} />}
        <label className="field">
          <span>{t('admin.tablets.codeLabel')}</span>
          <input type="text" value={label} placeholder="CT 2 console" onChange={(e) => setLabel(e.target.value)} />
        </label>
        <div className="row">
          <button type="submit" className="btn btn-primary">
            {t('admin.tablets.issue')}
          </button>
        </div>
        {code && <EnrolmentCode code={code.code} label={code.label} />}
      </form>
    </section>
  );
}
