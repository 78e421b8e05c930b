// The SOP library this tablet knows: built-in cards plus stored versions. `latest` lists what a
// new run may use: the version the department server says is current (only published ones), else
// the newest built-in or imported here; cards pulled for other tablets' runs are for replay only.
// `lookup` finds the exact pinned version an existing run needs.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import i18next from 'i18next';
import { storedSops } from '../../db/sops.repo';
import { syncMeta } from '../../db/sync-meta.repo';
import type { SopRow } from '../../db/db';
import type { SopLookup } from '../../db/runs.repo';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import { BUILT_IN_SOPS } from '../../sops/library';
import { useServices } from '../services';

export type SopLibrary = {
  readonly all: readonly SopDefinition[];
  readonly latest: readonly SopDefinition[];
  readonly lookup: SopLookup;
};

export function useSopLibrary(): SopLibrary | undefined {
  const { db } = useServices();
  const stored = useLiveQuery(async () => ({ rows: await storedSops(db), meta: await syncMeta(db) }), [db]);
  return useMemo(
    () => (stored ? buildLibrary(BUILT_IN_SOPS, stored.rows, stored.meta.currentSops ?? {}) : undefined),
    [stored],
  );
}

export function buildLibrary(
  builtIns: readonly SopDefinition[],
  stored: readonly Pick<SopRow, 'definition' | 'source'>[],
  current: Readonly<Record<string, number>>,
): SopLibrary {
  const all = [...builtIns, ...stored.map((r) => r.definition)];
  for (const sop of all) registerSopTexts(sop);
  const byKey = new Map(all.map((s) => [`${s.id}@${s.version}`, s]));
  const latestById = new Map<string, SopDefinition>();
  const offer = [...builtIns, ...stored.filter((r) => r.source === 'import').map((r) => r.definition)];
  for (const sop of offer) if ((latestById.get(sop.id)?.version ?? 0) < sop.version) latestById.set(sop.id, sop);
  for (const [id, version] of Object.entries(current)) {
    const published = byKey.get(`${id}@${version}`);
    if (published) latestById.set(id, published);
  }
  return { all, latest: [...latestById.values()], lookup: (id, version) => byKey.get(`${id}@${version}`) };
}

/**
 * Imported cards carry their own texts; make them resolvable like built-in ones. Only keys under the
 * card's own id are taken (never a built-in text), and only once the language's built-in card texts
 * are loaded: a bundle added earlier would make i18next think they were and never load them.
 */
export function registerSopTexts(sop: SopDefinition) {
  for (const [lng, messages] of Object.entries(sop.messages ?? {})) {
    const own = Object.fromEntries(Object.entries(messages).filter(([key]) => key.startsWith(`${sop.id}.`)));
    const add = () => i18next.addResourceBundle(lng, 'sop', own, true, false);
    if (i18next.hasResourceBundle(lng, 'sop')) add();
    else void i18next.loadLanguages(lng).then(add);
  }
}
