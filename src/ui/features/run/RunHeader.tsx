import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunHeader as Header } from '../../../domain/run/run.header';
import type { RunContext } from '../../../domain/run/run.types';
import type { SopDefinition } from '../../../domain/sop/sop.schema';
import { PriorityBadge } from '../../components/PriorityBadge';
import { timerLevel } from '../../../domain/timers/timers';
import { TimerBadge } from '../../components/TimerBadge';
import { useStickyHeight } from '../../hooks/use-sticky-height';

/** Who, what, where, every timer of the run, and its actions: sticky, so none of it scrolls away. */
export function RunHeaderStrip({
  header,
  sop,
  ctx,
  now,
  actions,
}: {
  header: Header;
  sop: SopDefinition;
  ctx: RunContext;
  now: number;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const ref = useStickyHeight('--run-h');
  const p = header.patient;
  // Running timers, and stopped ones that say something (over the standard, ended early); a timer
  // stopped in time is in the record, not in the way at the top of every step.
  const shown = Object.values(ctx.timers).filter(
    (tm): tm is NonNullable<typeof tm> => tm !== undefined && !['done'].includes(timerLevel(tm, now)),
  );
  return (
    <div className="card run-header" data-run-header ref={ref}>
      <div className="row run-header-who">
        {header.kind === 'qc' ? (
          <span className="badge badge-qc">{t('worklist.qc')}</span>
        ) : (
          <PriorityBadge priority={header.priority} />
        )}
        <strong style={{ fontSize: '1.2rem' }}>
          {p ? (p.name ? `${p.name} · ${p.patientId}` : p.patientId) : t('worklist.qc')}
        </strong>
        <span className="muted">
          {t(sop.title, { ns: 'sop' })} · v{sop.version} · {header.scanner}
        </span>
        {actions && <span className="run-header-actions">{actions}</span>}
      </div>
      {shown.length > 0 && (
        <div className="row">
          {shown.map((timer) => (
            <TimerBadge key={timer.id} timer={timer} now={now} />
          ))}
        </div>
      )}
    </div>
  );
}
