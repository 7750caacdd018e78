/**
 * The sentences for failures a Node test cannot produce for real: a browser's CORS refusal (told apart
 * from a dead address by a `no-cors` request), and the HTTP-date form of Retry-After.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectionError, connectionTrouble, retryAfterSeconds } from '../../src/remote/index.ts';

const target = { host: 'gpu-box:8000', model: 'r1-70b' };

afterEach(() => vi.unstubAllGlobals());

describe('remote errors', () => {
  it('CORS: says what to set on the server, naming this page', () => {
    vi.stubGlobal('location', { origin: 'https://chat.example' });
    const e = connectionError('cors', target, 'TypeError: Failed to fetch');
    expect(e.code).toBe('remote-cors');
    expect(e.message).toContain('Access-Control-Allow-Origin');
    expect(e.message).toContain('OLLAMA_ORIGINS=https://chat.example');
    expect(e.detail).toBe('TypeError: Failed to fetch');
  });

  it('in a browser, "Failed to fetch" from an address that answers a no-cors request is CORS; from a dead one, unreachable', async () => {
    vi.stubGlobal('document', {});
    const server = http.createServer((_q, res) => res.end('{}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/models`;
    const failed = new TypeError('Failed to fetch');
    expect(await connectionTrouble(failed, url)).toBe('cors');
    await new Promise<void>((r) => server.close(() => r()));
    expect(await connectionTrouble(failed, url)).toBe('unreachable');
  });

  it('Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterSeconds('30')).toBe(30);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterSeconds('Thu, 01 Jan 2026 00:01:30 GMT', now)).toBe(90);
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });
});
