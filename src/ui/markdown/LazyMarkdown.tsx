/**
 * The markdown renderer (react-markdown, remark-gfm: ~40 kB gzip) is a chunk of its own, fetched when
 * the first message is shown rather than on first load. Until it arrives the text shows as it is.
 */
import { lazy, Suspense } from 'react';

const Renderer = lazy(() => import('./Markdown.tsx').then((m) => ({ default: m.Markdown })));

/** `complete`: the text will not grow any more (its last block may be highlighted). */
export function Markdown({ text, className, complete }: { text: string; className?: string; complete?: boolean }) {
  return (
    <Suspense fallback={<div className={`markdown markdown--plain${className ? ` ${className}` : ''}`}>{text}</div>}>
      <Renderer text={text} className={className} complete={complete} />
    </Suspense>
  );
}
