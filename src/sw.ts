/// <reference lib="webworker" />
/**
 * The service worker (Workbox, built by vite-plugin-pwa's `injectManifest`; settings in tools/build/pwa.ts):
 *
 * - precaches the app shell and onnxruntime-web's wasm/mjs, so the app opens and runs offline; `models/` is
 *   not precached (model files live in the app's own store, src/storage/models);
 * - answers every navigation with the precached `index.html` (except under `models/`);
 * - adds the cross-origin isolation headers (src/ui/pwa/isolation-headers.ts) to everything it serves, so a
 *   page it controls gets several WASM threads whatever the host sends. A page is isolated from its
 *   navigation on: the very first visit (no service worker yet) runs on one thread, every later visit on
 *   several. The app does not reload itself to get there;
 * - a new version waits for the user (`SKIP_WAITING` from src/ui/pwa/register.ts); the first install claims
 *   the open page at once, so the engine worker's wasm comes from the precache (register.ts).
 */
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { withIsolationHeaders } from './ui/pwa/isolation-headers.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

addPlugins([{ handlerWillRespond: async ({ response }) => withIsolationHeaders(response) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/\/models\//] }));
clientsClaim();
