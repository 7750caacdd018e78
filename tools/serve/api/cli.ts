/**
 * `npm run serve:api -- --model <folder or hub id> [--dtype q4] [--port 8080] [--host 127.0.0.1]
 *  [--cors-origin '*'] [--api-key KEY] [--context 4096]`
 *
 * An OpenAI-compatible server on the local engine (onnxruntime-node, CPU). Loopback only unless
 * `--host` says otherwise. See docs/api.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createNodeEngine, type NodeModel } from '../../../src/api/node.ts';
import type { Dtype } from '../../../src/core/index.ts';
import { startApiServer } from './server.ts';

const DTYPES: readonly Dtype[] = ['q4', 'q4f16', 'fp16', 'fp32'];
const DEFAULT_MODEL = 'onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: DEFAULT_MODEL },
    dtype: { type: 'string', default: 'q4' },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    'cors-origin': { type: 'string', default: '*' },
    'api-key': { type: 'string' },
    context: { type: 'string', default: '4096' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log('npm run serve:api -- --model <folder or hub id> [--dtype q4|q4f16|fp16|fp32] [--port 8080] [--host 127.0.0.1] [--cors-origin *] [--api-key KEY] [--context 4096]');
  process.exit(0);
}
const dtype = values.dtype as Dtype;
if (!DTYPES.includes(dtype)) throw new Error(`--dtype must be one of ${DTYPES.join(', ')}`);
const port = Number(values.port);
const context = Number(values.context);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a port number');
if (!Number.isInteger(context) || context < 64) throw new Error('--context must be a token count (at least 64)');

/** A folder that exists is a local model; anything else is a hub repo id. */
const folder = path.resolve(values.model);
const model: NodeModel = fs.existsSync(path.join(folder, 'config.json')) ? { modelDir: folder } : { hub: values.model };
const id = 'modelDir' in model ? path.basename(folder) : values.model;

const server = await startApiServer({
  host: values.host,
  port,
  corsOrigin: values['cors-origin'],
  ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
  model: id,
  load: () => createNodeEngine({ ...model, dtype, settings: { contextWindow: context, model: id } }),
});
console.log(`OpenAI-compatible API at ${server.url}/v1 (model '${id}', loading…)`);
server.ready.then(
  () => console.log(`model '${id}' ready`),
  () => process.exitCode = 1,
);
