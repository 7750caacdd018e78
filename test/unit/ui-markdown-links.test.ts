import { describe, expect, it } from 'vitest';
import { safeLinkHref } from '../../src/ui/markdown/links.ts';

describe('links in model output', () => {
  it('keeps web and mail addresses as links', () => {
    expect(safeLinkHref('https://example.com/a?b=1#c')).toBe('https://example.com/a?b=1#c');
    expect(safeLinkHref('http://127.0.0.1:8000/')).toBe('http://127.0.0.1:8000/');
    expect(safeLinkHref('mailto:someone@example.com')).toBe('mailto:someone@example.com');
  });

  it('shows any other target as text', () => {
    for (const href of ['', undefined, null, 'javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', '#top', '/chat', 'page.html', '//evil.example/x']) {
      expect(safeLinkHref(href), String(href)).toBeNull();
    }
  });
});
