// The header's links for a role: the few used all day stay in the bar, the rest go behind "More"
// (an administrator's nine links wrapped to two rows at 1024 and 768 px). Filtered by the same role
// table the server checks; hiding a link is a convenience, the server's refusal is the guard.
import { can, type Role } from '../domain/auth/roles';

export type NavLink = { readonly href: string; readonly key: string };

/** In the bar for everyone: where the technologist's day happens. */
const BAR: readonly NavLink[] = [
  { href: '/', key: 'nav.worklist' },
  { href: '/sops', key: 'nav.library' },
  { href: '/quality', key: 'nav.quality' },
];

/** `narrow` (portrait, ≤ 900 px): the dashboard goes first behind More, so the bar keeps one row. */
export function navLinks(role: Role | undefined, narrow = false): { bar: NavLink[]; more: NavLink[] } {
  const may = (...permissions: Parameters<typeof can>[1][]) =>
    role !== undefined && permissions.some((p) => can(role, p));
  // QA leads and administrators open the QA dashboard first thing: it is their fourth link in the bar.
  const dashboard = may('figures.view') ? [{ href: '/dashboard', key: 'nav.dashboard' }] : [];
  const bar = [...BAR, ...(narrow ? [] : dashboard)];
  const more = [
    ...(narrow ? dashboard : []),
    { href: '/training', key: 'nav.training' },
    { href: '/demo', key: 'nav.demo' },
    ...(may('exports.read', 'audit.view') ? [{ href: '/reports', key: 'nav.reports' }] : []),
    ...(may('sops.edit', 'sops.approve') ? [{ href: '/editor', key: 'nav.editor' }] : []),
    ...(may('users.manage') ? [{ href: '/admin', key: 'nav.admin' }] : []),
  ];
  return { bar, more };
}

/** Whether a link is the page shown: the worklist also owns the runs started from it. */
export function isCurrent(href: string, location: string): boolean {
  return href === '/' ? location === '/' || location.startsWith('/run') : location.startsWith(href);
}
