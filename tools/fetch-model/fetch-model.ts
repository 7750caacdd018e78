/**
 * `npm run fetch-model -- <hub id> [--dtype q4f16] [--host URL] [--revision main] [--out public/models]`
 *
 * Mirrors the files the app needs for one (model, dtype) from the hub (or any host with the hub's URL layout)
 * into the folder the build serves, as `<out>/<hub id>/config.json`, `…/onnx/model_q4f16.onnx`, … The app then
 * loads it same-origin with `?model=local:<hub id>` and never contacts the hub.
 *
 * The same resumable downloader as the app: HTTP Range resume after a cut, retries with backoff, size check and
 * sha256 against the hub's ETag; an interrupted run picks up where it stopped. A manifest
 * (`<out>/<hub id>/.local-r1-manifest.json`, a dotfile static servers do not list) records sizes and hashes.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Dtype } from '../../src/core/index.ts';
import { joinPath } from '../../src/storage/models/backend.ts';
import { ModelStoreError } from '../../src/storage/models/errors.ts';
import { formatBytes } from '../../src/core/units.ts';
import { DEFAULT_HUB_HOST } from '../../src/storage/models/files.ts';
import { DownloadControl, downloadPlan, type DownloadReport } from '../../src/storage/models/downloader.ts';
import { planModel } from '../../src/storage/models/planner.ts';
import { ModelStore, type StoreLayout } from '../../src/storage/models/store.ts';
import type { DownloadProgress, ModelPlan, StorableSource } from '../../src/storage/models/types.ts';
import { FsBackend } from './fs-backend.ts';

const DTYPES: readonly Dtype[] = ['q4f16', 'q4', 'fp16', 'fp32'];
const REPO_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface FetchModelOptions {
  repo: string;
  dtype: Dtype;
  host?: string;
  revision?: string;
  /** Folder the build serves models from. Default `public/models`. */
  out: string;
  fetch?: typeof fetch;
  onProgress?: (p: DownloadProgress) => void;
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
}

/** Files land at `<out>/<repo>/<file>`, exactly where the app looks for a same-origin model. */
export function mirrorLayout(repo: string): StoreLayout {
  return {
    dir: () => repo,
    file: (_key, file) => joinPath(repo, file),
    manifestName: '.local-r1-manifest.json',
  };
}

export async function fetchModel(o: FetchModelOptions): Promise<{ plan: ModelPlan; report: DownloadReport; folder: string }> {
  if (!REPO_RE.test(o.repo)) throw new ModelStoreError('missing-file', `"${o.repo}" is not a hub id of the form owner/name.`);
  const source: StorableSource = {
    kind: 'hub',
    repo: o.repo,
    ...(o.host ? { host: o.host } : {}),
    ...(o.revision ? { revision: o.revision } : {}),
  };
  const store = new ModelStore(new FsBackend(path.resolve(o.out)), mirrorLayout(o.repo));
  const plan = await planModel(store, source, o.dtype, { appBaseUrl: 'http://localhost/', fetch: o.fetch });
  const report = plan.complete
    ? { bytesDownloaded: 0, retries: 0, refetched: [] }
    : await downloadPlan(store, plan, {
        fetch: o.fetch,
        control: new DownloadControl(),
        onProgress: o.onProgress,
        retry: o.retry,
        progressIntervalMs: 500,
      });
  const final = await planModel(store, source, o.dtype, { appBaseUrl: 'http://localhost/', fetch: o.fetch });
  return { plan: final, report, folder: path.resolve(o.out, o.repo) };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dtype: { type: 'string', default: 'q4f16' },
      host: { type: 'string', default: process.env.HF_ENDPOINT ?? DEFAULT_HUB_HOST },
      revision: { type: 'string', default: 'main' },
      out: { type: 'string', default: 'public/models' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const repo = positionals[0];
  if (values.help || !repo) {
    console.log('usage: npm run fetch-model -- <hub id> [--dtype q4f16|q4|fp16|fp32] [--host URL] [--revision main] [--out public/models]');
    return values.help ? 0 : 2;
  }
  const dtype = values.dtype as Dtype;
  if (!DTYPES.includes(dtype)) {
    console.error(`--dtype must be one of ${DTYPES.join(', ')}`);
    return 2;
  }
  console.log(`Mirroring ${repo} (${dtype}) from ${values.host} into ${path.resolve(values.out, repo)}`);
  let lastLine = 0;
  try {
    const { plan, report, folder } = await fetchModel({
      repo,
      dtype,
      host: values.host,
      revision: values.revision,
      out: values.out,
      onProgress: (p) => {
        const t = Date.now();
        if (t - lastLine < 2000 && p.loaded < p.total) return;
        lastLine = t;
        const pct = p.total > 0 ? ((100 * p.loaded) / p.total).toFixed(1) : '?';
        const eta = p.etaSec !== null ? `${Math.round(p.etaSec)} s left` : '';
        console.log(`  ${formatBytes(p.loaded)} / ${formatBytes(p.total)} (${pct} %) ${formatBytes(p.bytesPerSec)}/s ${eta}`);
      },
    });
    for (const f of plan.files) console.log(`  ${f.file}  ${formatBytes(f.size)}`);
    console.log(
      `Done: ${plan.files.length} files, ${formatBytes(plan.totalBytes)} in ${folder}` +
        ` (downloaded ${formatBytes(report.bytesDownloaded)}, ${report.retries} retries).`,
    );
    console.log(`Load it in the app with ?model=local:${repo} (served from <base>models/${repo}/).`);
    return 0;
  } catch (e) {
    if (e instanceof ModelStoreError) {
      console.error(`fetch-model: ${e.message}${e.detail ? `\n  (${e.detail})` : ''}`);
      return 1;
    }
    throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('fetch-model.ts')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
