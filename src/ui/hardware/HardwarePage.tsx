/**
 * The Hardware page: what this browser and machine offer (WebGPU adapter, features, limits, WASM
 * threads, storage, memory), what that means (which model and dtype runs, with its memory, and why
 * not where not), a standard benchmark on the loaded model, and a correctness check for this GPU.
 */
import { useEffect, useState } from 'react';
import type { EngineClient } from '../../worker/client.ts';
import type { LoadedModelInfo } from '../../core/index.ts';
import { probeHardware, type HardwareReport } from '../../diagnostics/probe.ts';
import { BenchmarkSection } from './BenchmarkSection.tsx';
import { CapabilitySection } from './CapabilitySection.tsx';
import { CorrectnessSection } from './CorrectnessSection.tsx';
import { VerdictSection } from './VerdictSection.tsx';
import { useFmt } from '../i18n/react.ts';
import './hardware.css';

/** The loaded model, kept current while the page is open. */
function useLoadedModel(engine: EngineClient): LoadedModelInfo | null {
  const [info, setInfo] = useState<LoadedModelInfo | null>(null);
  useEffect(() => {
    let alive = true;
    engine
      .modelInfo()
      .then((i) => alive && setInfo(i))
      .catch(() => alive && setInfo(null));
    const offLoaded = engine.on('loaded', (m) => setInfo(m.info));
    const offUnloaded = engine.on('unloaded', () => setInfo(null));
    return () => {
      alive = false;
      offLoaded();
      offUnloaded();
    };
  }, [engine]);
  return info;
}

export function HardwarePage({ engine }: { engine: EngineClient }) {
  const f = useFmt();
  const [report, setReport] = useState<HardwareReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const info = useLoadedModel(engine);
  useEffect(() => {
    let alive = true;
    probeHardware()
      .then((r) => alive && setReport(r))
      .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
    };
  }, []);
  return (
    <div className="hardware" aria-labelledby="hardware-title">
      <h2 id="hardware-title">{f.t('app.hardware')}</h2>
      {error && (
        <p role="alert" className="error">
          {f.t('hardware.probeFailed', { error })}
        </p>
      )}
      <CapabilitySection report={report} />
      <VerdictSection report={report} />
      <BenchmarkSection engine={engine} info={info} report={report} />
      <CorrectnessSection engine={engine} info={info} report={report} />
    </div>
  );
}
