/**
 * Syntax highlighting: which blocks ask for the highlighter, and what it does to a code block
 * (token spans around the same text; markup in the code stays text).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import ReactMarkdown from 'react-markdown';
import { describe, expect, it } from 'vitest';
import { hasLabelledFence, splitBlocks } from '../../src/ui/markdown/blocks.ts';
import { highlightPlugin } from '../../src/ui/markdown/highlight.ts';

const CODE = 'def greet(name):\n    return f"<b>{name}</b>"  # not bold\n';

function render(md: string): string {
  return renderToStaticMarkup(createElement(ReactMarkdown, { rehypePlugins: [highlightPlugin] }, md));
}

function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#x27;', "'")
    .replaceAll('&amp;', '&');
}

describe('which blocks are highlighted', () => {
  it('only blocks with a fenced code block that names its language', () => {
    const blocks = splitBlocks(`Intro.\n\n\`\`\`python\n${CODE}\`\`\`\n\n~~~ rust\nfn main() {}\n~~~\n\n\`\`\`\nplain\n\`\`\`\n\nText with \`\`\`inline\`\`\` code.`);
    expect(blocks.map(hasLabelledFence)).toEqual([false, true, true, false, false]);
    expect(hasLabelledFence('1. step\n\n   ```bash\n   ls\n   ```')).toBe(true);
    expect(hasLabelledFence('```c++\nint x;\n```')).toBe(true);
  });
});

describe('the highlighter', () => {
  it('wraps tokens in hljs spans and keeps the code text as written', () => {
    const html = render(`\`\`\`python\n${CODE}\`\`\``);
    expect(html).toContain('<code class="hljs language-python">');
    expect(html).toMatch(/<span class="hljs-keyword">def<\/span>/);
    expect(html).toMatch(/<span class="hljs-comment"># not bold<\/span>/);
    expect(html).not.toContain('<b>');
    expect(textOf(html)).toBe(CODE);
  });

  it('knows the common languages and leaves unknown or unnamed ones plain', () => {
    for (const lang of ['js', 'typescript', 'c', 'cpp', 'java', 'rust', 'go', 'bash', 'json', 'sql', 'html', 'css', 'markdown']) {
      expect(render(`\`\`\`${lang}\nx\n\`\`\``), lang).toContain('class="hljs language-');
    }
    expect(render('```\nif x: pass\n```')).not.toContain('hljs');
    expect(render('```klingon\nqaStaH nuq\n```')).not.toContain('hljs-');
  });
});
