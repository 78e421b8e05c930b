// Today's worklist: active runs in triage order (emergency first, then arrival), live waiting
// times and countdowns; scanner warm-ups beside it; today's finished runs below.
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { activeRuns, closedRunsSince } from '../../../db/runs.queries';
import { sortWorklist } from '../../../domain/triage/triage';
import { Loading } from '../../components/Loading';
import { startOfDay, formatTime } from '../../format';
import { useNow } from '../../hooks/use-now';
import { useQuality } from '../../hooks/use-quality';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useServices } from '../../services';
import { useScheduled } from '../../hooks/use-scheduled';
import { useEmrClocks } from '../../hooks/use-emr-clocks';
import { EmrHandoffs } from './EmrHandoffs';
import { ScannerPanel } from './ScannerPanel';
import { ScheduledList } from './ScheduledList';
import { WorklistItem } from './WorklistItem';

export default function WorklistPage() {
  const { db, vault, account } = useServices();
  const { t } = useTranslation();
  const now = useNow(1000);
  const active = useLiveQuery(() => activeRuns(db, vault), [db, vault]);
  const dayStart = startOfDay(now); // changes at midnight, so the query rolls over with the day
  const closed = useLiveQuery(() => closedRunsSince(db, vault, dayStart), [db, vault, dayStart]);
  const library = useSopLibrary();
  const quality = useQuality();
  const scheduled = useScheduled();
  const emr = useEmrClocks(db, now, account);
  const started = new Set(
    [...(active ?? []), ...(closed ?? [])].flatMap((r) => r.header.booking?.accessionNumber ?? []),
  );
  const ready = active !== undefined && library !== undefined;
  const runs = ready
    ? sortWorklist(active.map((r) => ({ ...r, priority: r.header.priority, arrivedAt: r.header.arrivedAt })))
    : [];
  return (
    <div className="grid-2">
      <section className="stack" aria-labelledby="worklist-title">
        <div className="row">
          <h1 id="worklist-title">{t('worklist.title')}</h1>
          <span className="spacer" />
          <Link href="/new?kind=qc" className="btn">
            {t('worklist.newQc')}
          </Link>
          <Link href="/new" className="btn btn-primary btn-big">
            ＋ {t('worklist.newRun')}
          </Link>
        </div>
        {!ready ? (
          <Loading />
        ) : runs.length === 0 ? (
          <p className="card muted">{t('worklist.empty')}</p>
        ) : (
          runs.map((r) => <WorklistItem key={r.id} row={r} now={now} lookup={library.lookup} />)
        )}
        {library && <ScheduledList scheduled={scheduled} cards={library.latest} started={started} />}
        {library && <EmrHandoffs clocks={emr} now={now} lookup={library.lookup} />}
        {closed && closed.length > 0 && (
          <details className="card">
            <summary style={{ minHeight: 48, cursor: 'pointer', fontWeight: 700 }}>
              {t('worklist.closedToday', { count: closed.length })}
            </summary>
            <ul>
              {closed.map((r) => (
                <li key={r.id}>
                  <Link href={`/run/${r.id}`}>
                    {formatTime(r.updatedAt)} · {r.header.patient?.patientId ?? r.header.scanner} ·{' '}
                    {t(`status.${r.status}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
      <ScannerPanel now={now} quality={quality} />
    </div>
  );
}
