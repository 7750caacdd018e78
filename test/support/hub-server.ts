/**
 * A loopback stand-in for the Hugging Face Hub, serving local model folders under the hub's URL layout
 * `/<repo>/resolve/<revision>/<file>`, with the hub's header conventions and fault injection.
 *
 * What it models (as huggingface.co does it):
 * - Small ("git") files answer 200 directly with `ETag: "<git blob sha1>"` — a git hash, NOT a sha256.
 * - Large ("LFS") files answer `302` to a CDN URL, carrying `X-Linked-Etag: "<sha256>"` and `X-Linked-Size`
 *   (the hub never sends `ETag` and `X-Linked-Etag` together). A browser following the redirect never sees
 *   those headers; the CDN response itself carries `ETag: "<sha256>"`, which is what a browser can read.
 *   Here the "CDN" is the path `/cdn/<sha256>/<name>` on the same server.
 * - HTTP Range (206 + Content-Range, 416 + `Content-Range: bytes * /size`), HEAD, real 404s with
 *   `X-Error-Code: EntryNotFound` / `RepoNotFound`.
 * - CORS: `Access-Control-Allow-Origin: *`, preflight allowing `Range`/`If-Range`, and
 *   `Access-Control-Expose-Headers` listing ETag, Content-Range, X-Linked-* — without it a cross-origin page
 *   could not read them.
 *
 * Fault injection (`setFaults`): drop the connection after N body bytes of a file (once, N times or always),
 * corrupt bytes at a file offset, stall for a bounded time, or answer a status code (with `Retry-After`).
 *
 * Bounded and loopback-only: it binds 127.0.0.1, stalls are capped at 30 s, the log at 10,000 entries.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';

export type HubFault =
  /** Destroy the socket after `afterBytes` body bytes of a response for `file`. */
  | { kind: 'drop'; file: string; afterBytes: number; times?: number | 'always' }
  /** XOR 0xff the byte at `offset` of `file` in responses that cover it. */
  | { kind: 'corrupt'; file: string; offset: number; times?: number | 'always' }
  /** Pause `ms` (≤ 30 s) after `afterBytes` body bytes. */
  | { kind: 'stall'; file: string; afterBytes: number; ms: number; times?: number | 'always' }
  /**
   * Answer this status instead of the file, with a `Retry-After` header when given; `skipProbes` leaves the
   * 1-byte size probes (`Range: bytes=0-0`) alone, so only downloads see it.
   */
  | { kind: 'status'; file: string; status: number; times?: number | 'always'; retryAfter?: string; skipProbes?: boolean };

export interface HubLogEntry {
  method: string;
  /** URL path as requested. */
  path: string;
  /** Repo-relative file name when the request named one (resolve or CDN). */
  file: string | null;
  /** `resolve` (hub URL) or `cdn` (the redirect target). */
  via: 'resolve' | 'cdn' | 'other';
  range: string | null;
  status: number;
  /** Body bytes actually written to the socket. */
  bytesSent: number;
  /** The connection was dropped on purpose. */
  dropped: boolean;
}

export interface HubServerOptions {
  /** repo id (e.g. `onnx-community/X`) → local folder with the repo's files. */
  repos: Record<string, string>;
  /** Which files are LFS (served through the CDN redirect). Default: `.onnx`, `.onnx_data*`, or ≥ 10 MiB. */
  isLfs?: (file: string, size: number) => boolean;
  /** Serve LFS files through a 302 to `/cdn/…` (the hub's behaviour). Default true. */
  redirectLfs?: boolean;
  faults?: HubFault[];
  port?: number;
}

export interface HubServer {
  /** Base URL with a trailing slash, usable as the app's hub host. */
  url: string;
  port: number;
  log: HubLogEntry[];
  setFaults(faults: HubFault[]): void;
  clearLog(): void;
  /** Body bytes sent for a repo-relative file (all requests, both hosts). */
  bytesSent(file: string): number;
  /** sha256 (hex) of a served file, as the hub reports it. */
  sha256(repo: string, file: string): string;
  close(): Promise<void>;
}

const MAX_LOG = 10_000;
const MAX_STALL_MS = 30_000;
const FAKE_COMMIT = 'f9c94fd0000000000000000000000000000000aa';

const EXPOSED = [
  'Accept-Ranges',
  'Content-Range',
  'Content-Length',
  'Content-Type',
  'ETag',
  'X-Linked-Etag',
  'X-Linked-Size',
  'X-Repo-Commit',
  'X-Error-Code',
  'Retry-After',
].join(', ');

function defaultIsLfs(file: string, size: number): boolean {
  return /\.onnx(_data(_\d+)?)?$/.test(file) || size >= 10 * 1024 * 1024;
}

interface FileInfo {
  abs: string;
  size: number;
  sha256: string;
  gitSha1: string;
}

