import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { RunRow } from '../../../db/db';
import { formatWaiting, waitingMs } from '../../../domain/triage/triage';
import type { SopLookup } from '../../../db/runs.repo';
import { PriorityBadge } from '../../components/PriorityBadge';
import { TimerBadge } from '../../components/TimerBadge';

/** One run on the worklist: priority, who, which card and step, waiting time, running timers. */
export function WorklistItem({ row, now, lookup }: { row: RunRow; now: number; lookup: SopLookup }) {
  const { t } = useTranslation();
  const { header } = row;
  const ctx = row.state.context;
  const sop = lookup(header.sop.id, header.sop.version);
  const step = sop?.steps.find((s) => s.id === ctx.path.at(-1));
  const wait = formatWaiting(waitingMs(header.arrivedAt, now));
  const timers = Object.values(ctx.timers).filter((tm) => tm && tm.stoppedAt === undefined);
  return (
    <Link
      href={`/run/${row.id}`}
      className={`card worklist-item p-${header.kind === 'qc' ? 'qc' : header.priority}`}
      data-run={row.id}
    >
      <div>
        {header.kind === 'qc' ? (
          <span className="badge badge-qc">{t('worklist.qc')}</span>
        ) : (
          <PriorityBadge priority={header.priority} />
        )}
      </div>
      <div className="stack" style={{ gap: 4 }}>
        <span className="who">{header.patient ? header.patient.name || header.patient.patientId : header.scanner}</span>
        <span className="muted">
          {sop ? t(sop.title, { ns: 'sop' }) : header.sop.id} · {header.scanner}
          {step ? ` · ${t(step.title, { ns: 'sop' })}` : ''}
        </span>
        {row.rejectedEventIds?.length ? <span className="badge badge-urgent">{t('worklist.needsReview')}</span> : null}
        {timers.length > 0 && (
          <div className="row">{timers.map((tm) => tm && <TimerBadge key={tm.id} timer={tm} now={now} />)}</div>
        )}
      </div>
      <div className="waiting" aria-label={t('worklist.waitingLabel')}>
        {wait.hours
          ? t('worklist.waitingHours', { h: wait.hours, m: wait.minutes })
          : t('worklist.waitingMinutes', { m: wait.minutes })}
      </div>
    </Link>
  );
}
