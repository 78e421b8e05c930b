import { useTranslation } from 'react-i18next';
import type { RunContext } from '../../../domain/run/run.types';
import type { SopDefinition } from '../../../domain/sop/sop.schema';

/** The card's steps with what happened to each: done, current, skipped (with reason), to come. */
export function RunProgress({ sop, ctx, active }: { sop: SopDefinition; ctx: RunContext; active: boolean }) {
  const { t } = useTranslation();
  const current = active ? ctx.path.at(-1) : undefined;
  const skipped = new Set([...ctx.skips.map((s) => s.stepId), ...ctx.fastPaths.flatMap((f) => f.skipped)]);
  const done = new Set(ctx.visits.filter((v) => v.how === 'next').map((v) => v.stepId));
  const onPath = new Set(ctx.path);
  return (
    <ol className="progress" aria-label={t('run.progress')}>
      {sop.steps.map((s) => {
        const state =
          s.id === current
            ? 'current'
            : skipped.has(s.id) && !done.has(s.id)
              ? 'skipped'
              : done.has(s.id) && onPath.has(s.id)
                ? 'done'
                : '';
        return (
          <li key={s.id} className={state} aria-current={state === 'current' ? 'step' : undefined}>
            {state === 'done' ? '✓ ' : ''}
            {t(s.title, { ns: 'sop' })}
          </li>
        );
      })}
    </ol>
  );
}
