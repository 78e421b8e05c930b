// One scanner's warm-up, said in words so no button reads as a status: what the scanner is doing
// now, the one action that fits ("Mark as ready" while warming up, "Power on (start warm-up)"
// otherwise), and the last warm-up's result as a past fact, not as a red alarm beside "Power on".
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Scanner } from '../../../domain/scanners/scanner';
import { formatCountdown, timerStatus, type TimerState } from '../../../domain/timers/timers';
import { TimerBadge } from '../../components/TimerBadge';
import { formatTime } from '../../format';

type Props = {
  scanner: Scanner;
  warmup?: TimerState;
  now: number;
  onPowerOn: () => void;
  onReady: () => void;
  children?: ReactNode; // the scanner's QC due status and flags
};

export function ScannerRow({ scanner, warmup, now, onPowerOn, onReady, children }: Props) {
  const { t } = useTranslation();
  const warming = warmup !== undefined && warmup.stoppedAt === undefined;
  const standard = warmup && formatCountdown(warmup.deadline - warmup.startedAt);
  return (
    <div
      className="scanner-row stack"
      data-scanner={scanner.id}
      data-warmup={warming ? 'warming' : warmup ? 'ready' : 'none'}
    >
      <div className="row">
        <strong className="scanner-name">{scanner.label}</strong>
        <span className={`scanner-state scanner-${warming ? 'warming' : warmup ? 'ready' : 'none'}`}>
          {t(warming ? 'scanner.state.warming' : warmup ? 'scanner.state.ready' : 'scanner.state.none')}
        </span>
        <span className="spacer" />
        {warming ? (
          <button type="button" className="btn btn-primary" onClick={onReady}>
            ✓ {t('scanner.markReady')}
          </button>
        ) : (
          <button type="button" className="btn" onClick={onPowerOn}>
            ⏻ {t('scanner.powerOn')}
          </button>
        )}
      </div>
      {children}
      {warming && <TimerBadge timer={warmup} now={now} />}
      {warmup && !warming && (
        <p className="muted small" style={{ margin: 0 }} data-last-warmup>
          {t(timerStatus(warmup, now).deviation ? 'scanner.lastWarmupOver' : 'scanner.lastWarmupInTime', {
            time: formatCountdown(timerStatus(warmup, now).elapsedMs),
            standard,
            over: formatCountdown(-timerStatus(warmup, now).remainingMs),
            at: formatTime(warmup.stoppedAt!),
          })}
        </p>
      )}
    </div>
  );
}
