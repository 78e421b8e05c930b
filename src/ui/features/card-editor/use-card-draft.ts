// The card being edited: the server's draft if the card has one, else a copy of the version new runs
// use (from this tablet's library). Edits stay here, with undo and redo, until the author saves.
import { useCallback, useEffect, useRef, useState } from 'react';
import { AuthApiError } from '../../../auth/auth-api';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { ServerSessionError, useServices } from '../../services';
import { apply, redo, startHistory, undo, type Draft, type History } from './draft-edits';
import type { DraftReport } from './editor-types';

export type CardDraft =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: unknown }
  | {
      readonly state: 'ready';
      readonly history: History;
      /** The draft on the server (absent: nothing saved yet). */
      readonly saved?: DraftReport;
    };

export function useCardDraft(sopId: string) {
  const { account } = useServices();
  const library = useSopLibrary();
  const [d, setD] = useState<CardDraft>({ state: 'loading' });
  // The library is rebuilt after every sync: read it when loading, never reload (and lose edits) for it.
  const libraryRef = useRef(library);
  libraryRef.current = library;
  const ready = library !== undefined;
  const load = useCallback(async () => {
    const library = libraryRef.current;
    if (!library) return;
    try {
      if (!account) throw new ServerSessionError('needsPin');
      const saved = await account.fetchJson<DraftReport>(`/api/sops/${sopId}/draft`).catch((e: unknown) => {
        if (e instanceof AuthApiError && e.status === 404) return undefined;
        throw e;
      });
      const base = library.latest.find((s) => s.id === sopId);
      const start = saved?.definition ?? (base && structuredClone(base));
      if (!start) throw new Error(`no card "${sopId}" on this tablet`);
      setD({ state: 'ready', history: startHistory(start), ...(saved && { saved }) });
    } catch (error) {
      setD({ state: 'error', error });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- load once the library is there, not on each rebuild
  }, [account, ready, sopId]);
  useEffect(() => {
    void load();
  }, [load]);

  const step = (f: (h: History) => History) => setD((x) => (x.state === 'ready' ? { ...x, history: f(x.history) } : x));
  const save = async (definition: Draft, changeNote: string) => {
    const saved = await account!.sendJson<DraftReport>('PUT', `/api/sops/${sopId}/draft`, { definition, changeNote });
    setD((x) => (x.state === 'ready' ? { ...x, saved } : x));
    return saved;
  };
  return {
    draft: d,
    change: (next: Draft) => step((h) => apply(h, next)),
    undo: () => step(undo),
    redo: () => step(redo),
    save,
    reload: load,
  };
}
