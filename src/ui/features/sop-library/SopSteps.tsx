// A card's steps to read before using it: each step with its items (what kind of answer, required
// or not, filled in, waiting for a timer) and where it may lead. Read-only.
import { useTranslation } from 'react-i18next';
import type { SopDefinition, SopItem } from '../../../domain/sop/sop.schema';
import { possibleTargets } from '../../../domain/sop/sop.index';

export function SopSteps({ sop }: { sop: SopDefinition }) {
  const { t } = useTranslation();
  const title = (id: string) =>
    id === 'complete' ? t('library.complete') : t(sop.steps.find((s) => s.id === id)?.title ?? id, { ns: 'sop' });
  return (
    <details className="sop-steps" data-sop-steps>
      <summary>{t('library.readSteps', { count: sop.steps.length })}</summary>
      <ol>
        {sop.steps.map((step) => (
          <li key={step.id} data-step={step.id}>
            <strong>{t(step.title, { ns: 'sop' })}</strong>
            {step.body && <p className="muted small">{t(step.body, { ns: 'sop' })}</p>}
            <ul>
              {step.items.map((item) => (
                <li key={item.id}>
                  {t(item.label, { ns: 'sop' })} <span className="muted small">({describeItem(item, t)})</span>
                </li>
              ))}
            </ul>
            <p className="small">
              {t('library.mayGoTo', { steps: possibleTargets(step).map(title).join(' / ') })}
              {step.skippable && ` · ${t('library.skippable')}`}
              {step.emergencySkip && ` · ${t('library.fastPath')}`}
            </p>
          </li>
        ))}
      </ol>
    </details>
  );
}

function describeItem(item: SopItem, t: ReturnType<typeof useTranslation>['t']): string {
  const kind =
    item.kind === 'number'
      ? t('library.kind.number', { unit: item.unit })
      : item.kind === 'choice'
        ? t('library.kind.choice', { options: item.options.map((o) => t(o.label, { ns: 'sop' })).join(', ') })
        : t(`library.kind.${item.kind}`);
  return [
    kind,
    item.required && t('library.required'),
    item.requiredWhen && t('library.requiredWhen'),
    item.afterTimer && t('library.afterTimer', { timer: t(`timer.${item.afterTimer}`) }),
    item.prefill && t('library.prefilled'),
  ]
    .filter(Boolean)
    .join(' · ');
}
