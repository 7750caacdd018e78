import { describe, expect, it } from 'vitest';
import { SETTING_FIELDS, sanitizeSettings } from '../../src/storage/chats/settings.ts';
import { readTextInput } from '../../src/ui/settings/text-input.ts';
import { fmtFor } from '../../src/ui/i18n/i18n.ts';

const f = fmtFor('en');

const hub = SETTING_FIELDS.hubHost;

describe('hub address in settings', () => {
  it('takes an http(s) address or nothing', () => {
    expect(readTextInput(f, 'https://mirror.example/', hub)).toEqual({ ok: true, value: 'https://mirror.example/' });
    expect(readTextInput(f, 'http://127.0.0.1:8000', hub)).toEqual({ ok: true, value: 'http://127.0.0.1:8000' });
    expect(readTextInput(f, '', hub)).toEqual({ ok: true, value: '' });
    expect(readTextInput(f, '   ', hub)).toMatchObject({ ok: true });
  });

  it('refuses anything else, saying what it wants', () => {
    for (const text of ['not a url', 'javascript:alert(1)', 'ftp://x.example/', 'mirror.example', 'http://', 'data:text/html,x']) {
      expect(readTextInput(f, text, hub), text).toEqual({
        ok: false,
        message: 'Not saved: enter an address that starts with http:// or https://, or leave it empty.',
      });
    }
    expect(readTextInput(f, `https://x.example/${'a'.repeat(600)}`, hub)).toMatchObject({ ok: false, message: /at most 500 characters/ });
  });

  it('drops a stored address that is not http(s)', () => {
    expect(sanitizeSettings({ hubHost: 'javascript:alert(1)' }).hubHost).toBe('');
    expect(sanitizeSettings({ hubHost: ' https://m.example/ ' }).hubHost).toBe('https://m.example/');
  });
});
