// The identity mismatches recorded at booked runs' identity steps, for QA leads and admins to resolve
// with the RIS (GET /api/integration/identity-mismatches: patient data in the body, never the URL).
// Each row: when, which fields, what the booking said and what was confirmed at the bedside.
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { IdentityMismatch } from '../../../domain/events/identity.events';
import { LoadState } from '../../components/LoadState';
import { formatDateTime } from '../../format';
import { useServerData } from '../../hooks/use-server-data';

type Row = IdentityMismatch & { readonly at: number; readonly user: string; readonly device: string };
type Side = IdentityMismatch['booked'];

export function IdentityMismatches() {
  const { t } = useTranslation();
  const { loaded, reload } = useServerData<{ mismatches: Row[] }>('/api/integration/identity-mismatches');
  const said = (s: Side) => [s.patientId, s.name, s.birthDate, s.sex && t(`sex.${s.sex}`)].filter(Boolean).join(' · ');
  return (
    <section className="card stack" aria-labelledby="identity-mismatches" data-identity-mismatches>
      <div className="row">
        <h2 id="identity-mismatches">{t('quality.identity.title')}</h2>
        <button type="button" className="btn" onClick={() => void reload()}>
          {t('admin.integration.refresh')}
        </button>
      </div>
      <p className="muted">{t('quality.identity.explain')}</p>
      <LoadState loaded={loaded} retry={() => void reload()} />
      {loaded.state === 'ready' &&
        (loaded.data.mismatches.length === 0 ? (
          <p className="muted">{t('quality.identity.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('quality.identity.when')}</th>
                <th>{t('quality.identity.accession')}</th>
                <th>{t('quality.identity.fields')}</th>
                <th>{t('quality.identity.booked')}</th>
                <th>{t('quality.identity.confirmed')}</th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.mismatches.map((m) => (
                <tr key={m.mismatchId} data-mismatch-row={m.fields.join(' ')}>
                  <td>
                    <Link href={`/run/${m.runId}`}>{formatDateTime(m.at)}</Link>
                  </td>
                  <td>{m.accessionNumber}</td>
                  <td>{m.fields.map((f) => t(`identityCheck.field.${f}`)).join(', ')}</td>
                  <td>{said(m.booked)}</td>
                  <td>{said(m.confirmed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
