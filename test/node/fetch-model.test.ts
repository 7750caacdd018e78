/**
 * `npm run fetch-model` against the loopback hub: mirrors the files a dtype needs into `<out>/<repo>/`,
 * survives a cut connection, verifies sha256, resumes an interrupted run, and re-runs without downloading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startHubServer, type HubServer } from '../support/hub-server.ts';
import { fetchModel } from '../../tools/fetch-model/fetch-model.ts';
import { ModelStoreError } from '../../src/storage/models/errors.ts';

const REPO = 'onnx-community/Tiny-R1-ONNX';
const ONNX = 'onnx/model_q4f16.onnx';
let src: string;
let out: string;
let hub: HubServer;
let onnx: Buffer;

beforeAll(async () => {
  src = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-src-'));
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-out-'));
  fs.mkdirSync(path.join(src, 'onnx'));
  fs.writeFileSync(path.join(src, 'config.json'), JSON.stringify({ model_type: 'qwen2' }));
  fs.writeFileSync(path.join(src, 'generation_config.json'), '{}');
  fs.writeFileSync(path.join(src, 'tokenizer.json'), JSON.stringify({ big: 'x'.repeat(100_000) }));
  fs.writeFileSync(path.join(src, 'tokenizer_config.json'), '{}');
  fs.writeFileSync(path.join(src, 'README.md'), 'not needed');
  fs.writeFileSync(path.join(src, 'onnx/model_q4.onnx'), crypto.randomBytes(1000)); // another dtype: not mirrored
  onnx = crypto.randomBytes(2 * 1024 * 1024 + 77);
  fs.writeFileSync(path.join(src, ONNX), onnx);
  hub = await startHubServer({ repos: { [REPO]: src } });
});

afterAll(async () => {
  await hub.close();
  fs.rmSync(src, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
});

const fast = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 };

describe('fetch-model', () => {
  it('mirrors exactly the needed files into <out>/<repo>/, through a dropped connection', async () => {
    hub.setFaults([{ kind: 'drop', file: ONNX, afterBytes: 1_000_000 }]);
    const { plan, report, folder } = await fetchModel({ repo: REPO, dtype: 'q4f16', host: hub.url, out, retry: fast });
    expect(folder).toBe(path.join(out, REPO));
    expect(report.retries).toBe(1);
    expect(plan.complete).toBe(true);
    expect(fs.readFileSync(path.join(folder, ONNX)).equals(onnx)).toBe(true);
    expect(fs.readFileSync(path.join(folder, 'tokenizer.json'), 'utf8')).toBe(fs.readFileSync(path.join(src, 'tokenizer.json'), 'utf8'));
    const listing = fs.readdirSync(folder, { recursive: true }).map(String).sort();
    expect(listing).toEqual(
      ['.local-r1-manifest.json', 'config.json', 'generation_config.json', 'onnx', ONNX, 'tokenizer.json', 'tokenizer_config.json'].sort(),
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, '.local-r1-manifest.json'), 'utf8')) as {
      files: Record<string, { sha256: string; verified: string }>;
    };
    expect(manifest.files[ONNX].sha256).toBe(crypto.createHash('sha256').update(onnx).digest('hex'));
    expect(manifest.files[ONNX].verified).toBe('sha256');
    expect(hub.bytesSent(ONNX)).toBeLessThan(1.1 * onnx.length);
  });

  it('a second run downloads nothing', async () => {
    hub.clearLog();
    const { report } = await fetchModel({ repo: REPO, dtype: 'q4f16', host: hub.url, out });
    expect(report.bytesDownloaded).toBe(0);
    expect(hub.log).toEqual([]);
  });

  it('an interrupted run resumes from the bytes on disk', async () => {
    const out2 = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-out2-'));
    try {
      hub.setFaults([{ kind: 'drop', file: ONNX, afterBytes: 1_500_000, times: 'always' }]);
      const err = await fetchModel({ repo: REPO, dtype: 'q4f16', host: hub.url, out: out2, retry: { maxAttempts: 0, baseDelayMs: 1, maxDelayMs: 1 } }).catch(
        (e: unknown) => e,
      );
      expect((err as ModelStoreError).code).toBe('network');
      expect(fs.statSync(path.join(out2, REPO, ONNX)).size).toBe(1_500_000);
      hub.setFaults([]);
      hub.clearLog();
      await fetchModel({ repo: REPO, dtype: 'q4f16', host: hub.url, out: out2 });
      expect(fs.readFileSync(path.join(out2, REPO, ONNX)).equals(onnx)).toBe(true);
      expect(hub.bytesSent(ONNX)).toBe(onnx.length - 1_500_000);
    } finally {
      fs.rmSync(out2, { recursive: true, force: true });
    }
  });

  it('the npm script runs and reports a missing repo clearly', async () => {
    const run = promisify(execFile);
    const ok = await run('npx', ['tsx', 'tools/fetch-model/fetch-model.ts', REPO, '--host', hub.url, '--out', out, '--dtype', 'q4f16'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
    });
    expect(ok.stdout).toContain(`?model=local:${REPO}`);
    const bad = await run('npx', ['tsx', 'tools/fetch-model/fetch-model.ts', 'nobody/nothing', '--host', hub.url, '--out', out], {
      cwd: path.resolve(import.meta.dirname, '../..'),
    }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toMatch(/config\.json/);
  });
});
