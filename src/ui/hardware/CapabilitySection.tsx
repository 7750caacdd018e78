/** What the browser reports: WebGPU adapter, features, limits, WASM threads, storage, memory. */
import { LLM_LIMITS, type AdapterReport, type HardwareReport } from '../../diagnostics/probe.ts';
import { adapterText, FEATURE_NOTES, LIMIT_NOTES, limitText, machineRows, noAdapterText } from './capability-text.ts';

function AdapterFacts({ a }: { a: AdapterReport }) {
  return (
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
  );
}

function Features({ features }: { features: string[] }) {
  return (
    <>
      <h4>Features</h4>
      {features.length === 0 ? (
        <p className="muted">None beyond the core.</p>
      ) : (
        <ul className="hw-features" aria-label="Adapter features">
          {features.map((f) => (
            <li key={f}>
              <code>{f}</code>
              {FEATURE_NOTES[f] ? <span className="muted"> — {FEATURE_NOTES[f]}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {!features.includes('shader-f16') && (
        <p className="muted">No shader-f16: q4f16 and fp16 models cannot run on this adapter; q4 can.</p>
      )}
    </>
  );
}

function Limits({ limits }: { limits: AdapterReport['limits'] }) {
  return (
    <>
      <h4>Limits</h4>
      <table className="hw-table" aria-label="Adapter limits">
        <tbody>
          {LLM_LIMITS.map((k) => [k, limits[k]] as const).map(([k, v]) =>
            v === undefined ? null : (
              <tr key={k}>
                <th scope="row">
                  <code>{k}</code>
                </th>
                <td className="num" data-limit={k}>
                  {limitText(k, v)}
                </td>
                <td className="muted">{LIMIT_NOTES[k] ?? ''}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </>
  );
}

function WebGpu({ webgpu }: { webgpu: HardwareReport['webgpu'] }) {
  const a = webgpu.adapter;
  if (!a) {
    return (
      <p className="hw-callout" data-testid="webgpu-status">
        {noAdapterText(webgpu)}
      </p>
    );
  }
  return (
    <>
      <p data-testid="webgpu-status" className={a.isSoftware ? 'hw-callout' : undefined}>
        {adapterText(a.isSoftware)}
      </p>
      <AdapterFacts a={a} />
      <Features features={a.features} />
      <Limits limits={a.limits} />
    </>
  );
}

export function CapabilitySection({ report }: { report: HardwareReport | null }) {
  return (
    <section className="hw-section" aria-labelledby="hw-caps">
      <h3 id="hw-caps">This browser and machine</h3>
      {!report ? (
        <p className="muted">Asking the browser…</p>
      ) : (
        <>
          <h4>WebGPU</h4>
          <WebGpu webgpu={report.webgpu} />
          <h4>CPU (WASM), storage and memory</h4>
          <dl className="hw-facts">
            {machineRows(report).map(([label, testId, text]) => [
              <dt key={`${testId}-dt`}>{label}</dt>,
              <dd key={testId} data-testid={testId}>
                {text}
              </dd>,
            ])}
          </dl>
        </>
      )}
    </section>
  );
}
