// Demo mode's start screen: any card in the library with one of the six sample patients, the demo
// runs so far, the demo clock's speed, and one tap to wipe them all. Lives on the demo database.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { activeRuns } from '../../../db/runs.queries';
import { SAMPLE_PATIENTS, type SamplePatientId } from '../../../domain/training/sample-patients';
import { Loading } from '../../components/Loading';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useServices } from '../../services';
import { DemoSpeed } from './DemoSpeed';

export default function DemoHome() {
  const { t } = useTranslation('trainer');
  const { t: sopT } = useTranslation('sop');
  const { runs, db, vault, demo, scanners, timerRules } = useServices();
  const library = useSopLibrary();
  const demoRuns = useLiveQuery(() => activeRuns(db, vault), [db, vault]);
  const [, navigate] = useLocation();
  const [patientId, setPatientId] = useState<SamplePatientId>('adult');
  const [sopId, setSopId] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!library || !demo) return <Loading />;
  const sample = SAMPLE_PATIENTS.find((p) => p.id === patientId)!;
  const cards = library.latest;
  const chosen = cards.find((c) => c.id === (sopId ?? sample.suggestedSop)) ?? cards[0]!;

  async function start() {
    setBusy(true);
    try {
      const id = await runs.createRun({
        kind: chosen.kind,
        sop: { id: chosen.id, version: chosen.version },
        priority: sample.priority,
        scanner: scanners.find((s) => s.modality === chosen.modality)?.id ?? scanners[0]!.id,
        timerRules,
        ...(chosen.kind === 'exam' && { patient: sample.patient }),
      });
      navigate(`/run/${id}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <h1>{t('demo.title')}</h1>
      <p className="muted">{t('demo.intro')}</p>
      <div className="grid-2">
        <section className="card stack" aria-labelledby="demo-start">
          <h2 id="demo-start">{t('demo.start')}</h2>
          <fieldset className="stack">
            <legend>{t('demo.patient')}</legend>
            <div className="choice-row">
              {SAMPLE_PATIENTS.map((p) => (
                <button
                  key={p.id}
                  type="button"
                  className="btn"
                  aria-pressed={p.id === patientId}
                  onClick={() => (setPatientId(p.id), setSopId(undefined))}
                >
                  {t(`sample.${p.id}`)}
                </button>
              ))}
            </div>
          </fieldset>
          <label className="stack">
            <span>{t('demo.card')}</span>
            <select value={chosen.id} onChange={(e) => setSopId(e.target.value)}>
              {cards.map((c) => (
                <option key={c.id} value={c.id}>
                  {sopT(c.title)} (v{c.version})
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void start()}>
            {t('demo.startButton')}
          </button>
        </section>
        <aside className="card stack" aria-labelledby="demo-runs">
          <h2 id="demo-runs">{t('demo.runs')}</h2>
          {demoRuns === undefined ? (
            <Loading />
          ) : demoRuns.length === 0 ? (
            <p className="muted">{t('demo.noRuns')}</p>
          ) : (
            <ul className="stack demo-run-list">
              {demoRuns.map((r) => (
                <li key={r.id}>
                  <Link href={`/run/${r.id}`}>
                    {sopT(library.lookup(r.header.sop.id, r.header.sop.version)?.title ?? r.header.sop.id)} ·{' '}
                    {r.header.patient?.name ?? r.header.scanner}
                  </Link>{' '}
                  <Link href={`/run/${r.id}/present`} className="small" data-present={r.id}>
                    {t('demo.present')}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <DemoSpeed />
          <button type="button" className="btn btn-danger" onClick={() => void demo.wipe()}>
            {t('demo.wipe')}
          </button>
          <Link href="/practice" className="btn btn-primary">
            {t('demo.practice')}
          </Link>
          <Link href="~/" className="btn">
            {t('demo.leave')}
          </Link>
        </aside>
      </div>
    </div>
  );
}
