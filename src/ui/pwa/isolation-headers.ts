/**
 * Cross-origin isolation for the app's own responses: `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: credentialless` make the page `crossOriginIsolated`, which gives
 * onnxruntime-web SharedArrayBuffer and so several WASM threads. `credentialless` (not `require-corp`)
 * keeps cross-origin fetches working without the other host's cooperation: CORS requests (the hub's
 * files) are unchanged, no-cors ones go without cookies. The service worker (src/sw.ts) adds them to
 * every response it serves, `npm start` (tools/serve) sends them, docs/deploying.md has them for hosts.
 * Pure: no service-worker APIs here.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

/** `response` with the isolation headers added (its body untouched); opaque and error responses as they are. */
export function withIsolationHeaders(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const missing = Object.entries(ISOLATION_HEADERS).filter(([k]) => !response.headers.has(k));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [k, v] of missing) headers.set(k, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
