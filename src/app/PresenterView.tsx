// The presenter view of a demo run: the step card and what the patient sees, side by side, so a
// trainer can walk a group through a card and its branches (take the allergy branch, Back, take the
// other) and show the timers at the demo speed. Demo mode only (inside DemoShell, demo database).
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import PatientPage from '../ui/features/patient/PatientPage';
import RunPage from '../ui/features/run/RunPage';
import { DemoSpeed } from '../ui/features/trainer/DemoSpeed';

export default function PresenterView({ id }: { id: string }) {
  const { t } = useTranslation('trainer');
  return (
    <div className="stack" data-presenter>
      <div className="row presenter-bar">
        <h1>{t('presenter.title')}</h1>
        <span className="spacer" />
        <DemoSpeed />
        <Link href={`/run/${id}`} className="btn">
          {t('presenter.leave')}
        </Link>
      </div>
      <p className="muted">{t('presenter.intro')}</p>
      <div className="presenter-panes">
        <section aria-label={t('presenter.staff')} className="stack">
          <RunPage id={id} />
        </section>
        <section aria-label={t('presenter.patient')} className="presenter-patient" data-presenter-patient>
          <PatientPage id={id} embedded />
        </section>
      </div>
    </div>
  );
}
