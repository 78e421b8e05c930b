// Each scanner's status and QC schedule at a glance: done (green), due (amber), overdue (red), and
// the flags that make starting an exam on it need an override with a reason.
import { useTranslation } from 'react-i18next';
import type { QualityState } from '../../../domain/quality/quality.projection';
import { qcDue, scannerFlags } from '../../../domain/quality/quality.status';
import { formatTime } from '../../format';

export function ScannerQcStatus({ state, now, timeZone }: { state: QualityState; now: number; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <section className="card stack" aria-labelledby="qc-status-title">
      <h2 id="qc-status-title">{t('quality.status.title')}</h2>
      <table className="records">
        <thead>
          <tr>
            <th>{t('quality.scanner')}</th>
            <th>{t('quality.status.equipment')}</th>
            <th>{t('quality.status.qc')}</th>
            <th>{t('quality.status.flags')}</th>
          </tr>
        </thead>
        <tbody>
          {[...state.equipment.values()].map((e) => {
            const flags = scannerFlags(state, e.scannerId, now, timeZone);
            return (
              <tr key={e.scannerId} data-scanner={e.scannerId} data-flagged={flags.length > 0}>
                <th scope="row">{`${e.name} · ${e.modality}${e.room ? ` · ${e.room}` : ''}`}</th>
                <td>
                  {t(`quality.equipmentStatus.${e.status}`)}
                  {e.statusReason && <small className="hint">{e.statusReason}</small>}
                </td>
                <td>
                  {qcDue(state, e.scannerId, now, timeZone).map((d) => (
                    <span key={d.set.setId} className={`due due-${d.status}`} data-due={d.status}>
                      {`${d.set.label}: ${t(`quality.due.${d.status}`)}${d.status === 'done' ? '' : ` (${formatTime(d.window.deadline)})`}`}
                    </span>
                  ))}
                </td>
                <td>
                  {flags.length
                    ? flags.map((f) => (
                        <span key={f} className="due due-overdue" data-flag={f}>
                          {t(`quality.flag.${f}`)}
                        </span>
                      ))
                    : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
