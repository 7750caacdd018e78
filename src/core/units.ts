/**
 * Byte counts for people, one convention app-wide (download progress, storage panel, quota messages,
 * Hardware page, benchmark reports, CLIs): decimal units as the Hugging Face Hub shows file sizes
 * (`1.37 GB`, `531 kB`), three significant digits.
 */
const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB'];
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `v` with `d` decimals: `toFixed` (the logs' and CLIs' form), or the way `locale` writes numbers. */
function fixed(v: number, d: number, locale?: string): string {
  return locale === undefined ? v.toFixed(d) : v.toLocaleString(locale, { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** `locale` (a BCP 47 tag) writes the number the way that language does; without it, `toFixed`. */
export function formatBytes(bytes: number, digits?: number, locale?: string): string {
  if (!Number.isFinite(bytes)) return '?';
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < DECIMAL.length - 1) {
    v /= 1000;
    i++;
  }
  const d = digits ?? (i === 0 ? 0 : Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2);
  return `${fixed(v, d, locale)} ${DECIMAL[i]}`;
}

/** Binary units, for limits that are powers of two (`128 MiB`, `4 GiB`). */
export function formatBinaryBytes(bytes: number, locale?: string): string {
  if (!Number.isFinite(bytes)) return '?';
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < BINARY.length - 1) {
    v /= 1024;
    i++;
  }
  return `${fixed(v, Number.isInteger(v) ? 0 : 1, locale)} ${BINARY[i]}`;
}
