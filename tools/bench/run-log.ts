/** The bench's progress log (seconds since start, on stderr), error text and time limits. */
export const T0 = performance.now();
const elapsed = () => `${((performance.now() - T0) / 1000).toFixed(0).padStart(4)} s`;
export const log = (msg: string) => process.stderr.write(`[bench ${elapsed()}] ${msg}\n`);
export const errText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 400);

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
