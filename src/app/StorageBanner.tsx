// Warns when the browser would not make storage persistent (it may then evict data under
// pressure) or when space is running low. Everything stored stays stored; this is a warning.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLowOnSpace, requestPersistentStorage, type StorageHealth } from '../db/storage-health';

export function StorageBanner() {
  const { t } = useTranslation();
  const [health, setHealth] = useState<StorageHealth | null>(null);
  useEffect(() => {
    void requestPersistentStorage().then(setHealth);
  }, []);
  if (!health) return null;
  if (health.persisted === false)
    return (
      <p className="banner banner-warn" role="status" data-storage="not-persistent">
        {t('storage.notPersistent')}
      </p>
    );
  if (isLowOnSpace(health))
    return (
      <p className="banner banner-warn" role="status">
        {t('storage.low')}
      </p>
    );
  return null;
}
