/**
 * Model output as markdown: GFM, code blocks, KaTeX math (loaded when a message has maths:
 * `math-plugins.ts`). Never live HTML: react-markdown
 * without rehype-raw turns any HTML in the text into plain text, KaTeX runs with `trust: false`,
 * links other than http(s) and mailto are shown as text (`links.ts`),
 * and images are shown as links (a model must not make the browser fetch anything).
 *
 * Streaming cost: the text is split into blocks incrementally (`blocks.ts`); finished blocks
 * are rendered once and memoized, only the open last block is parsed again as tokens arrive.
 * Finished blocks are grouped 16 to a `content-visibility: auto` box, so what scrolled out
 * of view costs no layout, paint or hit-testing as the answer grows (chat.css `.md-chunk`).
 *
 * Syntax highlighting: only finished blocks with a fenced code block that names its language are
 * highlighted (the open block is not, so streaming stays proportional to what arrives; it is once
 * the whole text is `complete`). The highlighter loads on first need (`highlight-loader.ts`).
 */
import { memo, useMemo, useRef, useState, type ComponentProps } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { EMPTY_BLOCKS, appendText, hasLabelledFence, openBlock, type BlockState } from './blocks.ts';
import { useFmt } from '../i18n/react.ts';
import { useHighlighter } from './highlight-loader.ts';
import { safeLinkHref } from './links.ts';
import { hasMath, normalizeMath } from './math.ts';
import { useMathPlugins } from './math-plugins.ts';

const PLAIN = [remarkGfm];
type Plugins = NonNullable<ComponentProps<typeof ReactMarkdown>['rehypePlugins']>;
const NO_PLUGINS: Plugins = [];

function CopyButton({ text }: { text: string }) {
  const f = useFmt();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="copy-code"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? f.t('copy.copied') : f.t('copy.code')}
    </button>
  );
}

function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (node && typeof node === 'object' && 'props' in node) {
    return textOf((node as { props: { children?: unknown } }).props.children);
  }
  return '';
}

const components: Components = {
  // Only http(s) and mailto links are links; any other target is shown as the link's text.
  a: ({ href, children }) => {
    const safe = safeLinkHref(href);
    if (safe === null) return <span className="md-unlinked">{children}</span>;
    return (
      <a href={safe} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    );
  },
  // No remote images from model output: show the address instead of fetching it.
  img: ({ src, alt }) => (
    <span className="md-image">
      [image{alt ? `: ${alt}` : ''}]{typeof src === 'string' && src ? ` ${src}` : ''}
    </span>
  ),
  pre: ({ children }) => (
    <div className="code-block">
      <CopyButton text={textOf(children)} />
      <pre>{children}</pre>
    </div>
  ),
};

/** One block's markdown: the maths plugins when it has maths (loaded then), the highlighter when given. */
function Rendered({ text, highlight }: { text: string; highlight: Plugins[number] | null }) {
  const markdown = normalizeMath(text);
  const math = useMathPlugins(hasMath(markdown));
  const rehype = useMemo(() => {
    const base = math?.rehype ?? NO_PLUGINS;
    return highlight ? [...base, highlight] : base;
  }, [math, highlight]);
  return (
    <ReactMarkdown remarkPlugins={math ? [remarkGfm, ...math.remark] : PLAIN} rehypePlugins={rehype} components={components}>
      {markdown}
    </ReactMarkdown>
  );
}

/** A finished block with a fenced code block: plain at first, highlighted once the highlighter is loaded. */
function HighlightedBlock({ text }: { text: string }) {
  const highlight = useHighlighter(true);
  return <Rendered text={text} highlight={highlight} />;
}

/**
 * One block of markdown. Memoized: a frozen block's string never changes, so it renders once
 * (and once more when its code is highlighted). `finished`: no more text will join it.
 */
const Block = memo(function Block({ text, finished }: { text: string; finished: boolean }) {
  if (finished && hasLabelledFence(text)) return <HighlightedBlock text={text} />;
  return <Rendered text={text} highlight={null} />;
});

/** Finished blocks are grouped this many to a `content-visibility: auto` box. */
export const CHUNK = 16;

function sameBlocks(a: { blocks: readonly string[] }, b: { blocks: readonly string[] }): boolean {
  if (a.blocks.length !== b.blocks.length) return false;
  for (let i = 0; i < a.blocks.length; i++) if (a.blocks[i] !== b.blocks[i]) return false;
  return true;
}

/** A group of finished blocks. Off screen it costs no layout, paint or hit-testing. */
const Chunk = memo(function Chunk({ blocks }: { blocks: readonly string[] }) {
  return (
    <div className="md-chunk">
      {blocks.map((b, i) => (
        <Block key={i} text={b} finished />
      ))}
    </div>
  );
}, sameBlocks);

/** Keeps the block state across renders and feeds it only the text appended since last time. */
function useBlocks(text: string): { done: readonly string[]; open: string } {
  const ref = useRef<{ text: string; state: BlockState }>({ text: '', state: EMPTY_BLOCKS });
  const cur = ref.current;
  if (text !== cur.text) {
    const state =
      text.length > cur.text.length && text.startsWith(cur.text)
        ? appendText(cur.state, text.slice(cur.text.length))
        : appendText(EMPTY_BLOCKS, text);
    ref.current = { text, state };
  }
  return { done: ref.current.state.done, open: openBlock(ref.current.state) };
}

/** `complete`: the text will not grow any more (a finished answer), so its last block is finished too. */
export function Markdown({ text, className, complete = false }: { text: string; className?: string; complete?: boolean }) {
  const { done, open } = useBlocks(text);
  const chunks: (readonly string[])[] = [];
  for (let i = 0; i < done.length; i += CHUNK) chunks.push(done.slice(i, i + CHUNK));
  return (
    <div className={className ? `markdown ${className}` : 'markdown'}>
      {chunks.map((c, i) => (
        <Chunk key={i} blocks={c} />
      ))}
      {open.trim() !== '' && (
        <div className="md-open">
          <Block text={open} finished={complete} />
        </div>
      )}
    </div>
  );
}
