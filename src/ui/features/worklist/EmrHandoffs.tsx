// Today's booked exams whose record goes to the EMR, on the worklist: each report hand-off clock as
// the EMR's acknowledgement decides it (running while the record waits, stopped at the EMR's time),
// with what the server's outbox says. Summaries only: scanner and card, no patient.
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { handoffNote } from '../../../domain/integration/emr-handoff';
import type { SopLookup } from '../../../db/runs.repo';
import { TimerBadge } from '../../components/TimerBadge';
import { formatTime } from '../../format';
import type { EmrClock } from '../../hooks/use-emr-clocks';

export function EmrHandoffs({ clocks, now, lookup }: { clocks: readonly EmrClock[]; now: number; lookup: SopLookup }) {
  const { t } = useTranslation();
  if (!clocks.length) return null;
  return (
    <section className="card stack" aria-labelledby="emr-handoffs-title" data-emr-handoffs>
      <h2 id="emr-handoffs-title">{t('handoff.worklistTitle')}</h2>
      <ul className="stack" style={{ gap: 8 }}>
        {clocks.map((c) => {
          const note = handoffNote(c.handoff);
          const sop = lookup(c.sop.id, c.sop.version);
          return (
            <li key={c.runId} data-emr-handoff={note}>
              <Link href={`/run/${c.runId}`} className="row">
                <span>
                  {c.scanner}
                  {sop ? ` · ${t(sop.title, { ns: 'sop' })}` : ''} ·{' '}
                  {note === 'acknowledged'
                    ? t('handoff.acknowledgedShort', { time: formatTime(c.handoff.acknowledgedAt!) })
                    : t(`handoff.${note}Short`)}
                </span>
                <TimerBadge timer={c.timer} now={now} />
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
