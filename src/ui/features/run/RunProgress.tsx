import { useTranslation } from 'react-i18next';
import { routeTaken, type StepRouteState } from '../../../domain/run/run.route';
import type { RunContext } from '../../../domain/run/run.types';
import { indexSop } from '../../../domain/sop/sop.index';
import type { SopDefinition } from '../../../domain/sop/sop.schema';

const MARK: Record<StepRouteState['state'], string> = {
  done: '✓',
  current: '▶',
  skipped: '↷',
  fastPath: '⚡',
  toCome: '○',
  notNeeded: '–',
  notReached: '–',
  cancelledHere: '✕',
};

/**
 * The card's steps with the route the run actually took: done, current, skipped (the word and the
 * reason, not only a strike-through), what may still come, and branches it did not need, greyed.
 */
export function RunProgress({ sop, ctx, active }: { sop: SopDefinition; ctx: RunContext; active: boolean }) {
  const { t } = useTranslation();
  const steps = new Map(sop.steps.map((s) => [s.id, s]));
  return (
    <ol className="progress" aria-label={t('run.progress')}>
      {routeTaken(indexSop(sop), ctx, active).map(({ stepId, route }) => {
        const why = 'reason' in route ? route.reason : undefined;
        return (
          <li
            key={stepId}
            className={`route-${route.state}`}
            data-step={stepId}
            data-route={route.state}
            aria-current={route.state === 'current' ? 'step' : undefined}
          >
            <span className="route-mark" aria-hidden>
              {MARK[route.state]}
            </span>
            <span className="route-text">
              <span className="route-title">{t(steps.get(stepId)!.title, { ns: 'sop' })}</span>
              {/* Said in words for everyone (and screen readers): never only a colour or a strike-through. */}
              <span className="route-state">{t(`run.route.${route.state}`, { reason: why })}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
