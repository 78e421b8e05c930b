// A trainer note beside the step card, in demo mode only: why the step exists and the mistake it
// prevents (locales/<lng>/trainer.json, key "<card id>.<step id>").
import { useTranslation } from 'react-i18next';

export function TrainerNote({ sopId, stepId }: { sopId: string; stepId: string }) {
  const { t, i18n, ready } = useTranslation('trainer');
  const key = `${sopId}.${stepId}`;
  if (!ready || !i18n.exists(key, { ns: 'trainer' })) return null; // imported cards have none yet
  return (
    <aside className="trainer-note" aria-label={t('note.label')}>
      <strong>{t('note.label')}</strong> {t(key)}
    </aside>
  );
}
