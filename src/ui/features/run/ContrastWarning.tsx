// On a contrast card's screening step: the patient had a moderate or severe contrast reaction
// recorded (an adverse-event report, amendments applied), so the screening shows it with its date,
// type and severity before anyone decides on contrast.
import { useTranslation } from 'react-i18next';
import { contrastWarnings } from '../../../domain/quality/quality.status';
import { formatDateTime } from '../../format';
import { useQuality } from '../../hooks/use-quality';

export function ContrastWarning({ patientId, runId }: { patientId: string; runId: string }) {
  const { t } = useTranslation();
  const quality = useQuality();
  const prior = quality && contrastWarnings(quality).get(patientId);
  if (!prior || prior.current.runId === runId) return null;
  const c = prior.current.contrast;
  return (
    <p className="banner banner-error" role="alert" data-contrast-warning>
      <strong>{t('run.contrastWarning.title')}</strong>{' '}
      {t('run.contrastWarning.body', {
        date: formatDateTime(prior.current.occurredAt),
        severity: c?.severity ? t(`quality.adverse.severity.${c.severity}`) : '',
        type: c?.reactionType ? t(`quality.adverse.reaction.${c.reactionType}`) : '',
        agent: c?.agent ?? '—',
      })}
    </p>
  );
}
