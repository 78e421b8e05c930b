// Which versions of a card the server knows (built in or stored) and the number the next one gets.
import type { BuiltIns } from '../built-ins';
import type { SyncStore } from '../store/store';

export async function cardVersions(store: SyncStore, builtIns: BuiltIns, id: string): Promise<number[]> {
  const built = [...builtIns.values()].filter((s) => s.id === id).map((s) => s.version);
  return [...new Set([...built, ...(await store.storedSopVersions(id))])].sort((a, b) => a - b);
}

export const nextVersion = async (store: SyncStore, builtIns: BuiltIns, id: string) =>
  ((await cardVersions(store, builtIns, id)).at(-1) ?? 0) + 1;
