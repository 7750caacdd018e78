/**
 * The store's file list must be exactly what transformers.js 4.3.1 will ask for, or a load would go to the
 * network for the missing file. Checked against `ModelRegistry.get_pipeline_files('text-generation', …)`,
 * served by the loopback hub, for the real repo's layout and for one with external data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env, ModelRegistry } from '@huggingface/transformers';
import { startHubServer, type HubServer } from '../support/hub-server.ts';
import { modelFileList } from '../../src/storage/models/files.ts';
import type { Dtype } from '../../src/core/index.ts';

let hub: HubServer;
let dir: string;

function writeRepo(name: string, config: object) {
  const d = path.join(dir, name);
  fs.mkdirSync(path.join(d, 'onnx'), { recursive: true });
  fs.writeFileSync(path.join(d, 'config.json'), JSON.stringify(config));
  for (const f of ['generation_config.json', 'tokenizer.json', 'tokenizer_config.json']) fs.writeFileSync(path.join(d, f), '{}');
  return d;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'files-'));
  const base = { model_type: 'qwen2', architectures: ['Qwen2ForCausalLM'] };
  hub = await startHubServer({
    repos: {
      'org/plain': writeRepo('plain', { ...base, 'transformers.js_config': { dtype: 'q4f16' } }),
      'org/ext': writeRepo('ext', {
        ...base,
        'transformers.js_config': { use_external_data_format: { 'model_fp16.onnx': 2, 'model.onnx': true } },
      }),
    },
  });
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = hub.url;
  env.useFSCache = false;
  env.useBrowserCache = false;
});

afterAll(async () => {
  await hub.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('modelFileList matches transformers.js', () => {
  const cases: [string, Dtype][] = [
    ['org/plain', 'q4f16'],
    ['org/plain', 'q4'],
    ['org/ext', 'fp16'],
    ['org/ext', 'fp32'],
    ['org/ext', 'q4'],
  ];
  for (const [repo, dtype] of cases) {
    it(`${repo} ${dtype}`, async () => {
      const theirs = await ModelRegistry.get_pipeline_files('text-generation', repo, { dtype });
      const config = JSON.parse(fs.readFileSync(path.join(dir, repo.split('/')[1], 'config.json'), 'utf8')) as object;
      expect([...modelFileList(config, dtype)].sort()).toEqual([...theirs].sort());
    });
  }
});
