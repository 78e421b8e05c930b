// Online-only reports need a server session for the signed-in user. When there is none, say so in
// words, and what to do: wait (it renews by itself after an offline sign-in) or unlock again.
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ServerSessionError, useServices } from '../services';

/** The account's server session, looked at again every 2 s (it renews by itself). */
export function useServerSession(): 'ok' | 'waiting' | 'needsPin' {
  const { account } = useServices();
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), 2000);
    return () => clearInterval(id);
  }, []);
  return account?.serverSession() ?? 'ok';
}

/** The reason in words when the server cannot be asked as this user, with what to do about it. */
export function ServerSessionNotice() {
  const { account } = useServices();
  const { t } = useTranslation();
  const state = useServerSession();
  if (state === 'ok') return null;
  return (
    <div className="banner banner-warn" role="status" data-server-session={state}>
      <span>{t(state === 'waiting' ? 'reports.serverWaiting' : 'reports.serverNeedsPin')}</span>
      {state === 'needsPin' && (
        <button type="button" className="btn" onClick={() => account?.lock('button')}>
          {t('reports.lockToRenew')}
        </button>
      )}
    </div>
  );
}

export const failureText = (e: unknown, t: TFunction) =>
  e instanceof ServerSessionError
    ? t(e.state === 'waiting' ? 'reports.serverWaiting' : 'reports.serverNeedsPin')
    : t('reports.failed', { message: e instanceof Error ? e.message : String(e) });
