/**
 * The static server behind `npm start` and every browser test: serves a built `dist/` folder
 * (any base path) the way a plain static host does — real 404s, HTTP Range, ETags, and the
 * precompressed `.br`/`.gz` files beside the originals when the browser accepts them. Hashed assets
 * are served immutable for a year (`cache-control.ts`).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { cacheControlFor } from './cache-control.ts';

export interface StaticServerOptions {
  /** Folder to serve (a `vite build` output). */
  root: string;
  /** URL prefix the app lives under, e.g. `/apps/r1/`. Default `/`. */
  base?: string;
  /** Extra folders mounted at URL prefixes (e.g. `{ '/models/': 'models' }`), checked first. */
  mounts?: Record<string, string>;
  /** Headers added to every response (e.g. a Content-Security-Policy). */
  headers?: Record<string, string>;
  /** Called for every request before it is served (tests count what reaches the network). */
  onRequest?: (req: http.IncomingMessage) => void;
  host?: string;
  port?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function normalizeBase(base: string): string {
  let b = base.startsWith('/') ? base : `/${base}`;
  if (!b.endsWith('/')) b += '/';
  return b;
}

export async function startStaticServer(opts: StaticServerOptions): Promise<RunningServer> {
  const base = normalizeBase(opts.base ?? '/');
  const serveOpts = { dev: false, etag: true, brotli: true, gzip: true };
  const app = sirv(opts.root, {
    ...serveOpts,
    setHeaders: (res, pathname) => {
      const cc = cacheControlFor(pathname);
      if (cc) res.setHeader('Cache-Control', cc);
    },
  });
  const mounts = Object.entries(opts.mounts ?? {}).map(([prefix, dir]) => ({
    prefix: normalizeBase(prefix),
    handler: sirv(dir, serveOpts),
  }));

  const notFound = (res: http.ServerResponse) => {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain');
    res.end('Not found');
  };

  const server = http.createServer((req, res) => {
    opts.onRequest?.(req);
    for (const [k, v] of Object.entries(opts.headers ?? {})) res.setHeader(k, v);
    const url = req.url ?? '/';
    for (const m of mounts) {
      if (url.startsWith(m.prefix)) {
        req.url = '/' + url.slice(m.prefix.length);
        m.handler(req, res, () => notFound(res));
        return;
      }
    }
    if (url === base.slice(0, -1)) {
      res.statusCode = 301;
      res.setHeader('Location', base);
      res.end();
      return;
    }
    if (!url.startsWith(base)) return notFound(res);
    req.url = '/' + url.slice(base.length);
    app(req, res, () => notFound(res));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? '127.0.0.1';
  return {
    url: `http://${host}:${port}${base}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
