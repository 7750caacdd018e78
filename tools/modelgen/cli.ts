/**
 * npm run models -- --preset tiny|r1-1.5b --dtypes fp32,q4,q4f16,q8,int8,uint8 [--script models/scripts/x.json | --random]
 *                   [--seed N] [--template r1|legacy] [--perturb N] --out models/<name>
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { generateModel } from './generate.ts';
import { loadScript } from './script.ts';
import type { Dtype, ModelSpec, PresetName, TemplateName } from './types.ts';

const USAGE = `Usage: npm run models -- --preset tiny|r1-1.5b --dtypes fp32,q4,q4f16,q8,int8,uint8
         (--script models/scripts/<file>.json | --random) [--seed N] [--template r1|legacy] [--perturb N]
         --out models/<name>

  --dtypes LIST   ONNX files (default fp32,q4,q4f16): fp32 model.onnx, q4 model_q4.onnx, q4f16 model_q4f16.onnx,
                  q8 model_quantized.onnx, int8 model_int8.onnx, uint8 model_uint8.onnx (8-bit: dynamic quantization)
  --script FILE   scripted behaviour: {"turns": ["reasoning…</think>\\n\\nanswer", "turn 2", …]}
  --random        seeded random weights, EOS suppressed (runs exactly max_new_tokens)
  --seed N        weight seed (default 0; for --random the seed that defines the model)
  --template T    r1 (prompt ends "<｜Assistant｜><think>\\n", default) or legacy (ends "<｜Assistant｜>")
  --perturb N     (random only) perturb the lm_head with seed N: top-1 differs from the unperturbed model
  --out DIR       output folder (replaced atomically)`;

function fail(msg: string): never {
  console.error(`error: ${msg}\n\n${USAGE}`);
  process.exit(2);
}

const mb = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`);

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        preset: { type: 'string', default: 'tiny' },
        dtypes: { type: 'string', default: 'fp32,q4,q4f16' },
        script: { type: 'string' },
        random: { type: 'boolean', default: false },
        seed: { type: 'string' },
        template: { type: 'string', default: 'r1' },
        perturb: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.out) fail('--out is required');
  if (values.script && values.random) fail('give either --script or --random, not both');
  if (!values.script && !values.random) fail('give --script FILE or --random');
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) fail('--seed must be an integer');
  const spec: ModelSpec = {
    preset: values.preset as PresetName,
    dtypes: values.dtypes.split(',').map((d) => d.trim()).filter(Boolean) as Dtype[],
    template: values.template as TemplateName,
    behaviour: values.random
      ? { kind: 'random', seed: seed ?? 0 }
      : { kind: 'scripted', script: loadScript(values.script!), seed },
    ...(values.perturb !== undefined ? { perturb: { seed: Number(values.perturb) } } : {}),
  };
  const out = path.resolve(values.out);
  console.log(`Generating ${spec.preset} (${spec.dtypes.join(', ')}, ${spec.behaviour.kind}) into ${out}`);
  const res = await generateModel(spec, out, { log: (l) => console.log(`  ${l}`) });
  const total = res.files.reduce((n, f) => n + f.bytes, 0);
  for (const f of res.files) console.log(`  ${f.path.padEnd(28)} ${String(f.bytes).padStart(14)} bytes  (${mb(f.bytes)})`);
  console.log(`Wrote ${res.files.length} files, ${total} bytes (${mb(total)}) in ${(res.ms / 1000).toFixed(1)} s; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
}

main().catch((e: unknown) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
