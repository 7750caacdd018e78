/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { pwaOptions } from './tools/build/pwa.ts';
import { precompress } from './tools/build/precompress.ts';
import { entryBudget } from './tools/build/entry-budget.ts';

/**
 * One option sets where the app lives on its host: `BASE_PATH=/apps/r1/ npm run build`.
 * Every URL the app builds (worker, wasm, models/, service worker) is relative to it.
 */
const base = process.env.BASE_PATH ?? '/';

export default defineConfig({
  base,
  // PWA: service worker precaching the shell + ORT wasm, manifest, icons (tools/build/pwa.ts).
  // precompress: .br/.gz beside the big files for static hosts (tools/build/precompress.ts).
  // entryBudget: the build fails when the first-load JS passes 200 kB gzip (tools/build/entry-budget.ts).
  plugins: [react(), VitePWA(pwaOptions()), precompress(), entryBudget()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/node/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
