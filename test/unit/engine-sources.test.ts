import { describe, expect, it } from 'vitest';
import { configureSource, indexLocalFiles, LOCAL_FILES_PREFIX, type SourceEnv } from '../../src/engine/sources.ts';

function fakeEnv(): SourceEnv {
  return {
    allowRemoteModels: true,
    allowLocalModels: false,
    remoteHost: 'x',
    remotePathTemplate: 'x',
    localModelPath: '/models/',
    useBrowserCache: true,
    fetch: () => Promise.reject(new Error('unused')),
  };
}

const file = (path: string, body = 'x') => {
  const f = new File([body], path.split('/').at(-1)!);
  Object.defineProperty(f, 'webkitRelativePath', { value: path });
  return f;
};

describe('configureSource', () => {
  it('hub: remote only, the hub URL layout, the given host', () => {
    const env = fakeEnv();
    const r = configureSource(env, { kind: 'hub', repo: 'org/model', host: 'http://127.0.0.1:9/' }, 'http://app/');
    expect(r.modelId).toBe('org/model');
    expect(env).toMatchObject({ allowRemoteModels: true, allowLocalModels: false, remoteHost: 'http://127.0.0.1:9/', remotePathTemplate: '{model}/resolve/{revision}/' });
    configureSource(env, { kind: 'hub', repo: 'org/model' }, 'http://app/');
    expect(env.remoteHost).toBe('https://huggingface.co/');
  });

  it('same-origin: a path under the app base (works under a sub-path), no remote', () => {
    const env = fakeEnv();
    const r = configureSource(env, { kind: 'same-origin', id: 'local-r1/demo-tiny' }, 'http://host:1/apps/r1/');
    expect(r.modelId).toBe('/apps/r1/models/local-r1/demo-tiny');
    expect(env).toMatchObject({ allowRemoteModels: false, allowLocalModels: true, useBrowserCache: false });
  });

  it('local files: served from the picked File objects, 404 for a missing one, other URLs untouched', async () => {
    const env = fakeEnv();
    const seen: string[] = [];
    const real = ((u: string | URL) => (seen.push(String(u)), Promise.resolve(new Response('real')))) as typeof fetch;
    const r = configureSource(
      env,
      { kind: 'local-files', id: 'my model', files: [file('my model/config.json', '{"a":1}'), file('my model/onnx/model_q4.onnx', 'onnx')] },
      'http://app/',
      real,
    );
    expect(r.modelId.startsWith(LOCAL_FILES_PREFIX)).toBe(true);
    const cfg = await env.fetch(`${r.modelId}/config.json`);
    expect(cfg.status).toBe(200);
    expect(cfg.headers.get('content-length')).toBe('7');
    expect(await cfg.text()).toBe('{"a":1}');
    expect((await env.fetch(`http://app${r.modelId}/onnx/model_q4.onnx`)).status).toBe(200);
    expect((await env.fetch(`${r.modelId}/tokenizer.json`)).status).toBe(404);
    await env.fetch('http://elsewhere/x');
    expect(seen).toEqual(['http://elsewhere/x']);
  });
});

describe('indexLocalFiles', () => {
  it('strips the picked folder name, or a parent folder holding the model folder', () => {
    expect([...indexLocalFiles([file('m/config.json'), file('m/onnx/model_q4.onnx')]).keys()]).toEqual(['config.json', 'onnx/model_q4.onnx']);
    expect([...indexLocalFiles([file('parent/m/config.json'), file('parent/m/tokenizer.json')]).keys()]).toEqual(['config.json', 'tokenizer.json']);
  });
});
