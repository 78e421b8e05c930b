// The SOP library this tablet knows: built-in cards plus stored versions. `latest` lists what a new
// run may use: the version the department made current (sent with every pull) where this tablet has
// it, else the newest built-in or imported here; cards pulled for other tablets' runs are for replay
// only; a card the server lists as version 0 is retired and offered for none. `lookup` finds the exact pinned version an existing run needs, so a run in progress keeps its
// version whatever is made current later.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import type { SopRow } from '../../db/db';
import type { SopLookup } from '../../db/runs.repo';
import { storedSops } from '../../db/sops.repo';
import { syncMeta } from '../../db/sync-meta.repo';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import { loadBuiltInSops } from '../../sops/load-built-ins';
import { registerSopTexts } from '../sop-texts';
import { useServices } from '../services';

export type SopLibrary = {
  readonly all: readonly SopDefinition[];
  readonly latest: readonly SopDefinition[];
  readonly lookup: SopLookup;
};

/** Card id → version for new runs, as the department server last said. */
export type CurrentVersions = Readonly<Record<string, number>>;

// The library last built per database: a page mounted again (a run reopened) draws with it at once,
// and its live queries confirm or replace it.
const lastLibrary = new WeakMap<object, SopLibrary>();

export function useSopLibrary(): SopLibrary | undefined {
  const { db } = useServices();
  const stored = useLiveQuery(() => storedSops(db), [db]);
  const builtIns = useBuiltIns();
  // The meta row changes on every sync; compare the versions as text so the library is rebuilt only when they change.
  const current = useLiveQuery(async () => JSON.stringify((await syncMeta(db)).currentSops ?? {}), [db]);
  const built = useMemo(
    () =>
      stored && builtIns && current !== undefined
        ? buildLibrary(builtIns, stored, JSON.parse(current) as CurrentVersions)
        : undefined,
    [stored, builtIns, current],
  );
  if (built) lastLibrary.set(db, built);
  return built ?? lastLibrary.get(db);
}

let loadedBuiltIns: readonly SopDefinition[] | undefined;

function useBuiltIns(): readonly SopDefinition[] | undefined {
  const [builtIns, setBuiltIns] = useState<readonly SopDefinition[] | undefined>(loadedBuiltIns);
  useEffect(() => {
    if (loadedBuiltIns) return;
    let live = true;
    void loadBuiltInSops().then((all) => live && setBuiltIns((loadedBuiltIns = all)));
    return () => {
      live = false;
    };
  }, []);
  return builtIns;
}

export function buildLibrary(
  builtIns: readonly SopDefinition[],
  stored: readonly Pick<SopRow, 'definition' | 'source'>[],
  current: CurrentVersions = {},
): SopLibrary {
  const all = [...builtIns, ...stored.map((r) => r.definition)];
  for (const sop of all) registerSopTexts(sop);
  const byKey = new Map(all.map((s) => [`${s.id}@${s.version}`, s]));
  const offered = new Map<string, SopDefinition>();
  const own = [...builtIns, ...stored.filter((r) => r.source === 'import').map((r) => r.definition)];
  for (const sop of own) if ((offered.get(sop.id)?.version ?? 0) < sop.version) offered.set(sop.id, sop);
  for (const [id, version] of Object.entries(current)) {
    if (version === 0) offered.delete(id); // retired by the department: no new runs
    const chosen = byKey.get(`${id}@${version}`);
    if (chosen) offered.set(id, chosen);
  }
  return { all, latest: [...offered.values()], lookup: (id, version) => byKey.get(`${id}@${version}`) };
}
