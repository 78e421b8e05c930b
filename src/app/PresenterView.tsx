// The presenter view of a demo run: the step card and what the patient sees, side by side, so a
// trainer can walk a group through a card and its branches (take the allergy branch, Back, take the
// other) and show the timers at the demo speed. Demo mode only (inside DemoShell, demo database).
// The patient view can move to a second window (a projector, a screen facing the group) and back.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import PatientPage from '../ui/features/patient/PatientPage';
import RunPage from '../ui/features/run/RunPage';
import { DemoFrame } from '../ui/features/trainer/DemoFrame';
import { DemoSpeed } from '../ui/features/trainer/DemoSpeed';
import { openPatientWindow, PatientWindow } from '../ui/features/trainer/PatientWindow';

export default function PresenterView({ id }: { id: string }) {
  const { t } = useTranslation('trainer');
  const [win, setWin] = useState<Window | null>(null);
  const [blocked, setBlocked] = useState(false);
  const detach = () => {
    const w = openPatientWindow();
    setBlocked(!w);
    setWin(w);
  };
  return (
    <div className="stack" data-presenter>
      <div className="row presenter-bar">
        <h1>{t('presenter.title')}</h1>
        <span className="spacer" />
        <DemoSpeed />
        <button
          type="button"
          className="btn"
          onClick={win ? () => setWin(null) : detach}
          data-patient-window={Boolean(win)}
        >
          {t(win ? 'presenter.attach' : 'presenter.detach')}
        </button>
        <Link href={`/run/${id}`} className="btn">
          {t('presenter.leave')}
        </Link>
      </div>
      <p className="muted">{t('presenter.intro')}</p>
      {blocked && (
        <p className="banner banner-warn" role="alert">
          {t('presenter.blocked')}
        </p>
      )}
      <div className="presenter-panes">
        <section aria-label={t('presenter.staff')} className="stack">
          <RunPage id={id} />
        </section>
        <section aria-label={t('presenter.patient')} className="presenter-patient" data-presenter-patient>
          {win ? (
            <p className="card muted" data-patient-elsewhere>
              {t('presenter.inWindow')}
            </p>
          ) : (
            <PatientPage id={id} embedded />
          )}
        </section>
      </div>
      {win && (
        <PatientWindow win={win} title={t('presenter.windowTitle')} onClosed={() => setWin(null)}>
          <DemoFrame floating>
            <PatientPage id={id} embedded />
          </DemoFrame>
        </PatientWindow>
      )}
    </div>
  );
}
