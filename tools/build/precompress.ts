/**
 * A small Vite plugin: writes `.br` and `.gz` beside every compressible file of the build (not `models/`),
 * so a static host that serves precompressed files (sirv, nginx `gzip_static`/`brotli_static`, Caddy
 * `precompressed`, Netlify/Cloudflare automatically) sends the 27 MB onnxruntime wasm as ≈ 4 MB.
 *
 * Brotli at quality 11 takes ≈ 40 s for the wasm on this 2-core VM, so results are cached by content hash in
 * `node_modules/.cache/local-r1-precompress/`: the wasm only changes when onnxruntime-web does.
 * zlib is Node's own; no dependency.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

export interface PrecompressOptions {
  /** File extensions to compress. */
  extensions?: string[];
  /** Folders (relative to the build output) left alone. Default: `models`. */
  skipDirs?: string[];
  /** Smallest file worth compressing. Default 1 KiB. */
  threshold?: number;
  cacheDir?: string;
}

const DEFAULT_EXT = ['.js', '.mjs', '.css', '.html', '.wasm', '.json', '.svg', '.webmanifest', '.txt'];

function walk(dir: string, skip: Set<string>, root: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!skip.has(path.relative(root, abs).split(path.sep).join('/'))) walk(abs, skip, root, out);
    } else if (e.isFile()) out.push(abs);
  }
  return out;
}

export function precompress(opts: PrecompressOptions = {}): Plugin {
  let config: ResolvedConfig;
  const exts = new Set(opts.extensions ?? DEFAULT_EXT);
  const threshold = opts.threshold ?? 1024;
  return {
    name: 'local-r1:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(c) {
      config = c;
    },
    async closeBundle() {
      const outDir = path.resolve(config.root, config.build.outDir);
      const cacheDir = opts.cacheDir ?? path.resolve(config.root, 'node_modules/.cache/local-r1-precompress');
      fs.mkdirSync(cacheDir, { recursive: true });
      const files = walk(outDir, new Set(opts.skipDirs ?? ['models']), outDir).filter(
        (f) => exts.has(path.extname(f)) && fs.statSync(f).size >= threshold,
      );
      let raw = 0;
      let br = 0;
      await Promise.all(
        files.map(async (file) => {
          const data = fs.readFileSync(file);
          const hash = crypto.createHash('sha256').update(data).digest('hex').slice(0, 32);
          for (const [ext, make] of [
            [
              '.br',
              () =>
                brotli(data, {
                  params: {
                    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
                    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
                  },
                }),
            ],
            ['.gz', () => gzip(data, { level: 9 })],
          ] as const) {
            const cached = path.join(cacheDir, hash + ext);
            let out: Buffer;
            if (fs.existsSync(cached)) out = fs.readFileSync(cached);
            else {
              out = await make();
              // Atomic: builds running side by side may share the cache.
              const tmp = `${cached}.${process.pid}.tmp`;
              fs.writeFileSync(tmp, out);
              fs.renameSync(tmp, cached);
            }
            // Only worth shipping when it saves something.
            if (out.length < data.length * 0.95) {
              fs.writeFileSync(file + ext, out);
              if (ext === '.br') {
                raw += data.length;
                br += out.length;
              }
            }
          }
        }),
      );
      config.logger.info(
        `precompress: ${files.length} files, ${(raw / 1e6).toFixed(1)} MB → ${(br / 1e6).toFixed(1)} MB brotli (+ gzip)`,
      );
    },
  };
}
