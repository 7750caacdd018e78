/** What the browser reports: WebGPU adapter, features, limits, WASM threads, storage, memory. */
import { formatBinaryBytes, formatBytes } from '../../core/units.ts';
import { LLM_LIMITS, type HardwareReport } from '../../diagnostics/probe.ts';

/** Features worth a word for LLM inference. */
const FEATURE_NOTES: Record<string, string> = {
  'shader-f16': '16-bit floats in shaders: needed for q4f16 and fp16 models',
  subgroups: 'subgroup operations: faster reductions in matmul and softmax',
  'timestamp-query': 'GPU timers (profiling)',
};

const LIMIT_NOTES: Partial<Record<(typeof LLM_LIMITS)[number], string>> = {
  maxBufferSize: 'largest GPU buffer',
  maxStorageBufferBindingSize: 'largest tensor a shader can read: the 467 MB fp16 embedding must fit',
  maxComputeWorkgroupStorageSize: 'shared memory per workgroup (tiling in matmul kernels)',
  maxComputeInvocationsPerWorkgroup: 'threads per workgroup',
};

const isBytes = (k: string) => /Size$/.test(k);

export function CapabilitySection({ report }: { report: HardwareReport | null }) {
  if (!report) {
    return (
      <section className="hw-section" aria-labelledby="hw-caps">
        <h3 id="hw-caps">This browser and machine</h3>
        <p className="muted">Asking the browser…</p>
      </section>
    );
  }
  const a = report.webgpu.adapter;
  return (
    <section className="hw-section" aria-labelledby="hw-caps">
      <h3 id="hw-caps">This browser and machine</h3>
      <h4>WebGPU</h4>
      {!a ? (
        <p className="hw-callout" data-testid="webgpu-status">
          {report.webgpu.api
            ? 'No WebGPU adapter: the browser has the WebGPU API but offered no GPU (WebGPU disabled or the GPU blocklisted). The model runs on the CPU (WASM).'
            : 'This browser has no WebGPU. The model runs on the CPU (WASM).'}
          {report.webgpu.error ? ` (${report.webgpu.error})` : ''}
        </p>
      ) : (
        <>
          <p data-testid="webgpu-status" className={a.isSoftware ? 'hw-callout' : undefined}>
            {a.isSoftware
              ? 'WebGPU is present, but the adapter is a software renderer (the CPU pretending to be a GPU). WASM on the same CPU is faster, so the app runs the model with WASM unless you choose WebGPU.'
              : 'WebGPU is present with a hardware adapter.'}
          </p>
          <dl className="hw-facts" aria-label="Adapter">
            <dt>Vendor</dt>
            <dd data-testid="adapter-vendor">{a.vendor || '–'}</dd>
            <dt>Architecture</dt>
            <dd data-testid="adapter-architecture">{a.architecture || '–'}</dd>
            <dt>Device</dt>
            <dd data-testid="adapter-device">{a.device || '–'}</dd>
            <dt>Description</dt>
            <dd data-testid="adapter-description">{a.description || '–'}</dd>
            <dt>Fallback adapter</dt>
            <dd data-testid="adapter-fallback">{a.isFallbackAdapter ? 'yes (isFallbackAdapter)' : 'no'}</dd>
          </dl>
          <h4>Features</h4>
          {a.features.length === 0 ? (
            <p className="muted">None beyond the core.</p>
          ) : (
            <ul className="hw-features" aria-label="Adapter features">
              {a.features.map((f) => (
                <li key={f}>
                  <code>{f}</code>
                  {FEATURE_NOTES[f] ? <span className="muted"> — {FEATURE_NOTES[f]}</span> : null}
                </li>
              ))}
            </ul>
          )}
          {!a.features.includes('shader-f16') && (
            <p className="muted">No shader-f16: q4f16 and fp16 models cannot run on this adapter; q4 can.</p>
          )}
          <h4>Limits</h4>
          <table className="hw-table" aria-label="Adapter limits">
            <tbody>
              {LLM_LIMITS.filter((k) => a.limits[k] !== undefined).map((k) => (
                <tr key={k}>
                  <th scope="row">
                    <code>{k}</code>
                  </th>
                  <td className="num" data-limit={k}>
                    {isBytes(k) ? formatBinaryBytes(a.limits[k]!) : a.limits[k]!.toLocaleString('en-US')}
                  </td>
                  <td className="muted">{LIMIT_NOTES[k] ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h4>CPU (WASM), storage and memory</h4>
      <dl className="hw-facts">
        <dt>Logical cores</dt>
        <dd data-testid="cores">{report.logicalCores ?? 'not reported'}</dd>
        <dt>Cross-origin isolated</dt>
        <dd data-testid="isolated">
          {report.crossOriginIsolated
            ? 'yes: WASM can use several threads'
            : 'no: WASM runs on one thread (multi-threading needs COOP/COEP headers)'}
        </dd>
        <dt>WASM threads</dt>
        <dd data-testid="wasm-threads">{report.wasmThreads}</dd>
        <dt>Storage</dt>
        <dd data-testid="storage">
          {report.storage
            ? `${formatBytes(report.storage.usage)} used of ${formatBytes(report.storage.quota)} this site may use`
            : 'not reported'}
        </dd>
        <dt>Device memory hint</dt>
        <dd data-testid="device-memory">
          {report.deviceMemoryGiB !== null
            ? `${report.deviceMemoryGiB} GiB (navigator.deviceMemory: a rounded hint of system RAM, not GPU memory)`
            : 'not reported by this browser'}
        </dd>
      </dl>
    </section>
  );
}
