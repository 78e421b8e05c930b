// The worklist's outline, drawn while the key opens (PBKDF2 takes ~300 ms) and the signed-in app
// loads: the tablet answers the PIN at once with the screen that is coming.
import { useTranslation } from 'react-i18next';

export function WorklistSkeleton() {
  const { t } = useTranslation();
  return (
    <div className="app" aria-busy="true" data-skeleton="worklist">
      <div className="app-top">
        <header className="topbar skeleton-bar" />
      </div>
      <main className="stack">
        <h1>{t('worklist.title')}</h1>
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
        {[0, 1, 2].map((i) => (
          <div key={i} className="card skeleton-row" />
        ))}
      </main>
    </div>
  );
}
