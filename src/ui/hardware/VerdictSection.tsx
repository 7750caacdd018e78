/** "What this machine can run": each model × dtype with its memory and, per device, whether it runs and why not. */
import { useId, useMemo, useState } from 'react';
import { bytes, num } from '../format.ts';
import { useFmt } from '../i18n/react.ts';
import {
  R1_DISTILL_QWEN_1_5B,
  R1_DISTILL_QWEN_7B,
  WEIGHT_DTYPES,
  type LlmConfig,
  type WeightDtype,
} from '../../diagnostics/memory.ts';
import type { HardwareReport } from '../../diagnostics/probe.ts';
import { judge, recommend, storageShortfall, type Verdict, type VerdictLevel, type VerdictOptions } from '../../diagnostics/verdict.ts';

const MODELS: { name: string; config: LlmConfig }[] = [
  { name: 'DeepSeek-R1-Distill-Qwen-1.5B', config: R1_DISTILL_QWEN_1_5B },
  { name: 'DeepSeek-R1-Distill-Qwen-7B', config: R1_DISTILL_QWEN_7B },
];
const CONTEXTS = [2048, 4096, 8192, 16384, 32768];
/** The engine's prefill chunk (src/engine/llm.ts DEFAULT_TUNING). */
const PREFILL_CHUNK = 256;

function VerdictCell({ v, report }: { v: Verdict; report: HardwareReport }) {
  const f = useFmt();
  const storage = v.level !== 'no' && report.storage ? storageShortfall(report, v.memory.weights.total) : null;
  const said = v.reasons.map((text, i) => (v.said[i] && f.tr(v.said[i].key, v.said[i].values)) || text);
  const free = report.storage ? report.storage.quota - report.storage.usage : 0;
  const reasons = storage ? [...said, f.t('verdict.reasons.storage', { size: bytes(f, v.memory.weights.total), free: bytes(f, free) })] : said;
  return (
    <td className={`hw-level--${v.level}`} data-device={v.device} data-dtype={v.dtype} data-level={v.level}>
      <strong>{f.t(`verdict.levels.${v.level satisfies VerdictLevel}`)}</strong>
      {reasons.length > 0 && (
        <ul className="hw-reasons">
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </td>
  );
}

function ModelVerdicts({ name, config, report, opts }: { name: string; config: LlmConfig; report: HardwareReport; opts: VerdictOptions }) {
  const rows = WEIGHT_DTYPES.map((dtype: WeightDtype) => ({
    dtype,
    gpu: judge(name, config, dtype, 'webgpu', report, opts),
    cpu: judge(name, config, dtype, 'wasm', report, opts),
  }));
  const rec = recommend(name, rows.flatMap((r) => [r.gpu, r.cpu]));
  const f = useFmt();
  return (
    <>
      <p className={rec.best ? 'hw-recommend' : 'hw-callout'} data-testid="recommendation">
        {rec.said.map((s) => f.tr(s.key, s.values)).every((t) => t !== null) ? rec.said.map((s) => f.tr(s.key, s.values)).join(' ') : rec.summary}
      </p>
      <table className="hw-table hw-verdicts">
        <thead>
          <tr>
            <th scope="col">dtype</th>
            <th scope="col" className="num">{f.t('verdict.weights')}</th>
            <th scope="col" className="num">{f.t('verdict.kvCache')}</th>
            <th scope="col" className="num">{f.t('verdict.logits')}</th>
            <th scope="col" className="num">{f.t('verdict.total')}</th>
            <th scope="col">WebGPU</th>
            <th scope="col">{f.t('status.wasmCpu')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ dtype, gpu, cpu }) => (
            <tr key={dtype}>
              <th scope="row">{dtype}</th>
              <td className="num">{bytes(f, gpu.memory.weights.total)}</td>
              <td className="num">{bytes(f, gpu.memory.kvCache)}</td>
              <td className="num">{bytes(f, gpu.memory.logits)}</td>
              <td className="num">{bytes(f, gpu.memory.total)}</td>
              <VerdictCell v={gpu} report={report} />
              <VerdictCell v={cpu} report={report} />
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function VerdictSection({ report }: { report: HardwareReport | null }) {
  const f = useFmt();
  const id = useId();
  const [context, setContext] = useState(4096);
  const opts = useMemo<VerdictOptions>(() => ({ contextTokens: context, prefillChunk: PREFILL_CHUNK }), [context]);
  if (!report) return null;
  return (
    <section className="hw-section" aria-labelledby="hw-verdict">
      <h3 id="hw-verdict">{f.t('verdict.title')}</h3>
      <div className="field field--inline">
        <label htmlFor={`${id}-ctx`}>{f.t('verdict.context')}</label>
        <select id={`${id}-ctx`} value={context} onChange={(e) => setContext(Number(e.target.value))}>
          {CONTEXTS.map((c) => (
            <option key={c} value={c}>
              {f.t('verdict.tokens', { n: num(f, c) })}
            </option>
          ))}
        </select>
      </div>
      {MODELS.map((m, i) => (
        <details key={m.name} className="hw-model" open={i === 0}>
          <summary>
            <h4>{m.name}</h4>
          </summary>
          <ModelVerdicts name={m.name} config={m.config} report={report} opts={opts} />
        </details>
      ))}
      <p className="muted small">{f.t('verdict.footnote', { chunk: PREFILL_CHUNK })}</p>
    </section>
  );
}
