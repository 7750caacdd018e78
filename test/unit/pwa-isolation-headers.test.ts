import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, withIsolationHeaders } from '../../src/ui/pwa/isolation-headers.ts';

describe('cross-origin isolation headers (service worker, npm start)', () => {
  it('adds COOP same-origin and COEP credentialless, keeping status, headers and body', async () => {
    const r = withIsolationHeaders(new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html', 'Content-Security-Policy': "default-src 'self'" } }));
    expect(r.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(r.headers.get('Cross-Origin-Embedder-Policy')).toBe('credentialless');
    expect(r.headers.get('Content-Security-Policy')).toBe("default-src 'self'");
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('<!doctype html>');
    expect(Object.keys(ISOLATION_HEADERS)).toHaveLength(2);
  });

  it('leaves a response that already has them, and error responses, as they are', () => {
    const has = new Response('x', { headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } });
    expect(withIsolationHeaders(has)).toBe(has);
    const err = Response.error();
    expect(withIsolationHeaders(err)).toBe(err);
  });
});
