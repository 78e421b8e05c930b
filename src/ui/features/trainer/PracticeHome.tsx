// Scored practice: the trainee picks a scenario and works it on the real card in demo mode (sample
// patient, demo database). The trainer plays the patient; the brief and the traps say how.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { SAMPLE_PATIENTS } from '../../../domain/training/sample-patients';
import type { TrainingScenario } from '../../../domain/training/scenario.schema';
import { Loading } from '../../components/Loading';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useServices } from '../../services';
import { practiceSession } from './practice-session';
import { scenarioText, useScenarios } from './use-scenarios';

export default function PracticeHome() {
  const { t, i18n } = useTranslation('trainer');
  const { runs, scanners, timerRules, now } = useServices();
  const library = useSopLibrary();
  const scenarios = useScenarios();
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState(false);
  if (!library || !scenarios) return <Loading />;

  async function start(s: TrainingScenario) {
    const sop =
      s.sop.version === undefined
        ? library!.latest.find((c) => c.id === s.sop.id)
        : library!.lookup(s.sop.id, s.sop.version);
    const sample = SAMPLE_PATIENTS.find((p) => p.id === s.patient)!;
    if (!sop) return;
    setBusy(true);
    try {
      const runId = await runs.createRun({
        kind: sop.kind,
        sop: { id: sop.id, version: sop.version },
        priority: s.priority ?? sample.priority,
        scanner: scanners.find((x) => x.modality === sop.modality)?.id ?? scanners[0]!.id,
        timerRules,
        ...(sop.kind === 'exam' && { patient: sample.patient }),
      });
      practiceSession.begin({ scenario: s, sop: { id: sop.id, version: sop.version }, runId, startedAt: now() });
      navigate(`/run/${runId}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <h1>{t('practice.title')}</h1>
      <p className="muted">{t('practice.intro')}</p>
      <ul className="stack" aria-label={t('practice.scenarios')}>
        {scenarios.ok.map((s) => (
          <li key={s.id} className="card stack" data-scenario={s.id}>
            <h2>{scenarioText(s.title, i18n.language)}</h2>
            <p>{scenarioText(s.brief, i18n.language)}</p>
            {s.traps?.length ? (
              <details>
                <summary>{t('practice.traps')}</summary>
                <ul>
                  {s.traps.map((trap) => (
                    <li key={`${trap.step}.${trap.item}`}>{scenarioText(trap.note, i18n.language)}</li>
                  ))}
                </ul>
              </details>
            ) : null}
            <p className="small muted">{t('practice.passMark', { mark: s.passMark ?? 80 })}</p>
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void start(s)}>
              {t('practice.start')}
            </button>
          </li>
        ))}
      </ul>
      {scenarios.broken.length > 0 && (
        <section className="banner banner-warn" role="status">
          <p>{t('practice.broken')}</p>
          <ul>
            {scenarios.broken.map((b) => (
              <li key={b.file}>
                {b.file}: {b.problems.join('; ')}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
