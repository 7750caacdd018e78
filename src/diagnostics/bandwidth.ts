/**
 * GPU memory bandwidth, for the decode-speed bound (bytes read per token ÷ bandwidth). Decoding one
 * token reads every weight once, so a GPU cannot decode faster than bandwidth ÷ bytes per token.
 *
 * WebGPU rarely names the exact GPU (Chromium hides `description` without developer flags), so the
 * figure comes from `--bandwidth` when given, else from this short table of vendor datasheet numbers
 * matched against the adapter's description/device/architecture; unknown GPUs get none.
 */

export interface KnownGpu {
  /** Matched case-insensitively against `vendor architecture device description`. */
  pattern: RegExp;
  name: string;
  /** Peak memory bandwidth from the vendor's datasheet, GB/s (10^9 bytes/s). */
  gbPerSec: number;
}

export const KNOWN_GPUS: readonly KnownGpu[] = [
  { pattern: /h200/i, name: 'NVIDIA H200', gbPerSec: 4800 },
  { pattern: /h100.*(sxm|hbm3)/i, name: 'NVIDIA H100 SXM', gbPerSec: 3350 },
  { pattern: /h100/i, name: 'NVIDIA H100 PCIe', gbPerSec: 2000 },
  { pattern: /a100.*80/i, name: 'NVIDIA A100 80GB', gbPerSec: 2039 },
  { pattern: /a100/i, name: 'NVIDIA A100 40GB', gbPerSec: 1555 },
  { pattern: /rtx 4090/i, name: 'NVIDIA RTX 4090', gbPerSec: 1008 },
  { pattern: /rtx 4080/i, name: 'NVIDIA RTX 4080', gbPerSec: 717 },
  { pattern: /rtx 3090/i, name: 'NVIDIA RTX 3090', gbPerSec: 936 },
  { pattern: /rtx 3060/i, name: 'NVIDIA RTX 3060', gbPerSec: 360 },
  { pattern: /l4\b/i, name: 'NVIDIA L4', gbPerSec: 300 },
  { pattern: /t4\b/i, name: 'NVIDIA T4', gbPerSec: 320 },
  { pattern: /m1 max/i, name: 'Apple M1 Max', gbPerSec: 400 },
  { pattern: /m2 max/i, name: 'Apple M2 Max', gbPerSec: 400 },
  { pattern: /m3 max/i, name: 'Apple M3 Max', gbPerSec: 400 },
  { pattern: /m1 pro|m2 pro/i, name: 'Apple M1/M2 Pro', gbPerSec: 200 },
  { pattern: /\bm1\b|apple-m1/i, name: 'Apple M1', gbPerSec: 68 },
  { pattern: /\bm2\b|apple-m2/i, name: 'Apple M2', gbPerSec: 100 },
];

export function knownBandwidth(adapterText: string): KnownGpu | null {
  return KNOWN_GPUS.find((g) => g.pattern.test(adapterText)) ?? null;
}

export interface BandwidthBound {
  bytesPerToken: number;
  gbPerSec: number;
  /** The most tokens per second the bandwidth allows. */
  boundTokPerSec: number;
  /** Measured decode ÷ bound (0–1 for a plausible measurement). */
  fraction: number;
}

export function bandwidthBound(bytesPerToken: number, gbPerSec: number, measuredTokPerSec: number): BandwidthBound {
  const boundTokPerSec = (gbPerSec * 1e9) / bytesPerToken;
  return { bytesPerToken, gbPerSec, boundTokPerSec, fraction: measuredTokPerSec / boundTokPerSec };
}
