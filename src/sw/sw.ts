/// <reference lib="webworker" />
// ScanCard service worker: precaches the whole app (shell, page chunks, locale chunks, icons) so the
// app starts with the network cut; navigations fall back to the cached shell. A new version waits
// until the technologist accepts it (the page posts SKIP_WAITING) — never mid-exam by itself.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { backgroundSync, SYNC_TAG } from './background-sync';

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// First install controls the open page at once (so it works offline without a reload). Later
// versions still wait in 'installed' until the user accepts the update.
clientsClaim();

// Every app route is the same single-page shell; the sync API is never served from cache.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

// Patient languages beyond the base ones: fetched when a patient picks one, then kept for offline.
// File names are content-hashed, so cache-first is always correct.
registerRoute(
  ({ url }) => url.pathname.startsWith('/assets/patient-lazy-'),
  new CacheFirst({ cacheName: 'patient-languages' }),
);

// Fonts for scripts tablets often lack (Tibetan): fetched with their language, then kept for offline.
registerRoute(
  ({ url }) => url.pathname.startsWith('/assets/') && /\.woff2?$/.test(url.pathname),
  new CacheFirst({ cacheName: 'script-fonts' }),
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

type SyncEvent = ExtendableEvent & { readonly tag: string };
self.addEventListener('sync', (event) => {
  const e = event as SyncEvent;
  if (e.tag === SYNC_TAG) e.waitUntil(backgroundSync(self.clients));
});
