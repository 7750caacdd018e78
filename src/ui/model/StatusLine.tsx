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
        {info.device === 'wasm' && info.wasmThreads !== undefined && (
          <span>
            threads <strong data-testid="threads">{info.wasmThreads}</strong>
          </span>
        )}
      </p>
    );
  }
  return (
    <p className="status-line muted" data-testid="status-line">
      No model loaded · GPU: {adapterLabel(gpu)}
    </p>
  );
}
