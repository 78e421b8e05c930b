import type { TFunction } from 'i18next';
import type { SignInError } from '../../../auth/session';
import { formatTime } from '../../format';

export function signInErrorText(e: SignInError, t: TFunction): string {
  if (e.kind === 'wrong') return t('auth.error.wrong');
  if (e.kind === 'wait') return t('auth.error.wait', { time: formatTime(e.until) });
  if (e.kind === 'locked') return t('auth.error.locked', { time: formatTime(e.until) });
  if (e.kind === 'offlineFirst') return t('auth.error.offlineFirst');
  if (e.kind === 'needsContact') return t('auth.error.needsContact', { hours: e.hours });
  if (e.kind === 'accountChanged') return t('auth.error.accountChanged');
  return t('auth.error.server', { message: e.message });
}
