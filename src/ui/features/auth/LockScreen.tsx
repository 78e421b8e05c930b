// The locked tablet: no patient details at all, only the running timers (scanner, card and time)
// so due alarms are still seen and heard; unlock with the same user's PIN, or switch user.
import { useLiveQuery } from 'dexie-react-hooks';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Session, SessionState } from '../../../auth/session';
import type { ScanCardDb } from '../../../db/db';
import { activeRunSummaries, scannerStates } from '../../../db/runs.queries';
import { DEFAULT_SCANNERS } from '../../../domain/scanners/scanner';
import { CARD_TITLES } from '../../../sops/card-titles';
import { PinPad } from '../../components/PinPad';
import { TimerBadge } from '../../components/TimerBadge';
import { useDueAlarms } from '../../hooks/use-due-alarms';
import { useNow } from '../../hooks/use-now';
import { signInErrorText } from './sign-in-error';

type Props = { db: ScanCardDb; session: Session; state: Extract<SessionState, { phase: 'locked' }> };

export function LockScreen({ db, session, state }: Props) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const runs = useLiveQuery(() => activeRunSummaries(db), [db]) ?? [];
  const scanners = useLiveQuery(() => scannerStates(db), [db]) ?? [];
  const running = [
    ...runs.flatMap((r) =>
      r.summary.timers
        .filter((tm) => tm.stoppedAt === undefined)
        .map((tm) => ({
          key: `${r.id}:${tm.id}`,
          tm,
          where: `${r.summary.scanner} · ${cardTitle(r.summary.sop.id, t)}`,
        })),
    ),
    ...scanners.flatMap((s) =>
      s.warmup && s.warmup.stoppedAt === undefined
        ? [{ key: s.scannerId, tm: s.warmup, where: scannerLabel(s.scannerId) }]
        : [],
    ),
  ];
  // Due timers sound here too, and repeat: the lock hides who the patient is, never that a timer is due.
  // Acknowledging needs a person, so it is done after unlocking.
  const unacknowledged = useDueAlarms(db, DEFAULT_SCANNERS, now).filter((d) => !d.ack);
  return (
    <div className="lock-screen" data-locked>
      <section className="card stack auth-card" aria-labelledby="lock-title">
        <h1 id="lock-title">{t('auth.lockedTitle')}</h1>
        <p className="muted">{t('auth.lockedBy', { name: state.user.displayName })}</p>
        {state.error && (
          <p className="banner banner-error" role="alert">
            {signInErrorText(state.error, t)}
          </p>
        )}
        <PinPad label={t('auth.unlockWith')} busy={state.busy} onSubmit={(secret) => void session.unlock(secret)} />
        <button type="button" className="btn" onClick={() => session.signOut()}>
          {t('auth.switchUser')}
        </button>
      </section>
      {running.length > 0 && (
        <section className="card stack" aria-labelledby="lock-timers">
          <h2 id="lock-timers">{t('auth.runningTimers')}</h2>
          {unacknowledged.length > 0 && (
            <p className="banner banner-error" role="alert">
              {t('auth.unlockToAcknowledge')}
            </p>
          )}
          {running.map(({ key, tm, where }) => (
            <div key={key} className="row">
              <TimerBadge timer={tm} now={now} />
              <span className="muted">{where}</span>
            </div>
          ))}
        </section>
      )}
    </div>
  );
}

const scannerLabel = (id: string) => DEFAULT_SCANNERS.find((s) => s.id === id)?.label ?? id;

/** The card's title from the start-up texts: the cards themselves load with the signed-in app. */
function cardTitle(id: string, t: TFunction): string {
  const key = CARD_TITLES[id];
  return key ? t(key, { ns: 'sop' }) : id; // an imported card: its id (its texts come with the library)
}
