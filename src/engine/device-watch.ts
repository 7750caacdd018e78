/**
 * Watches the GPUDevice onnxruntime-web runs on for `GPUDevice.lost` (the GPU process crashed, the
 * driver reset, the device was destroyed). A lost device never comes back: everything WebGPU in this
 * worker fails from then on, so the host reports it once and the client starts a fresh worker.
 */

/** What `GPUDevice.lost` resolves with. */
export interface DeviceLoss {
  reason: string;
  message: string;
}

/** The part of a `GPUDevice` the watch needs (WebGPU's DOM types are not in every build's lib). */
export interface LosableDevice {
  readonly lost: Promise<{ reason: unknown; message: string }>;
}

export function isLosableDevice(x: unknown): x is LosableDevice {
  return typeof x === 'object' && x !== null && 'lost' in x && x.lost instanceof Promise;
}

export class DeviceWatch {
  private loss: DeviceLoss | null = null;
  private lostPromise: Promise<DeviceLoss> | null = null;
  private readonly watched = new WeakSet<LosableDevice>();

  constructor(private readonly onLost: (loss: DeviceLoss) => void) {}

  /** Report `device`'s loss once (a device watched before is not watched twice). */
  watch(device: LosableDevice): void {
    if (this.watched.has(device)) return;
    this.watched.add(device);
    this.lostPromise = device.lost.then((info) => {
      const loss = { reason: String(info.reason), message: info.message };
      this.loss ??= loss;
      this.onLost(loss);
      return loss;
    });
  }

  /**
   * The loss, waiting up to `graceMs` for it: a run on a dying device may throw (an invalid buffer, a
   * failed map) a moment before `lost` settles, and that error must not read as out of memory.
   */
  async lostWithin(graceMs: number): Promise<DeviceLoss | null> {
    if (this.loss || !this.lostPromise) return this.loss;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), graceMs)));
    try {
      return await Promise.race([this.lostPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
