import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { SyncIndicator } from '../ui/features/sync/SyncIndicator';
import { useMediaQuery } from '../ui/hooks/use-media-query';
import { useServices } from '../ui/services';
import { setStaffLanguage, STAFF_LANGUAGES, type StaffLanguage } from './i18n';
import { isCurrent, navLinks, type NavLink } from './nav-links';
import { NavMore } from './NavMore';

/** The width below which styles.css drops the brand and the header must fit a portrait tablet. */
const NARROW = '(max-width: 900px)';

export function Header() {
  const { t, i18n } = useTranslation();
  const { account } = useServices();
  const [location] = useLocation();
  const { bar, more } = navLinks(account?.role, useMediaQuery(NARROW));
  const item = (n: NavLink) => ({ href: n.href, label: t(n.key), current: isCurrent(n.href, location) });
  const other = STAFF_LANGUAGES.find((l) => l.code !== i18n.language) ?? STAFF_LANGUAGES[0];
  return (
    <header className="topbar">
      <span className="brand">ScanCard</span>
      <nav aria-label={t('nav.label')}>
        {bar.map(item).map((n) => (
          <Link key={n.href} href={n.href} className="navlink" aria-current={n.current ? 'page' : undefined}>
            {n.label}
          </Link>
        ))}
        <NavMore label={t('nav.more')} items={more.map(item)} />
      </nav>
      <SyncIndicator />
      {account && (
        <button type="button" className="btn btn-light lock-button" onClick={() => account.lock('button')}>
          <span>{t('auth.lock')}</span>
          <span className="small">{account.displayName}</span>
        </button>
      )}
      <button
        type="button"
        className="btn btn-light"
        lang={other.code}
        onClick={() => void setStaffLanguage(other.code as StaffLanguage)}
        aria-label={t('nav.switchLanguage', { language: other.name })}
      >
        {other.name}
      </button>
    </header>
  );
}
