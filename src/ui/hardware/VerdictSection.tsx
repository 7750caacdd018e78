/** "What this machine can run": each model × dtype × device with its memory and, where not, why not. */
import { useId, useMemo, useState } from 'react';
import { formatBytes, R1_DISTILL_QWEN_1_5B, R1_DISTILL_QWEN_7B, WEIGHT_DTYPES, type LlmConfig } from '../../hardware/memory.ts';
import type { HardwareReport } from '../../hardware/probe.ts';
import { judge, recommend, storageShortfall, type RunDevice, type Verdict, type VerdictLevel } from '../../hardware/verdict.ts';

const MODELS: { name: string; config: LlmConfig }[] = [
  { name: 'DeepSeek-R1-Distill-Qwen-1.5B', config: R1_DISTILL_QWEN_1_5B },
  { name: 'DeepSeek-R1-Distill-Qwen-7B', config: R1_DISTILL_QWEN_7B },
];
const DEVICES: RunDevice[] = ['webgpu', 'wasm'];
const CONTEXTS = [2048, 4096, 8192, 16384, 32768];
/** The engine's prefill chunk (src/engine/llm.ts DEFAULT_TUNING). */
const PREFILL_CHUNK = 256;

const LEVEL_TEXT: Record<VerdictLevel, string> = { ok: 'runs', slow: 'runs, slowly', risky: 'may not fit', no: 'cannot run' };

export function VerdictSection({ report }: { report: HardwareReport | null }) {
  const id = useId();
  const [context, setContext] = useState(4096);
  const rows = useMemo(() => {
    if (!report) return [];
    return MODELS.map((m) => {
      const verdicts: Verdict[] = [];
      for (const dtype of WEIGHT_DTYPES)
        for (const device of DEVICES) verdicts.push(judge(m.name, m.config, dtype, device, report, { contextTokens: context, prefillChunk: PREFILL_CHUNK }));
      return { model: m.name, verdicts, rec: recommend(m.name, verdicts) };
    });
  }, [report, context]);
  if (!report) return null;
  return (
    <section className="hw-section" aria-labelledby="hw-verdict">
      <h3 id="hw-verdict">What this machine can run</h3>
      <div className="field field--inline">
        <label htmlFor={`${id}-ctx`}>Context window (KV cache size)</label>
        <select id={`${id}-ctx`} value={context} onChange={(e) => setContext(Number(e.target.value))}>
          {CONTEXTS.map((c) => (
            <option key={c} value={c}>
              {c.toLocaleString('en-US')} tokens
            </option>
          ))}
        </select>
      </div>
      {rows.map(({ model, verdicts, rec }) => (
        <div key={model} className="hw-model">
          <h4>{model}</h4>
          <p className={rec.best ? 'hw-recommend' : 'hw-callout'} data-testid="recommendation">
            {rec.summary}
          </p>
          <table className="hw-table hw-verdicts">
            <thead>
              <tr>
                <th scope="col">dtype</th>
                <th scope="col">device</th>
                <th scope="col" className="num">weights</th>
                <th scope="col" className="num">KV cache</th>
                <th scope="col" className="num">logits / chunk</th>
                <th scope="col" className="num">total</th>
                <th scope="col">verdict</th>
              </tr>
            </thead>
            <tbody>
              {verdicts.map((v) => {
                const storage = storageShortfall(report, v.memory.weights.total);
                const reasons = storage ? [...v.reasons, storage] : v.reasons;
                return (
                  <tr key={`${v.dtype}-${v.device}`} className={`hw-level--${v.level}`}>
                    <td>{v.dtype}</td>
                    <td>{v.device === 'webgpu' ? 'WebGPU' : 'WASM'}</td>
                    <td className="num">{formatBytes(v.memory.weights.total)}</td>
                    <td className="num">{formatBytes(v.memory.kvCache)}</td>
                    <td className="num">{formatBytes(v.memory.logits)}</td>
                    <td className="num">{formatBytes(v.memory.total)}</td>
                    <td>
                      <strong>{LEVEL_TEXT[v.level]}</strong>
                      {reasons.length > 0 && (
                        <ul className="hw-reasons">
                          {reasons.map((r) => (
                            <li key={r}>{r}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
      <p className="muted small">
        Weights from each model's config.json (4-bit blocks of 32 with one scale each for q4/q4f16; the embedding stays
        16- or 32-bit); KV cache = 2 × layers × KV heads × head size × tokens × bytes; logits for one {PREFILL_CHUNK}-token
        prefill chunk. WebGPU limits come from the adapter; WASM memory is capped at 4 GiB.
      </p>
    </section>
  );
}
