/** Device, dtype and adapter of the loaded model (or what the probe found before loading). */
import type { GpuInfo, LoadedModelInfo } from '../../core/index.ts';

export function adapterLabel(gpu: GpuInfo | null): string {
  if (!gpu) return 'checking for a GPU…';
  if (!gpu.adapterFound) return 'no WebGPU adapter';
  const name = [gpu.vendor, gpu.architecture].filter(Boolean).join(' ') || gpu.description || 'unknown GPU';
  return gpu.isFallbackAdapter ? `${name} (software)` : name;
}

export function StatusLine({ info, gpu, label }: { info: LoadedModelInfo | null; gpu: GpuInfo | null; label: string | null }) {
  if (info) {
    return (
      <p className="status-line" data-testid="status-line">
        <span className="status-line__model">{label}</span>
        <span>
          device <strong data-testid="device">{info.device === 'webgpu' ? 'WebGPU' : 'WASM (CPU)'}</strong>
        </span>
        <span>
          dtype <strong data-testid="dtype">{info.dtype}</strong>
        </span>
        <span>
          adapter <strong data-testid="adapter">{info.adapterName}</strong>
        </span>
      </p>
    );
  }
  return (
    <p className="status-line muted" data-testid="status-line">
      No model loaded · GPU: {adapterLabel(gpu)}
    </p>
  );
}

/** A server answers: the conversation leaves this device, and the line says where it goes. */
export function RemoteStatusLine({ host, model }: { host: string; model: string }) {
  return (
    <p className="status-line status-line--remote" data-testid="status-line" data-remote={host}>
      <span className="status-line__model">{model}</span>
      <span>
        Chats go to <strong data-testid="remote-host">{host}</strong>, not to a model in this browser
      </span>
    </p>
  );
}
