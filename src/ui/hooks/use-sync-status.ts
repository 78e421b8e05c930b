import { useSyncExternalStore } from 'react';
import type { SyncController, SyncStatus } from '../../sync/sync-controller';

const NONE = (): SyncStatus | undefined => undefined;
const noSubscribe = () => () => undefined;

export function useSyncStatus(sync: SyncController | undefined): SyncStatus | undefined {
  return useSyncExternalStore(sync?.subscribe ?? noSubscribe, sync?.getStatus ?? NONE);
}
