/**
 * `npm start` → build, then this: serve `dist/` on loopback and print the URL.
 * PORT and BASE_PATH are read from the environment (BASE_PATH must match the build's). Every response
 * carries the cross-origin isolation headers, as the service worker adds them (WASM threads from the first visit).
 */
import path from 'node:path';
import { startStaticServer } from './static-server.ts';
import { ISOLATION_HEADERS } from '../../src/ui/pwa/isolation-headers.ts';

const root = path.resolve(process.argv[2] ?? 'dist');
const server = await startStaticServer({
  root,
  base: process.env.BASE_PATH ?? '/',
  port: Number(process.env.PORT ?? 4173),
  host: process.env.HOST ?? '127.0.0.1',
  headers: { ...ISOLATION_HEADERS },
});
console.log(`\n  local-r1 is running at ${server.url}\n  (serving ${root}; Ctrl+C to stop)\n`);
