/**
 * remark-math, rehype-katex and KaTeX's stylesheet are a quarter of the app's code: they are a
 * chunk of their own, fetched the first time a message contains maths (`hasMath`), not on first load.
 * Until it arrives the block renders without them (its maths as plain text), then again with them.
 */
import type { ComponentProps } from 'react';
import type ReactMarkdown from 'react-markdown';
import { useEffect, useState } from 'react';

type Props = ComponentProps<typeof ReactMarkdown>;
export interface MathPlugins {
  remark: NonNullable<Props['remarkPlugins']>;
  rehype: NonNullable<Props['rehypePlugins']>;
}

let plugins: MathPlugins | null = null;
let loading: Promise<MathPlugins | null> | null = null;

/** The plugins, fetched once (a failure, offline before the chunk was cached say, is tried again next time). */
function load(): Promise<MathPlugins | null> {
  loading ??= Promise.all([import('remark-math'), import('rehype-katex'), import('katex/dist/katex.min.css')]).then(
    ([remarkMath, rehypeKatex]) => {
      plugins = {
        remark: [remarkMath.default],
        // Never live HTML from the model: KaTeX's \href, \htmlClass etc. stay off (`trust: false`).
        rehype: [[rehypeKatex.default, { throwOnError: false, trust: false, strict: 'ignore' }]],
      };
      return plugins;
    },
    (e: unknown) => {
      console.warn('markdown: could not load the maths renderer', e);
      loading = null;
      return null;
    },
  );
  return loading;
}

/** The maths plugins when `needed` and loaded; the first block that needs them starts loading them. */
export function useMathPlugins(needed: boolean): MathPlugins | null {
  const [loaded, setLoaded] = useState(plugins);
  useEffect(() => {
    if (!needed || loaded) return;
    let alive = true;
    void load().then((p) => alive && p && setLoaded(p));
    return () => {
      alive = false;
    };
  }, [needed, loaded]);
  return needed ? (loaded ?? plugins) : null;
}
