import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { SyncIndicator } from '../ui/features/sync/SyncIndicator';
import { useServices } from '../ui/services';
import { can } from '../domain/auth/roles';
import { setStaffLanguage, STAFF_LANGUAGES, type StaffLanguage } from './i18n';

export function Header() {
  const { t, i18n } = useTranslation();
  const { account } = useServices();
  const [location] = useLocation();
  const nav = [
    { href: '/', label: t('nav.worklist'), current: location === '/' || location.startsWith('/run') },
    { href: '/sops', label: t('nav.library'), current: location.startsWith('/sops') },
    { href: '/quality', label: t('nav.quality'), current: location.startsWith('/quality') },
    { href: '/demo', label: t('nav.demo'), current: location.startsWith('/demo') },
    { href: '/training', label: t('nav.training'), current: location.startsWith('/training') },
    ...(account && (can(account.role, 'exports.read') || can(account.role, 'audit.view'))
      ? [{ href: '/reports', label: t('nav.reports'), current: location.startsWith('/reports') }]
      : []),
    ...(account && (can(account.role, 'sops.edit') || can(account.role, 'sops.approve'))
      ? [{ href: '/editor', label: t('nav.editor'), current: location.startsWith('/editor') }]
      : []),
    // QA leads and administrators: the QA dashboard (figures over the tablet's runs, or the server's).
    ...(account && can(account.role, 'figures.view')
      ? [{ href: '/dashboard', label: t('nav.dashboard'), current: location.startsWith('/dashboard') }]
      : []),
    // Only for administrators (the server refuses everyone else on every admin route anyway).
    ...(account && can(account.role, 'users.manage')
      ? [{ href: '/admin', label: t('nav.admin'), current: location.startsWith('/admin') }]
      : []),
  ];
  const other = STAFF_LANGUAGES.find((l) => l.code !== i18n.language) ?? STAFF_LANGUAGES[0];
  return (
    <header className="topbar">
      <span className="brand">ScanCard</span>
      <nav aria-label={t('nav.label')}>
        {nav.map((n) => (
          <Link key={n.href} href={n.href} className="navlink" aria-current={n.current ? 'page' : undefined}>
            {n.label}
          </Link>
        ))}
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
