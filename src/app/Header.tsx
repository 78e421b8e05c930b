import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { SyncIndicator } from '../ui/features/sync/SyncIndicator';
import { setStaffLanguage, STAFF_LANGUAGES, type StaffLanguage } from './i18n';

export function Header() {
  const { t, i18n } = useTranslation();
  const [location] = useLocation();
  const nav = [
    { href: '/', label: t('nav.worklist'), current: location === '/' || location.startsWith('/run') },
    { href: '/sops', label: t('nav.library'), current: location.startsWith('/sops') },
  ];
  const other = STAFF_LANGUAGES.find((l) => l.code !== i18n.language) ?? STAFF_LANGUAGES[0];
  return (
    <header className="topbar">
      <span className="brand">ScanCard</span>
      <nav aria-label={t('nav.label')}>
        {nav.map((n) => (
          <Link key={n.href} href={n.href} className="navlink" aria-current={n.current ? 'page' : undefined}>{n.label}</Link>
        ))}
      </nav>
      <SyncIndicator />
      <button type="button" className="btn btn-light" lang={other.code} onClick={() => void setStaffLanguage(other.code as StaffLanguage)}
        aria-label={t('nav.switchLanguage', { language: other.name })}>
        {other.name}
      </button>
    </header>
  );
}
