// Online reads and changes for online-only screens (admin console, card editor) as the signed-in user
// (the server checks the role on every route). A read has three states the screens draw: loading,
// failed (with the reason in words) and ready; a change returns the server's field messages when it refuses.
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { AuthApiError } from '../../auth/auth-api';
import { ServerSessionError, useServices } from '../services';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: unknown }
  | { readonly state: 'ready'; readonly data: T };

export function useServerData<T>(path: string) {
  const { account } = useServices();
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const reload = useCallback(async () => {
    try {
      if (!account) throw new ServerSessionError('needsPin');
      setLoaded({ state: 'ready', data: await account.fetchJson<T>(path) });
    } catch (error) {
      setLoaded({ state: 'error', error });
    }
  }, [account, path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { loaded, reload };
}

/** The problem in words: the server's message and each field it named, or what to do about the session. */
export function problemText(e: unknown, t: TFunction): string[] {
  if (e instanceof ServerSessionError)
    return [t(e.state === 'waiting' ? 'reports.serverWaiting' : 'reports.serverNeedsPin')];
  if (e instanceof AuthApiError) return [e.message, ...(e.details ?? [])];
  return [t('admin.failed', { message: e instanceof Error ? e.message : String(e) })];
}

/** Field messages by field path ("timerMinutes.warmupCt: …" → { "timerMinutes.warmupCt": "…" }). */
export function fieldProblems(e: unknown): Record<string, string> {
  if (!(e instanceof AuthApiError)) return {};
  return Object.fromEntries(
    (e.details ?? []).map((d) => {
      const at = d.indexOf(': ');
      return at < 0 ? ['', d] : [d.slice(0, at), d.slice(at + 2)];
    }),
  );
}
