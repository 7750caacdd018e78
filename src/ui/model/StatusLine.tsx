/** Device, dtype and adapter of the loaded model (or what the probe found before loading). */
import type { GpuInfo, LoadedModelInfo } from '../../core/index.ts';
import { useFmt } from '../i18n/react.ts';
import type { Fmt } from '../i18n/types.ts';
import { modelLabelText } from './choice.ts';

/** The engine's name for "no GPU" (`WASM_ADAPTER_NAME` in src/engine/device.ts), shown in the user's language. */
const WASM_ADAPTER = 'CPU (WASM)';

export function adapterLabel(f: Fmt, gpu: GpuInfo | null): string {
  if (!gpu) return f.t('status.checkingGpu');
  if (!gpu.adapterFound) return f.t('status.noAdapter');
  const name = [gpu.vendor, gpu.architecture].filter(Boolean).join(' ') || gpu.description || f.t('status.unknownGpu');
  return gpu.isFallbackAdapter ? f.t('status.software', { name }) : name;
}

export function StatusLine({ info, gpu, label }: { info: LoadedModelInfo | null; gpu: GpuInfo | null; label: string | null }) {
  const f = useFmt();
  if (info) {
    return (
      <p className="status-line" data-testid="status-line">
        <span className="status-line__model">{label === null ? null : modelLabelText(f, label)}</span>
        <span>
          {f.t('status.device')} <strong data-testid="device">{info.device === 'webgpu' ? 'WebGPU' : f.t('status.wasmCpu')}</strong>
        </span>
        <span>
          {f.t('status.dtype')} <strong data-testid="dtype">{info.dtype}</strong>
        </span>
        <span>
          {f.t('status.adapter')} <strong data-testid="adapter">{info.adapterName === WASM_ADAPTER ? f.t('status.cpuWasm') : info.adapterName}</strong>
        </span>
        {info.device === 'wasm' && info.wasmThreads !== undefined && (
          <span>
            {f.t('status.threads')} <strong data-testid="threads">{info.wasmThreads}</strong>
          </span>
        )}
      </p>
    );
  }
  return (
    <p className="status-line muted" data-testid="status-line">
      {f.t('status.noModel', { gpu: adapterLabel(f, gpu) })}
    </p>
  );
}

/** A server answers: the conversation leaves this device, and the line says where it goes. */
export function RemoteStatusLine({ host, model }: { host: string; model: string }) {
  const f = useFmt();
  return (
    <p className="status-line status-line--remote" data-testid="status-line" data-remote={host}>
      <span className="status-line__model">{model}</span>
      <span>
        {f.t('remote.chatsGoTo')} <strong data-testid="remote-host">{host}</strong>
        {f.t('remote.notInBrowser')}
      </span>
    </p>
  );
}
