// The hospital link's endpoints: the RIS worklist per scanner (AE titles, host, port) and the EMR's
// FHIR endpoint. Header values and the inbound token stay on the server; saving keeps them.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../services';
import { LoadState, Problem } from '../../components/LoadState';
import type { EmrEndpoint, IntegrationSettingsView, WorklistEndpoint } from './integration-types';
import { fieldProblems, useServerData } from '../../hooks/use-server-data';

const NEW_SCANNER: WorklistEndpoint = {
  scanner: '',
  host: '',
  port: 104,
  callingAeTitle: 'SCANCARD',
  calledAeTitle: '',
};
const SCANNER_FIELDS = ['scanner', 'calledAeTitle', 'callingAeTitle', 'host', 'port'] as const;
const EMR_FIELDS = ['url', 'accessionSystem', 'patientSystem', 'userSystem', 'codeSystem'] as const;

export function WorklistEndpoints() {
  const { account } = useServices();
  const { t } = useTranslation();
  const { loaded, reload } = useServerData<{ settings: IntegrationSettingsView }>('/api/admin/integration/settings');
  const [scanners, setScanners] = useState<WorklistEndpoint[]>([]);
  const [intervalMin, setIntervalMin] = useState('5');
  const [emr, setEmr] = useState<EmrEndpoint | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (loaded.state !== 'ready') return;
    const s = loaded.data.settings;
    setScanners(s.worklist?.scanners ?? []);
    setIntervalMin(String((s.worklist?.intervalMs ?? 300_000) / 60_000));
    setEmr(s.emr ?? null);
  }, [loaded]);
  const fields = fieldProblems(error);

  async function save(e: FormEvent) {
    e.preventDefault();
    // The header names are shown, never sent back: the server keeps the headers it has.
    const emrBody = emr && Object.fromEntries(Object.entries(emr).filter(([k]) => k !== 'headerNames'));
    const body = {
      ...(scanners.length > 0 && { worklist: { intervalMs: Math.round(Number(intervalMin) * 60_000), scanners } }),
      ...(emr && { emr: emrBody }),
    };
    try {
      await account!.sendJson('PUT', '/api/admin/integration/settings', body);
      setError(null);
      setDone(true);
      void reload();
    } catch (err) {
      setError(err);
      setDone(false);
    }
  }
  const setScanner = (i: number, patch: Partial<WorklistEndpoint>) =>
    setScanners(scanners.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  return (
    <section className="card stack" aria-labelledby="integration-endpoints">
      <h3 id="integration-endpoints">{t('admin.integration.endpoints')}</h3>
      <LoadState loaded={loaded} retry={() => void reload()} />
      {loaded.state === 'ready' && (
        <form className="stack" onSubmit={(e) => void save(e)}>
          {done && (
            <p className="banner" role="status">
              {t('admin.integration.saved')}
            </p>
          )}
          {error !== null && <Problem error={error} />}
          <h4>{t('admin.integration.worklists')}</h4>
          {scanners.length === 0 && <p className="muted">{t('admin.integration.noWorklists')}</p>}
          {scanners.map((s, i) => (
            <fieldset key={i} className="form-grid admin-endpoint">
              {SCANNER_FIELDS.map((f) => (
                <label className="field" key={f}>
                  <span>{t(`admin.integration.${f}`)}</span>
                  <input
                    type={f === 'port' ? 'number' : 'text'}
                    value={String(s[f])}
                    onChange={(e) => setScanner(i, { [f]: f === 'port' ? Number(e.target.value) : e.target.value })}
                  />
                  {fields[`worklist.scanners[${i}].${f}`] && (
                    <span className="error-text">{fields[`worklist.scanners[${i}].${f}`]}</span>
                  )}
                </label>
              ))}
              <button
                type="button"
                className="btn btn-danger"
                onClick={() => setScanners(scanners.filter((_, j) => j !== i))}
              >
                {t('admin.integration.removeScanner')}
              </button>
            </fieldset>
          ))}
          <div className="row">
            <button type="button" className="btn" onClick={() => setScanners([...scanners, { ...NEW_SCANNER }])}>
              {t('admin.integration.addScanner')}
            </button>
            <label className="field admin-inline">
              <span>{t('admin.integration.interval')}</span>
              <input type="number" min={0} value={intervalMin} onChange={(e) => setIntervalMin(e.target.value)} />
            </label>
          </div>
          <h4>{t('admin.integration.emr')}</h4>
          {emr ? (
            <div className="form-grid">
              {EMR_FIELDS.map((f) => (
                <label className="field" key={f}>
                  <span>{t(`admin.integration.${f}`)}</span>
                  <input
                    type="text"
                    value={emr[f]}
                    onChange={(e) => setEmr((x) => x && { ...x, [f]: e.target.value })}
                  />
                  {fields[`emr.${f}`] && <span className="error-text">{fields[`emr.${f}`]}</span>}
                </label>
              ))}
              {(emr.headerNames?.length ?? 0) > 0 && (
                <p className="muted">{t('admin.integration.headersKept', { names: emr.headerNames!.join(', ') })}</p>
              )}
            </div>
          ) : (
            <button
              type="button"
              className="btn"
              onClick={() =>
                setEmr({ url: '', accessionSystem: '', patientSystem: '', userSystem: '', codeSystem: '' })
              }
            >
              {t('admin.integration.addEmr')}
            </button>
          )}
          <p className="muted">
            {t(loaded.data.settings.inbound ? 'admin.integration.inboundOn' : 'admin.integration.inboundOff')}
          </p>
          <div className="row">
            <button type="submit" className="btn btn-primary">
              {t('admin.integration.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
