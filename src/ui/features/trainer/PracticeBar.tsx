// While a practice run is open: which scenario it is, and the way to its score.
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { usePracticeSession } from './practice-session';
import { scenarioText } from './use-scenarios';

export function PracticeBar() {
  const { t, i18n } = useTranslation('trainer');
  const session = usePracticeSession();
  if (!session || session.finishedAt !== undefined) return null;
  return (
    <p className="banner banner-info row" data-practice-bar>
      <span>{t('practice.running', { title: scenarioText(session.scenario.title, i18n.language) })}</span>
      <span className="spacer" />
      <Link href="/practice/result" className="btn btn-primary">
        {t('practice.finish')}
      </Link>
    </p>
  );
}
