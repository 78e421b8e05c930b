// Scanner warm-up (preheat): "power on" starts the standard's clock, "ready" stops it.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { scannerStates } from '../../../db/runs.queries';
import { StorageFullError } from '../../../db/storage-errors';
import type { Scanner } from '../../../domain/scanners/scanner';
import { useServices } from '../../services';
import { ScannerRow } from './ScannerRow';

export function ScannerPanel({ now }: { now: number }) {
  const { db, scanners, runs } = useServices();
  const { t } = useTranslation();
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
        />
      ))}
    </section>
  );
}
