import { describe, expect, it } from 'vitest';
import { DEMO_MODEL_ID, normalizeHost, readEngineUrlParams, sourceFromModelId } from '../../src/core/url-params.ts';

describe('URL parameters', () => {
  it('reads model, hub, device and dtype and ignores bad values', () => {
    expect(readEngineUrlParams('?model=a/b&hub=http://127.0.0.1:9000&device=wasm&dtype=q4f16')).toEqual({
      model: 'a/b',
      hub: 'http://127.0.0.1:9000/',
      device: 'wasm',
      dtype: 'q4f16',
    });
    expect(readEngineUrlParams('?device=gpu&dtype=q2&hub=javascript:alert(1)')).toEqual({});
    expect(readEngineUrlParams('?dtype=q8')).toEqual({ dtype: 'q8' });
  });

  it('normalizes hosts', () => {
    expect(normalizeHost('http://127.0.0.1:1/x')).toBe('http://127.0.0.1:1/x/');
    expect(normalizeHost('ftp://x')).toBeUndefined();
    expect(normalizeHost('')).toBeUndefined();
  });

  it('maps model ids to sources', () => {
    expect(sourceFromModelId(DEMO_MODEL_ID)).toEqual({ kind: 'same-origin', id: 'local-r1/demo-tiny' });
    expect(sourceFromModelId('onnx-community/X')).toEqual({ kind: 'hub', repo: 'onnx-community/X' });
    expect(sourceFromModelId('local:tiny-scripted')).toEqual({ kind: 'same-origin', id: 'tiny-scripted' });
    expect(sourceFromModelId('hub:local-r1/x')).toEqual({ kind: 'hub', repo: 'local-r1/x' });
    expect(sourceFromModelId('org/m', 'http://127.0.0.1:5/')).toEqual({ kind: 'hub', repo: 'org/m', host: 'http://127.0.0.1:5/' });
  });
});
