// Which version of each card tablets offer for new runs: the one the department made current, or a
// built-in card's newest version. Imported cards nobody made current are absent: a tablet then offers
// its newest. A retired card is listed as version 0. Runs already started keep the version they pinned.
import type { BuiltIns } from './built-ins';
import type { SyncStore } from './store/store';

export type CurrentSops = Readonly<Record<string, number>>;

export async function currentSopVersions(store: SyncStore, builtIns: BuiltIns): Promise<CurrentSops> {
  const out = new Map<string, number>();
  for (const s of builtIns.values()) if ((out.get(s.id) ?? 0) < s.version) out.set(s.id, s.version);
  for (const [id, version] of await store.chosenSopVersions()) out.set(id, version);
  // Version 0: retired, no new runs (an older tablet finds no such version and keeps its own choice).
  for (const r of await store.sopRetirements()) out.set(r.sopId, 0);
  return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}
