/**
 * remark-math, rehype-katex and KaTeX's stylesheet are a quarter of the app's code: they are a
 * chunk of their own, fetched the first time a message contains maths (`hasMath`), not on first load.
 * Until it arrives the block renders without them (its maths as plain text), then again with them.
 */
import type { ComponentProps } from 'react';
import type ReactMarkdown from 'react-markdown';
import { useSyncExternalStore } from 'react';

type Props = ComponentProps<typeof ReactMarkdown>;
export interface MathPlugins {
  remark: NonNullable<Props['remarkPlugins']>;
  rehype: NonNullable<Props['rehypePlugins']>;
}

let plugins: MathPlugins | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function load(): void {
  loading ??= Promise.all([import('remark-math'), import('rehype-katex'), import('katex/dist/katex.min.css')])
    .then(([remarkMath, rehypeKatex]) => {
      plugins = {
        remark: [remarkMath.default],
        // Never live HTML from the model: KaTeX's \href, \htmlClass etc. stay off (`trust: false`).
        rehype: [[rehypeKatex.default, { throwOnError: false, trust: false, strict: 'ignore' }]],
      };
      for (const l of listeners) l();
    })
    .catch((e: unknown) => {
      // Offline before the chunk was cached, say: maths stays plain text; try again next time.
      console.warn('markdown: could not load the maths renderer', e);
      loading = null;
    });
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The maths plugins when `needed` and loaded; starts loading them the first time they are needed. */
export function useMathPlugins(needed: boolean): MathPlugins | null {
  const current = useSyncExternalStore(subscribe, () => plugins);
  if (needed && !current) load();
  return needed ? current : null;
}
