// Each scanner's status and QC schedule at a glance: done (green), due (amber), overdue (red), and
// the flags that make starting an exam on it need an override with a reason.
import { useTranslation } from 'react-i18next';
import type { QualityState } from '../../../domain/quality/quality.projection';
import { scannerFlags } from '../../../domain/quality/quality.status';
import { QcDueBadges, ScannerFlags } from '../../components/QcDueBadges';

export function ScannerQcStatus(props: { state: QualityState; now: number; timeZone: string }) {
  const { state, now, timeZone } = props;
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
                  <QcDueBadges {...props} scannerId={e.scannerId} />
                </td>
                <td>{flags.length ? <ScannerFlags {...props} scannerId={e.scannerId} /> : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
