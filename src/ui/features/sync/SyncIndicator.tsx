// Header badge: synced / pending N / offline / error / not connected. Tap it to see details and
// sync now.
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useSyncStatus } from '../../hooks/use-sync-status';
import { useServices } from '../../services';
import { syncLabel } from './sync-label';

export function SyncIndicator() {
  const { sync } = useServices();
  const { t } = useTranslation();
  const status = useSyncStatus(sync);
  if (!status) return null;
  const { text, tone } = syncLabel(status, t);
  return (
    <Link
      href="/settings"
      className={`sync-badge sync-${tone}`}
      data-sync-state={status.state}
      data-pending={status.pending}
      aria-label={t('sync.badgeLabel', { status: text })}
    >
      <span aria-hidden>{tone === 'ok' ? '✓' : tone === 'busy' ? '↻' : '!'}</span> {text}
    </Link>
  );
}
