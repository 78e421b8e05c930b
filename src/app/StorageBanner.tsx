// Warns when the browser would not make storage persistent (it may then evict data under
// pressure) or when space is running low. Everything stored stays stored; this is a warning.
// Until acknowledged it shows on every screen; after "Got it", only on the worklist (one line) and
// in Settings, so it does not take 60 px of every step card for the rest of the tablet's life.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { isLowOnSpace, requestPersistentStorage, type StorageHealth } from '../db/storage-health';

const SEEN_KEY = 'scancard.storageWarningSeen';

export function StorageBanner() {
  const { t } = useTranslation();
  const [location] = useLocation();
  const [health, setHealth] = useState<StorageHealth | null>(null);
  const [seen, setSeen] = useState(() => globalThis.localStorage?.getItem(SEEN_KEY) === '1');
  useEffect(() => {
    void requestPersistentStorage().then(setHealth);
  }, []);
  if (!health) return null;
  const text = health.persisted === false ? t('storage.notPersistent') : isLowOnSpace(health) ? t('storage.low') : null;
  if (!text) return null;
  const where = location === '/' ? 'worklist' : location.startsWith('/settings') ? 'settings' : 'other';
  if (seen && where === 'other') return null;
  const dismiss = () => {
    globalThis.localStorage?.setItem(SEEN_KEY, '1');
    setSeen(true);
  };
  return (
    <p
      className={`banner banner-warn${seen && where === 'worklist' ? ' banner-compact' : ''}`}
      role="status"
      data-storage={health.persisted === false ? 'not-persistent' : 'low'}
    >
      <span>{text}</span>
      {!seen && (
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={dismiss}>
            {t('storage.gotIt')}
          </button>
        </>
      )}
    </p>
  );
}
