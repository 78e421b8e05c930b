// "Needs attention": own events the server refused, kept on the tablet with the server's reason. A
// person can send one again (after the card was fixed or the server updated); nothing is deleted.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncController } from '../../../sync/sync-controller';
import { formatDateTime } from '../../format';

type Refused = Awaited<ReturnType<SyncController['refusedEvents']>>[number];

export function RefusedEvents({ sync, changes }: { sync: SyncController; changes: unknown }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Refused[]>([]);
  useEffect(() => {
    let live = true;
    void sync.refusedEvents().then((r) => live && setRows(r));
    return () => {
      live = false;
    };
  }, [sync, changes]);
  if (!rows.length) return null;
  return (
    <section className="card stack" aria-labelledby="sync-refused">
      <h2 id="sync-refused">{t('sync.attentionTitle')}</h2>
      <p className="muted" style={{ margin: 0 }}>
        {t('sync.attentionHelp')}
      </p>
      <ul className="stack" style={{ margin: 0, paddingLeft: '1.2em' }}>
        {rows.map((r) => (
          <li key={r.id} data-refused={r.id}>
            <strong>{r.type}</strong> · {formatDateTime(r.at)} ·{' '}
            {r.retry ? t('sync.refusedWaiting') : t('sync.refusedAttention')}
            <br />
            <span>{r.error}</span>
            {r.details?.length ? <span className="muted"> ({r.details.join('; ')})</span> : null}
            {!r.retry && (
              <div className="row">
                <button type="button" className="btn" onClick={() => void sync.retryRefused(r.id)}>
                  {t('sync.sendAgain')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
