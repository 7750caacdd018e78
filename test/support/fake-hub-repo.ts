/**
 * A throwaway model repo (config, tokenizer files, one ONNX file of random bytes) served by the loopback
 * hub, for the downloader's Node tests: the downloader does not care what the files hold. Registers the
 * vitest hooks that create it, clear the hub's faults and log before each test, and remove it afterwards.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startHubServer, type HubServer } from './hub-server.ts';

export interface FakeHubRepo {
  readonly hub: HubServer;
  /** The repo's folder on disk (a test may hide a file for a while). */
  readonly dir: string;
  /** The ONNX file's bytes as served. */
  readonly onnxBytes: Buffer;
  /** The model source the app would use for this repo. */
  source(): { kind: 'hub'; repo: string; host: string };
}

export function useFakeHubRepo(repo: string, onnxFile: string, onnxSize: number): FakeHubRepo {
  let dir = '';
  let hub: HubServer | null = null;
  let onnxBytes: Buffer | null = null;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-repo-'));
    fs.mkdirSync(path.join(dir, path.dirname(onnxFile)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ model_type: 'qwen2' }));
    fs.writeFileSync(path.join(dir, 'generation_config.json'), JSON.stringify({ eos_token_id: 1 }));
    fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify({ model: { vocab: {} } }));
    fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ chat_template: '' }));
    onnxBytes = crypto.randomBytes(onnxSize);
    fs.writeFileSync(path.join(dir, onnxFile), onnxBytes);
    hub = await startHubServer({ repos: { [repo]: dir } });
  });

  afterAll(async () => {
    await hub?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    hub?.setFaults([]);
    hub?.clearLog();
  });

  const started = <T>(v: T | null): T => {
    if (v === null) throw new Error('the fake hub repo is used before its beforeAll hook ran');
    return v;
  };
  return {
    get hub() {
      return started(hub);
    },
    get dir() {
      return started(dir || null);
    },
    get onnxBytes() {
      return started(onnxBytes);
    },
    source: () => ({ kind: 'hub', repo, host: started(hub).url }),
  };
}
