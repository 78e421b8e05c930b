// The SOP library this tablet knows: built-in cards plus stored versions. `latest` lists what a
// new run may use; `lookup` finds the exact pinned version an existing run needs.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { storedSops } from '../../db/sops.repo';
import type { SopLookup } from '../../db/runs.repo';
import type { SopDefinition } from '../../domain/sop/sop.schema';
import { loadBuiltInSops } from '../../sops/load-built-ins';
import { registerSopTexts } from '../sop-texts';
import { useServices } from '../services';

export type SopLibrary = {
  readonly all: readonly SopDefinition[];
  readonly latest: readonly SopDefinition[];
  readonly lookup: SopLookup;
};

export function useSopLibrary(): SopLibrary | undefined {
  const { db } = useServices();
  const stored = useLiveQuery(() => storedSops(db), [db]);
  const builtIns = useBuiltIns();
  return useMemo(
    () => (stored && builtIns ? buildLibrary([...builtIns, ...stored.map((r) => r.definition)]) : undefined),
    [stored, builtIns],
  );
}

function useBuiltIns(): readonly SopDefinition[] | undefined {
  const [builtIns, setBuiltIns] = useState<readonly SopDefinition[]>();
  useEffect(() => {
    let live = true;
    void loadBuiltInSops().then((all) => live && setBuiltIns(all));
    return () => {
      live = false;
    };
  }, []);
  return builtIns;
}

export function buildLibrary(all: readonly SopDefinition[]): SopLibrary {
  for (const sop of all) registerSopTexts(sop);
  const latestById = new Map<string, SopDefinition>();
  for (const sop of all) if ((latestById.get(sop.id)?.version ?? 0) < sop.version) latestById.set(sop.id, sop);
  const byKey = new Map(all.map((s) => [`${s.id}@${s.version}`, s]));
  return { all, latest: [...latestById.values()], lookup: (id, version) => byKey.get(`${id}@${version}`) };
}
