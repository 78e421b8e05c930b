import type { TFunction } from 'i18next';
import type { SyncStatus } from '../../../sync/sync-controller';

/** One short phrase for the sync state, and how worried to look. */
export function syncLabel(s: SyncStatus, t: TFunction): { text: string; tone: 'ok' | 'busy' | 'warn' | 'error' } {
  if (s.state === 'not-enrolled') return { text: t('sync.notEnrolled'), tone: 'warn' };
  if (s.state === 'signed-out')
    return { text: s.pending ? t('sync.pending', { count: s.pending }) : t('sync.synced'), tone: 'busy' };
  if (s.state === 'error')
    return {
      text: s.update === 'server' ? t('sync.updateServer') : s.update === 'app' ? t('sync.updateApp') : t('sync.error'),
      tone: 'error',
    };
  if (!s.online || s.state === 'offline')
    return { text: s.pending ? t('sync.offlinePending', { count: s.pending }) : t('sync.offline'), tone: 'warn' };
  if (s.state === 'syncing') return { text: t('sync.syncing'), tone: 'busy' };
  if (s.attention) return { text: t('sync.attention', { count: s.attention }), tone: 'warn' };
  if (s.pending) return { text: t('sync.pending', { count: s.pending }), tone: 'busy' };
  return { text: t('sync.synced'), tone: 'ok' };
}
