/**
 * Byte counts for people, one convention app-wide (download progress, storage panel, quota messages,
 * Hardware page, benchmark reports, CLIs): decimal units as the Hugging Face Hub shows file sizes
 * (`1.37 GB`, `531 kB`), three significant digits.
 */
const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB'];
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number, digits?: number): string {
  if (!Number.isFinite(bytes)) return '?';
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < DECIMAL.length - 1) {
    v /= 1000;
    i++;
  }
  const d = digits ?? (i === 0 ? 0 : Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2);
  return `${v.toFixed(d)} ${DECIMAL[i]}`;
}

/** Binary units, for limits that are powers of two (`128 MiB`, `4 GiB`). */
export function formatBinaryBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '?';
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < BINARY.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${BINARY[i]}`;
}
