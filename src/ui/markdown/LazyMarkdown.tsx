/**
 * The markdown renderer (react-markdown, remark-gfm: ~40 kB gzip) is a chunk of its own, fetched when
 * the first message is shown rather than on first load. Until it arrives the text shows as it is.
 */
import { lazy, Suspense } from 'react';

const Renderer = lazy(() => import('./Markdown.tsx').then((m) => ({ default: m.Markdown })));

export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <Suspense fallback={<div className={`markdown markdown--plain${className ? ` ${className}` : ''}`}>{text}</div>}>
      <Renderer text={text} className={className} />
    </Suspense>
  );
}
