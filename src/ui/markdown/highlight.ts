/**
 * Syntax highlighting for finished code blocks: rehype-highlight (lowlight, highlight.js grammars)
 * and its token colours. Loaded on demand by `highlight-loader.ts` (a dynamic `import()`), so the
 * first load of the app does not carry it. Only fences that name their language are highlighted
 * (no auto-detection); the output is `<span class="hljs-…">` around the same text, nothing else.
 */
import './highlight.css';
import type { ComponentProps } from 'react';
import type ReactMarkdown from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';

type Plugins = NonNullable<ComponentProps<typeof ReactMarkdown>['rehypePlugins']>;

/** lowlight's `common` grammars (37: python, js/ts, c/cpp, java, rust, go, bash, json, sql, xml/html, css, markdown…). */
export const highlightPlugin: Plugins[number] = [rehypeHighlight, { detect: false }];
