/**
 * The sample Content-Security-Policy the app is tested under (test/e2e/deploy.spec.ts) and that the README
 * documents for a deployed site.
 *
 * - No remote scripts, no `unsafe-eval`, no `unsafe-inline` scripts.
 * - `'wasm-unsafe-eval'` IS needed: onnxruntime-web compiles its 27 MB wasm (`WebAssembly.instantiate`), and
 *   so does hash-wasm (sha256 of downloads). Without it, loading a model fails (tested).
 * - Styles: stylesheets are 'self'; `style-src-attr 'unsafe-inline'` lets KaTeX set style attributes to lay out
 *   formulas (attributes cannot run script); KaTeX's small fonts arrive as `data:` URLs (`font-src data:`).
 * - `connect-src` lists where model files may come from (and, for chatting with a server the user runs,
 *   that server's origin: docs/deploying.md): the site itself (demo / self-hosted weights) and,
 *   if the hub is used, huggingface.co plus the CDN hosts its file URLs redirect to (`*.hf.co`, e.g.
 *   `cas-bridge.xethub.hf.co`, `cdn-lfs.hf.co`; every redirect hop must be allowed).
 */
export const HUB_CONNECT_SOURCES = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co'];

export function sampleCsp(opts: { modelHosts?: string[]; wasm?: boolean } = {}): string {
  const connect = ["'self'", ...(opts.modelHosts ?? HUB_CONNECT_SOURCES)];
  return [
    "default-src 'self'",
    `script-src 'self'${opts.wasm === false ? '' : " 'wasm-unsafe-eval'"}`,
    "worker-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "img-src 'self' data: blob:",
    "style-src 'self'",
    // KaTeX lays formulas out with style="…" attributes; <style> elements and stylesheets stay 'self'.
    "style-src-attr 'unsafe-inline'",
    // Vite inlines KaTeX's smallest fonts as data: URLs inside its stylesheet.
    "font-src 'self' data:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
