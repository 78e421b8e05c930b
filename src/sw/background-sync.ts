// Background Sync (Chromium only): when a sync failed for lack of network, the page registers the
// "scancard-sync" tag and the browser wakes this worker once the network is back. Patient data is
// sealed with a key that only exists in a signed-in page, so the worker cannot sync by itself: it
// asks the open ScanCard pages to sync now. The outbox in IndexedDB is what guarantees delivery.
export const SYNC_TAG = 'scancard-sync';

export async function backgroundSync(clients: Clients): Promise<void> {
  for (const client of await clients.matchAll({ type: 'window' })) client.postMessage({ type: 'SYNC_NOW' });
}
