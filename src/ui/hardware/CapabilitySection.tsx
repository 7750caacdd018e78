/** What the browser reports: WebGPU adapter, features, limits, WASM threads, storage, memory. */
import { LLM_LIMITS, type AdapterReport, type HardwareReport } from '../../diagnostics/probe.ts';
import { useFmt } from '../i18n/react.ts';
import { adapterText, featureNote, limitNote, limitText, machineRows, noAdapterText } from './capability-text.ts';

function AdapterFacts({ a }: { a: AdapterReport }) {
  const f = useFmt();
  return (
    <dl className="hw-facts" aria-label={f.t('hardware.adapter')}>
      <dt>{f.t('hardware.vendor')}</dt>
      <dd data-testid="adapter-vendor">{a.vendor || '–'}</dd>
      <dt>{f.t('hardware.architecture')}</dt>
      <dd data-testid="adapter-architecture">{a.architecture || '–'}</dd>
      <dt>{f.t('hardware.device')}</dt>
      <dd data-testid="adapter-device">{a.device || '–'}</dd>
      <dt>{f.t('hardware.description')}</dt>
      <dd data-testid="adapter-description">{a.description || '–'}</dd>
      <dt>{f.t('hardware.fallbackAdapter')}</dt>
      <dd data-testid="adapter-fallback">{f.t(a.isFallbackAdapter ? 'hardware.fallbackYes' : 'hardware.no')}</dd>
    </dl>
  );
}

function Features({ features }: { features: string[] }) {
  const f = useFmt();
  return (
    <>
      <h4>{f.t('hardware.featuresTitle')}</h4>
      {features.length === 0 ? (
        <p className="muted">{f.t('hardware.noFeatures')}</p>
      ) : (
        <ul className="hw-features" aria-label={f.t('hardware.adapterFeatures')}>
          {features.map((feature) => (
            <li key={feature}>
              <code>{feature}</code>
              {featureNote(f, feature) ? <span className="muted"> — {featureNote(f, feature)}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {!features.includes('shader-f16') && (
        <p className="muted">{f.t('hardware.noShaderF16')}</p>
      )}
    </>
  );
}

function Limits({ limits }: { limits: AdapterReport['limits'] }) {
  const f = useFmt();
  return (
    <>
      <h4>{f.t('hardware.limitsTitle')}</h4>
      <table className="hw-table" aria-label={f.t('hardware.adapterLimits')}>
        <tbody>
          {LLM_LIMITS.map((k) => [k, limits[k]] as const).map(([k, v]) =>
            v === undefined ? null : (
              <tr key={k}>
                <th scope="row">
                  <code>{k}</code>
                </th>
                <td className="num" data-limit={k}>
                  {limitText(f, k, v)}
                </td>
                <td className="muted">{limitNote(f, k)}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </>
  );
}

function WebGpu({ webgpu }: { webgpu: HardwareReport['webgpu'] }) {
  const f = useFmt();
  const a = webgpu.adapter;
  if (!a) {
    return (
      <p className="hw-callout" data-testid="webgpu-status">
        {noAdapterText(f, webgpu)}
      </p>
    );
  }
  return (
    <>
      <p data-testid="webgpu-status" className={a.isSoftware ? 'hw-callout' : undefined}>
        {adapterText(f, a.isSoftware)}
      </p>
      <AdapterFacts a={a} />
      <Features features={a.features} />
      <Limits limits={a.limits} />
    </>
  );
}

export function CapabilitySection({ report }: { report: HardwareReport | null }) {
  const f = useFmt();
  return (
    <section className="hw-section" aria-labelledby="hw-caps">
      <h3 id="hw-caps">{f.t('hardware.capsTitle')}</h3>
      {!report ? (
        <p className="muted">{f.t('hardware.asking')}</p>
      ) : (
        <>
          <h4>WebGPU</h4>
          <WebGpu webgpu={report.webgpu} />
          <h4>{f.t('hardware.cpuTitle')}</h4>
          <dl className="hw-facts">
            {machineRows(f, report).map(([label, testId, text]) => [
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
