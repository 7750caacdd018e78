import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/storage/chats/settings.ts';
import { DEFAULT_HUB_REPO, DEMO_MODEL_ID, initialChoice, sourceForChoice, type ModelChoice } from '../../src/ui/model/choice.ts';

const base: ModelChoice = { kind: 'default', customRepo: '', files: [], device: 'auto', dtype: 'auto', hubHost: '' };

describe('model choice → source', () => {
  it('maps the listed models', () => {
    expect(sourceForChoice(base)).toMatchObject({ ok: true, source: { kind: 'hub', repo: DEFAULT_HUB_REPO } });
    expect(sourceForChoice({ ...base, kind: 'demo' })).toMatchObject({ ok: true, source: { kind: 'same-origin', id: DEMO_MODEL_ID } });
    expect(sourceForChoice({ ...base, hubHost: 'http://127.0.0.1:9/' })).toMatchObject({
      ok: true,
      source: { kind: 'hub', repo: DEFAULT_HUB_REPO, host: 'http://127.0.0.1:9/' },
    });
  });

  it('explains a bad custom id or host instead of loading', () => {
    expect(sourceForChoice({ ...base, kind: 'custom', customRepo: '' })).toMatchObject({ ok: false });
    expect(sourceForChoice({ ...base, kind: 'custom', customRepo: 'not a repo' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/not a model id/) },
    });
    expect(sourceForChoice({ ...base, hubHost: 'ftp://x' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/http/) } });
  });

  it('needs a model folder with config.json for local files', () => {
    expect(sourceForChoice({ ...base, kind: 'local' })).toMatchObject({ ok: false });
    const f = (p: string) => Object.assign(new File(['{}'], p.split('/').pop()!), { webkitRelativePath: p });
    expect(sourceForChoice({ ...base, kind: 'local', files: [f('m/tokenizer.json')] })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/no config.json/) },
    });
    expect(sourceForChoice({ ...base, kind: 'local', files: [f('m/config.json'), f('m/onnx/model_q4.onnx')] })).toMatchObject({
      ok: true,
      source: { kind: 'local-files', id: 'm' },
    });
  });
});

describe('URL parameters preselect the picker', () => {
  it('overrides the saved choice', () => {
    const c = initialChoice(DEFAULT_SETTINGS, '?model=local:test/tiny&device=wasm&dtype=q4');
    expect(c).toMatchObject({ kind: 'custom', customRepo: 'local:test/tiny', device: 'wasm', dtype: 'q4' });
    expect(sourceForChoice(c)).toMatchObject({ ok: true, source: { kind: 'same-origin', id: 'test/tiny' } });
    expect(initialChoice(DEFAULT_SETTINGS, `?model=${DEMO_MODEL_ID}`).kind).toBe('demo');
    expect(initialChoice({ ...DEFAULT_SETTINGS, modelKind: 'demo', device: 'webgpu' }, '')).toMatchObject({ kind: 'demo', device: 'webgpu' });
  });
  it('points the hub at another host', () => {
    const c = initialChoice(DEFAULT_SETTINGS, '?hub=http://127.0.0.1:8123&model=org/tiny');
    expect(sourceForChoice(c)).toMatchObject({ ok: true, source: { kind: 'hub', repo: 'org/tiny', host: 'http://127.0.0.1:8123/' } });
  });
});

describe('local:<folder> model ids', () => {
  const custom = (customRepo: string) => sourceForChoice({ ...base, kind: 'custom', customRepo });

  it('accepts a folder one or more levels under models/', () => {
    expect(custom('local:default')).toMatchObject({ ok: true, source: { kind: 'same-origin', id: 'default' }, label: 'default' });
    expect(custom('local:test/tiny')).toMatchObject({ ok: true, source: { kind: 'same-origin', id: 'test/tiny' } });
    expect(custom('local:a/b/c.v2_x-y')).toMatchObject({ ok: true, source: { kind: 'same-origin', id: 'a/b/c.v2_x-y' } });
  });

  it('refuses paths that leave models/ or are not folder paths, saying why', () => {
    const cases: [string, RegExp][] = [
      ['local:../x', /"\.\." are not allowed/],
      ['local:a/../../x', /"\.\." are not allowed/],
      ['local:./x', /are not allowed/],
      ['local:/etc/x', /not an absolute path/],
      ['local:https://evil.example/m', /not an absolute path/],
      ['local:a\\b', /not \\/],
      ['local:a//b', /empty/],
      ['local:a/', /empty/],
      ['local:', /write the folder/],
      ['local:a b', /letters, digits/],
      ['local:%2e%2e/x', /letters, digits/],
    ];
    for (const [id, message] of cases) {
      const r = custom(id);
      expect(r, id).toMatchObject({ ok: false });
      if (!r.ok) {
        expect(r.error.message, id).toMatch(/is not a folder under models\//);
        expect(r.error.message, id).toMatch(message);
      }
    }
  });

  it('still wants owner/name for hub ids', () => {
    expect(custom('default')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/owner\/name/) } });
    expect(custom('hub:a/b/c')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/owner\/name/) } });
  });
});
