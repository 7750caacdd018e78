/**
 * vite-plugin-pwa settings (Workbox `injectManifest`, the worker's source is src/sw.ts): what the service worker
 * precaches and the web app manifest.
 *
 * - Precached: the app shell (html, js, css, icons, manifest) and onnxruntime-web's `.wasm`/`.mjs` — after one
 *   visit the app opens and runs offline. `models/` is NOT precached: model files live in the app's own store
 *   (OPFS, src/storage/models), which the user controls from the Storage panel.
 * - `registerType: 'prompt'`: a new version waits until the user accepts it (src/ui/pwa); it never takes over
 *   mid-chat. `clientsClaim` only matters for the first install (no old version to replace), so the very first
 *   visit's page is controlled at once and the engine worker's wasm request is answered from the precache
 *   instead of being downloaded a second time (see src/ui/pwa/register.ts).
 * - The service worker adds COOP/COEP to every response it serves (cross-origin isolation: WASM threads).
 * - Every URL is relative to the build's base, so the same folder works under any path (`BASE_PATH`).
 */
import type { VitePWAOptions } from 'vite-plugin-pwa';

export const MAX_PRECACHE_FILE_BYTES = 32 * 1024 * 1024; // the ORT wasm is 26.9 MB

export function pwaOptions(): Partial<VitePWAOptions> {
  return {
    registerType: 'prompt',
    injectRegister: false, // registered by src/ui/pwa/register.ts
    strategies: 'injectManifest',
    srcDir: 'src',
    filename: 'sw.ts',
    includeAssets: ['favicon.svg', 'icons/apple-touch-icon.png'],
    manifest: {
      name: 'local-r1 — a reasoning model in your browser',
      short_name: 'local-r1',
      description: 'DeepSeek-R1-Distill-Qwen running entirely in your browser (WebGPU, WASM fallback). No server sees your prompts.',
      start_url: '.',
      scope: '.',
      display: 'standalone',
      background_color: '#14213d',
      theme_color: '#14213d',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
      ],
    },
    // clientsClaim, no skipWaiting, cleanupOutdatedCaches and the index.html navigation fallback (not under
    // models/) are in src/sw.ts.
    injectManifest: {
      // woff2: KaTeX's fonts (browsers that load the CSS take woff2 first), so math renders offline too.
      globPatterns: ['**/*.{js,mjs,css,html,wasm,svg,png,ico,webmanifest,woff2}'],
      globIgnores: ['models/**', '**/*.br', '**/*.gz'],
      maximumFileSizeToCacheInBytes: MAX_PRECACHE_FILE_BYTES,
    },
    devOptions: { enabled: false },
  };
}
