// Scanner warm-up (preheat): "power on" starts the standard's clock, "ready" stops it. Beside each
// scanner, its QC due status and the flags that make an exam on it need an override.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { scannerStates } from '../../../db/runs.queries';
import { StorageFullError } from '../../../db/storage-errors';
import type { QualityState } from '../../../domain/quality/quality.projection';
import { siteScanners } from '../../../domain/quality/quality.status';
import type { Scanner } from '../../../domain/scanners/scanner';
import { QcDueBadges, ScannerFlags } from '../../components/QcDueBadges';
import { useSiteTimeZone } from '../../hooks/use-site-time-zone';
import { useServices } from '../../services';
import { ScannerRow } from './ScannerRow';

export function ScannerPanel({ now, quality }: { now: number; quality: QualityState | undefined }) {
  const { db, scanners: builtIn, runs } = useServices();
  const scanners = quality ? siteScanners(quality, builtIn) : builtIn;
  const { t } = useTranslation();
  const timeZone = useSiteTimeZone();
  const rows = useLiveQuery(() => scannerStates(db), [db]);
  const [error, setError] = useState<string | null>(null);
  const send = (scanner: Scanner, type: 'powerOn' | 'ready') =>
    runs.scannerCommand(scanner, { type }).then(
      () => setError(null),
      (e: unknown) =>
        setError(
          e instanceof StorageFullError ? t('error.storageFull') : t('error.saveFailed', { message: String(e) }),
        ),
    );
  return (
    <section className="card stack" aria-labelledby="scanners-title">
      <h2 id="scanners-title">{t('scanner.title')}</h2>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {scanners.map((scanner) => (
        <ScannerRow
          key={scanner.id}
          scanner={scanner}
          warmup={rows?.find((r) => r.scannerId === scanner.id)?.warmup}
          now={now}
          onPowerOn={() => void send(scanner, 'powerOn')}
          onReady={() => void send(scanner, 'ready')}
        >
          {quality && (
            <div className="row" style={{ gap: 6 }} data-qc={scanner.id}>
              <QcDueBadges state={quality} scannerId={scanner.id} now={now} timeZone={timeZone} />
              <ScannerFlags state={quality} scannerId={scanner.id} now={now} timeZone={timeZone} />
            </div>
          )}
        </ScannerRow>
      ))}
    </section>
  );
}