/** Parses a single-range `Range` header against a size. `null` = no/ignored header, `'invalid'` = 416. */
export function parseRangeHeader(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // multi-range or garbage: serve the whole file, as many servers do
  const [, a, b] = m;
  if (a === '' && b === '') return 'invalid';
  let start: number;
  let end: number;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'invalid';
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

export async function startHubServer(opts: HubServerOptions): Promise<HubServer> {
  const isLfs = opts.isLfs ?? defaultIsLfs;
  const redirectLfs = opts.redirectLfs ?? true;
  let faults: (HubFault & { used: number })[] = [];
  const setFaults = (f: HubFault[]) => {
    faults = f.map((x) => ({ ...x, used: 0 }));
  };
  setFaults(opts.faults ?? []);
  const log: HubLogEntry[] = [];
  const infoCache = new Map<string, FileInfo>();
  const bySha = new Map<string, { repo: string; file: string }>();

  function fileInfo(repo: string, file: string): FileInfo | null {
    const root = opts.repos[repo];
    if (!root) return null;
    const abs = path.resolve(root, file);
    if (!abs.startsWith(path.resolve(root) + path.sep)) return null; // no escaping the folder
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      return null;
    }
    if (!st.isFile()) return null;
    const key = `${abs}:${st.size}:${st.mtimeMs}`;
    let info = infoCache.get(key);
    if (!info) {
      const bytes = fs.readFileSync(abs);
      info = {
        abs,
        size: st.size,
        sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
        gitSha1: crypto.createHash('sha1').update(`blob ${st.size}\0`).update(bytes).digest('hex'),
      };
      infoCache.set(key, info);
      bySha.set(info.sha256, { repo, file });
    }
    return info;
  }

  /** The first armed fault of a kind for a file; `consume` counts one use (done when it actually fires). */
  function peekFault<K extends HubFault['kind']>(kind: K, file: string): (Extract<HubFault, { kind: K }> & { used: number }) | null {
    for (const f of faults) {
      if (f.kind !== kind || f.file !== file) continue;
      const times = f.times ?? 1;
      if (times !== 'always' && f.used >= times) continue;
      return f as Extract<HubFault, { kind: K }> & { used: number };
    }
    return null;
  }
  function takeFault<K extends HubFault['kind']>(kind: K, file: string): (Extract<HubFault, { kind: K }> & { used: number }) | null {
    const f = peekFault(kind, file);
    if (f) f.used++;
    return f;
  }

  function record(e: HubLogEntry) {
    if (log.length < MAX_LOG) log.push(e);
  }

  function cors(res: http.ServerResponse) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', EXPOSED);
  }

  function notFound(res: http.ServerResponse, entry: HubLogEntry, code: 'EntryNotFound' | 'RepoNotFound') {
    res.statusCode = 404;
    res.setHeader('X-Error-Code', code);
    res.setHeader('Content-Type', 'text/plain');
    const body = code === 'RepoNotFound' ? 'Repository not found' : 'Entry not found';
    res.end(body);
    record({ ...entry, status: 404, bytesSent: body.length });
  }

  /** A planned `status` fault for this file, if any, answers the request with a bare status code. */
  function answeredWithStatusFault(res: http.ServerResponse, file: string, entry: HubLogEntry): boolean {
    const probe = entry.range === 'bytes=0-0';
    const fault = faults.find(
      (f): f is Extract<HubFault, { kind: 'status' }> & { used: number } =>
        f.kind === 'status' && f.file === file && !(probe && f.skipProbes) && (f.times === 'always' || f.used < (f.times ?? 1)),
    );
    if (!fault) return false;
    fault.used++;
    res.statusCode = fault.status;
    if (fault.retryAfter !== undefined) res.setHeader('Retry-After', fault.retryAfter);
    res.end();
    record({ ...entry, status: fault.status });
    return true;
  }

  async function sendFile(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    info: FileInfo,
    file: string,
    entry: HubLogEntry,
    etag: string,
  ) {
    if (answeredWithStatusFault(res, file, entry)) return;
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('ETag', etag);
    res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    const range = parseRangeHeader(req.headers.range, info.size);
    // If-Range: serve the range only when the validator still matches (strong comparison).
    const ifRange = req.headers['if-range'];
    const useRange = range !== null && range !== 'invalid' && (ifRange === undefined || ifRange === etag) ? range : null;
    if (range === 'invalid') {
      res.statusCode = 416;
      res.setHeader('Content-Range', `bytes */${info.size}`);
      res.end();
      record({ ...entry, status: 416 });
      return;
    }
    const start = useRange ? useRange.start : 0;
    const end = useRange ? useRange.end : info.size - 1;
    const length = info.size === 0 ? 0 : end - start + 1;
    res.statusCode = useRange ? 206 : 200;
    if (useRange) res.setHeader('Content-Range', `bytes ${start}-${end}/${info.size}`);
    res.setHeader('Content-Length', String(length));
    if (req.method === 'HEAD' || length === 0) {
      res.end();
      record({ ...entry, status: res.statusCode });
      return;
    }

    // A fault fires (and counts as used) only if this response reaches its point in the body / file.
    const dropF = peekFault('drop', file);
    const drop = dropF && dropF.afterBytes < length ? takeFault('drop', file) : null;
    const stallF = peekFault('stall', file);
    const stall = stallF && stallF.afterBytes < length ? takeFault('stall', file) : null;
    const corruptF = peekFault('corrupt', file);
    const corrupt = corruptF && corruptF.offset >= start && corruptF.offset <= end ? takeFault('corrupt', file) : null;
    const logged: HubLogEntry = { ...entry, status: res.statusCode };
    record(logged);

    const fd = await fs.promises.open(info.abs, 'r');
    try {
      const chunk = Buffer.alloc(64 * 1024);
      let pos = start;
      while (pos <= end) {
        let n = Math.min(chunk.length, end - pos + 1);
        if (drop && logged.bytesSent + n > drop.afterBytes) n = drop.afterBytes - logged.bytesSent;
        if (stall && logged.bytesSent < stall.afterBytes && logged.bytesSent + n > stall.afterBytes) {
          n = stall.afterBytes - logged.bytesSent;
        }
        if (n > 0) {
          const { bytesRead } = await fd.read(chunk, 0, n, pos);
          const out = Buffer.from(chunk.subarray(0, bytesRead));
          if (corrupt && corrupt.offset >= pos && corrupt.offset < pos + bytesRead) out[corrupt.offset - pos] ^= 0xff;
          const ok = res.write(out);
          logged.bytesSent += bytesRead;
          pos += bytesRead;
          if (!ok) await new Promise<void>((r) => res.once('drain', () => r()));
          if (res.destroyed) return;
        }
        if (drop && logged.bytesSent >= drop.afterBytes) {
          logged.dropped = true;
          // Let the bytes already written reach the client, then cut the connection mid-body.
          await new Promise<void>((r) => setTimeout(r, 20));
          req.socket.destroy();
          return;
        }
        if (stall && logged.bytesSent === stall.afterBytes) {
          await new Promise<void>((r) => setTimeout(r, Math.min(stall.ms, MAX_STALL_MS)));
        }
      }
      res.end();
    } finally {
      await fd.close();
    }
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = decodeURIComponent(url.pathname);
    const entry: HubLogEntry = {
      method: req.method ?? 'GET',
      path: url.pathname,
      file: null,
      via: 'other',
      range: (req.headers.range as string | undefined) ?? null,
      status: 0,
      bytesSent: 0,
      dropped: false,
    };
    cors(res);
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Range, If-Range, If-None-Match, Content-Type, Authorization');
      res.setHeader('Access-Control-Max-Age', '86400');
      res.end();
      record({ ...entry, status: 204 });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.end();
      record({ ...entry, status: 405 });
      return;
    }

    const run = async () => {
      const cdn = /^\/cdn\/([0-9a-f]{64})\/(.+)$/.exec(p);
      if (cdn) {
        const target = bySha.get(cdn[1]);
        entry.via = 'cdn';
        if (!target) return notFound(res, entry, 'EntryNotFound');
        entry.file = target.file;
        const info = fileInfo(target.repo, target.file);
        if (!info) return notFound(res, entry, 'EntryNotFound');
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        return sendFile(req, res, info, target.file, entry, `"${info.sha256}"`);
      }
      const m = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(p);
      if (!m) return notFound(res, entry, 'RepoNotFound');
      const [, repo, , file] = m;
      entry.via = 'resolve';
      entry.file = file;
      if (!opts.repos[repo]) return notFound(res, entry, 'RepoNotFound');
      const info = fileInfo(repo, file);
      if (!info) return notFound(res, entry, 'EntryNotFound');
      res.setHeader('X-Repo-Commit', FAKE_COMMIT);
      if (isLfs(file, info.size) && redirectLfs) {
        if (answeredWithStatusFault(res, file, entry)) return;
        res.statusCode = 302;
        res.setHeader('X-Linked-Etag', `"${info.sha256}"`);
        res.setHeader('X-Linked-Size', String(info.size));
        res.setHeader('Location', `/cdn/${info.sha256}/${encodeURIComponent(path.posix.basename(file))}`);
        res.end();
        record({ ...entry, status: 302 });
        return;
      }
      const etag = isLfs(file, info.size) ? `"${info.sha256}"` : `"${info.gitSha1}"`;
      return sendFile(req, res, info, file, entry, etag);
    };
    run().catch((err: unknown) => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end(String(err));
      } else {
        res.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    log,
    setFaults,
    clearLog: () => {
      log.length = 0;
    },
    bytesSent: (file) => log.filter((e) => e.file === file).reduce((s, e) => s + e.bytesSent, 0),
    sha256: (repo, file) => {
      const info = fileInfo(repo, file);
      if (!info) throw new Error(`no such file ${repo}/${file}`);
      return info.sha256;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
