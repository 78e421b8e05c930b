// A scanner's QC schedule (done green, due amber, overdue red) and the flags that make starting an
// exam on it need an override: shown on the worklist and on the quality screen alike. Due times are
// shown in the site's zone (the one the windows are computed in), not the tablet's.
import { useTranslation } from 'react-i18next';
import type { QualityState } from '../../domain/quality/quality.projection';
import { qcDue, scannerFlags } from '../../domain/quality/quality.status';
import { formatTime } from '../format';

type Props = { state: QualityState; scannerId: string; now: number; timeZone: string };

export function QcDueBadges({ state, scannerId, now, timeZone }: Props) {
  const { t } = useTranslation();
  return (
    <>
      {qcDue(state, scannerId, now, timeZone).map((d) => (
        <span key={d.set.setId} className={`due due-${d.status}`} data-due={d.status}>
          {`${d.set.label}: ${t(`quality.due.${d.status}`)}${d.status === 'done' ? '' : ` (${formatTime(d.window.deadline, timeZone)})`}`}
        </span>
      ))}
    </>
  );
}

export function ScannerFlags({ state, scannerId, now, timeZone }: Props) {
  const { t } = useTranslation();
  return (
    <>
      {scannerFlags(state, scannerId, now, timeZone).map((f) => (
        <span key={f} className="due due-overdue" data-flag={f}>
          {t(`quality.flag.${f}`)}
        </span>
      ))}
    </>
  );
}
