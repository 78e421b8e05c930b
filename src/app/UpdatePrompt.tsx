// A new app version is waiting: ask, never reload by ourselves, and never offer it on a run's
// step card (an update must not interrupt an exam).
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useRegisterSW } from 'virtual:pwa-register/react';

export function UpdatePrompt() {
  const { t } = useTranslation();
  const [location] = useLocation();
  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW();
  if (!needRefresh || location.startsWith('/run/')) return null;
  return (
    <p className="banner banner-info" role="status">
      {t('update.available')}
      <span className="spacer" />
      <button type="button" className="btn btn-primary" onClick={() => void updateServiceWorker(true)}>
        {t('update.reload')}
      </button>
    </p>
  );
}
