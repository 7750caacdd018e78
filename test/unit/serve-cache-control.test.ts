import { describe, expect, it } from 'vitest';
import { cacheControlFor, IMMUTABLE } from '../../tools/serve/cache-control.ts';

describe('Cache-Control of built files', () => {
  it('keeps hashed assets a year, immutable', () => {
    expect(IMMUTABLE).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('/assets/index-B2x_Q9-a.js')).toBe(IMMUTABLE);
    expect(cacheControlFor('/assets/KaTeX_Main-Regular-B22Nviop.woff2')).toBe(IMMUTABLE);
    expect(cacheControlFor('/assets/ort-wasm-simd-threaded.jsep-CLe2XY12.wasm')).toBe(IMMUTABLE);
  });
  it('leaves the page, the service worker, the manifest, unhashed files and models to revalidate', () => {
    for (const p of ['/', '/index.html', '/sw.js', '/workbox-9c191d2f.js', '/manifest.webmanifest', '/assets/logo.svg', '/models/local-r1/demo-tiny/config.json']) {
      expect(cacheControlFor(p), p).toBeNull();
    }
  });
});
