// Watches every running timer on the tablet, whatever screen is open. A due timer is an alarm: a
// large red panel with the timer, how far over, the scanner and card, a glove-sized "Acknowledge"
// (recorded: who, when, which timer of which run or scanner) and the way to the run. The sound
// repeats until someone acknowledges; an acknowledged alarm stays on screen, small, while it is due.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatCountdown, timerStatus } from '../../../domain/timers/timers';
import { BellIcon } from '../../components/BellIcon';
import { formatTime } from '../../format';
import { useDueAlarms, type DueAlarm } from '../../hooks/use-due-alarms';
import { useNow } from '../../hooks/use-now';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useServices } from '../../services';

/**
 * `silentBanner`: sound only (the patient view shows no staff text). `show`: the alarms still to
 * acknowledge (sticky at the top, with the sound) or those already acknowledged (in the page, quiet).
 */
export function AlarmWatcher({
  silentBanner = false,
  show = 'due',
}: {
  silentBanner?: boolean;
  show?: 'due' | 'acknowledged';
}) {
  const { db, scanners, account } = useServices();
  const { t } = useTranslation();
  const now = useNow(1000);
  const all = useDueAlarms(db, scanners, now, show === 'due', account);
  const due = all.filter((d) => (show === 'due' ? !d.ack : d.ack));
  if (!due.length || silentBanner) return null;
  return (
    <section
      className={`alarms${show === 'acknowledged' ? ' alarms-acknowledged' : ''}`}
      aria-label={t(show === 'due' ? 'alarm.title' : 'alarm.acknowledgedTitle')}
      data-alarm={show}
    >
      {due.map((d) => (
        <AlarmRow key={d.key} alarm={d} now={now} />
      ))}
    </section>
  );
}

function AlarmRow({ alarm, now }: { alarm: DueAlarm; now: number }) {
  const { t } = useTranslation();
  const { runs, user, account } = useServices();
  const library = useSopLibrary();
  const [error, setError] = useState<string | null>(null);
  const { timer, ack } = alarm;
  const over = formatCountdown(-timerStatus(timer, now).remainingMs);
  const what = t(timer.kind === 'wait' ? 'alarm.waitOver' : 'alarm.overdue', {
    timer: t(`timer.${timer.id}`),
    time: over,
  });
  const sop = alarm.sop && library?.lookup(alarm.sop.id, alarm.sop.version);
  const where = [alarm.scanner, sop && t(sop.title, { ns: 'sop' })].filter(Boolean).join(' · ');
  const acknowledge = () =>
    runs
      .acknowledgeAlarm(
        // Language-neutral, so the audit trail reads the same whatever the staff language was.
        { key: alarm.key, subject: alarm.subject, detail: alarmDetail(alarm, over) },
        account?.displayName ?? user,
      )
      .then(
        () => setError(null),
        (e: unknown) => setError(t('error.saveFailed', { message: e instanceof Error ? e.message : String(e) })),
      );
  const open = (
    <Link href={alarm.href} className="btn">
      {t(alarm.href === '/' ? 'alarm.openWorklist' : 'alarm.openRun')}
    </Link>
  );
  if (ack)
    return (
      <div className="alarm alarm-acked" role="status" data-alarm-key={alarm.key} data-acknowledged>
        <BellIcon size={22} />
        <span className="alarm-text">
          <strong>{what}</strong> · {where}
          <span className="small"> — {t('alarm.acknowledgedBy', { name: ack.name, time: formatTime(ack.at) })}</span>
        </span>
        {open}
      </div>
    );
  return (
    <div
      className={`alarm ${timer.kind === 'wait' ? 'alarm-wait' : 'alarm-due'}`}
      role="alert"
      data-alarm-key={alarm.key}
    >
      <span className="alarm-icon">
        <BellIcon />
      </span>
      <span className="alarm-text">
        <strong className="alarm-what">{what}</strong>
        <span>{where}</span>
        {error && <span className="small">{error}</span>}
      </span>
      {open}
      <button type="button" className="btn btn-big alarm-ack" onClick={() => void acknowledge()}>
        {t('alarm.acknowledge')}
      </button>
    </div>
  );
}

/** "emergencyResponse · CT 1 · emergency-head-ct@2 · over 0:12" */
function alarmDetail(alarm: DueAlarm, over: string): string {
  const card = alarm.sop ? [`${alarm.sop.id}@${alarm.sop.version}`] : [];
  return [alarm.timer.id, alarm.scanner, ...card, `over ${over}`].join(' · ');
}
