import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunHeader as Header } from '../../../domain/run/run.header';
import type { RunContext } from '../../../domain/run/run.types';
import type { SopDefinition } from '../../../domain/sop/sop.schema';
import { PriorityBadge } from '../../components/PriorityBadge';
import { TimerBadge } from '../../components/TimerBadge';

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
  const p = header.patient;
  return (
    <div className="card run-header" data-run-header>
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
      {Object.values(ctx.timers).length > 0 && (
        <div className="row">
          {Object.values(ctx.timers).map((timer) => timer && <TimerBadge key={timer.id} timer={timer} now={now} />)}
        </div>
      )}
    </div>
  );
}
