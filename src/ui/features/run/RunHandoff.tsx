// The exam record's hand-off to the EMR on a booked run's record: sent and acknowledged at (time),
// waiting, failing (with the EMR's words) or refused, and the 15-minute report hand-off clock as
// the EMR's acknowledgement decides it (domain/integration/emr-handoff), not the tick box.
import { useTranslation } from 'react-i18next';
import { handoffByAck, handoffNote } from '../../../domain/integration/emr-handoff';
import type { TimerState } from '../../../domain/timers/timers';
import { TimerBadge } from '../../components/TimerBadge';
import { formatTime } from '../../format';
import { useHandoff, type HandoffRead } from './use-handoff';

type Props = { read: HandoffRead; timer: TimerState | undefined; now: number };

export function RunHandoff({ read, timer, now }: Props) {
  const { t } = useTranslation();
  const h = read.state === 'known' ? read.handoff : undefined;
  const note = h && handoffNote(h);
  const clock = timer && (read.state === 'known' ? handoffByAck(timer, h) : timer);
  return (
    <section className="card stack" aria-labelledby="handoff-title" data-handoff={note ?? read.state}>
      <h3 id="handoff-title">{t('handoff.title')}</h3>
      <p className={note === 'failing' || note === 'refused' || read.state === 'error' ? 'banner banner-error' : ''}>
        {read.state === 'loading' && t('handoff.loading')}
        {read.state === 'notSent' && t('handoff.notSent')}
        {read.state === 'error' && t('handoff.error', { message: read.message })}
        {note === 'acknowledged' && t('handoff.acknowledged', { time: formatTime(h!.acknowledgedAt!) })}
        {note === 'waiting' && t('handoff.waiting')}
        {note === 'failing' && t('handoff.failing', { attempts: h!.attempts, error: h!.lastError ?? '—' })}
        {note === 'refused' && t('handoff.refused', { error: h!.lastError ?? '—' })}
      </p>
      {clock && <TimerBadge timer={clock} now={now} />}
    </section>
  );
}

/** On a booked run's record: asks the server, shows the hand-off (nothing for an unbooked run or offline tests). */
export function BookedRunHandoff({ runId, timer, now }: { runId: string; timer: TimerState | undefined; now: number }) {
  const read = useHandoff(runId, true);
  return read ? <RunHandoff read={read} timer={timer} now={now} /> : null;
}
