/**
 * Incremental splitting of streamed markdown into top-level blocks.
 *
 * Why: re-parsing the whole answer on every token makes rendering cost grow with the answer
 * (the peer app reached 90 % main-thread time). Here a block is *frozen* once a later line
 * proves it finished, and the UI renders frozen blocks once (memoized by index); only the
 * open last block is re-parsed as tokens arrive. Appending costs time proportional to the
 * appended text, not to what came before.
 *
 * A block boundary is a blank line followed by a line that is not indented, outside fenced
 * code (``` / ~~~) and display math (`$$ … $$`, `\[ … \]`). Indented lines after a blank
 * line continue the block (list item paragraphs, indented code), so a list item's content is
 * never cut off from its item. Consecutive list items separated by blank lines may become
 * separate blocks; they still render as the same list (ordered lists keep their `start`).
 */

export interface BlockState {
  /** Finished blocks. Never mutated: a new array is made only when a block is frozen. */
  readonly done: readonly string[];
  /** Complete lines of the open block (each ending in `\n`). */
  readonly openLines: string;
  /** The current line, not yet ended by `\n`. */
  readonly partial: string;
  /** Inside a fenced code block: its fence character and length. */
  readonly fence: { readonly char: string; readonly len: number } | null;
  /** Inside display math: the closing delimiter we wait for. */
  readonly math: '$$' | '\\]' | null;
  /** A blank line was seen since the last content line of the open block. */
  readonly blank: boolean;
}

export const EMPTY_BLOCKS: BlockState = {
  done: [],
  openLines: '',
  partial: '',
  fence: null,
  math: null,
  blank: false,
};

/** The text of the open (last, still growing) block. */
export function openBlock(state: BlockState): string {
  return trimTrailingNewlines(state.openLines + state.partial);
}

/** All blocks, the open one last (omitted when empty). */
export function allBlocks(state: BlockState): string[] {
  const open = openBlock(state);
  return open.trim() === '' ? [...state.done] : [...state.done, open];
}

/** Splits a whole text in one go. */
export function splitBlocks(text: string): string[] {
  return allBlocks(appendText(EMPTY_BLOCKS, text));
}

export function appendText(state: BlockState, text: string): BlockState {
  if (text === '') return state;
  const s: Mutable = { ...state, done: state.done as string[] };
  let doneCopied = false;
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    const line = s.partial + text.slice(start, nl);
    s.partial = '';
    const freeze = processLine(s, line);
    if (freeze !== null) {
      if (!doneCopied) {
        s.done = [...s.done];
        doneCopied = true;
      }
      s.done.push(freeze);
    }
    start = nl + 1;
  }
  s.partial += text.slice(start);
  // Freeze as soon as the first character of a new, unindented line after a blank line
  // arrives: the last block is known to be finished then, no need to wait for the newline.
  if (s.blank && !s.fence && !s.math && s.partial !== '' && !/^\s/.test(s.partial)) {
    const frozen = startNewBlock(s);
    if (frozen !== null) s.done = doneCopied ? (s.done.push(frozen), s.done) : [...s.done, frozen];
  }
  return s;
}

function startNewBlock(s: Mutable): string | null {
  s.blank = false;
  if (s.openLines.trim() === '') return null;
  const frozen = trimTrailingNewlines(s.openLines);
  s.openLines = '';
  return frozen;
}

type Mutable = { -readonly [K in keyof BlockState]: BlockState[K] } & { done: string[] };

const FENCE_OPEN = /^\s*(`{3,}|~{3,})/;

/** Consumes one complete line; returns the text of a block it froze, if any. */
function processLine(s: Mutable, line: string): string | null {
  if (s.fence) {
    s.openLines += line + '\n';
    const m = FENCE_OPEN.exec(line);
    if (m && m[1]![0] === s.fence.char && m[1]!.length >= s.fence.len && line.slice(m[0].length).trim() === '') {
      s.fence = null;
    }
    return null;
  }
  if (s.math) {
    s.openLines += line + '\n';
    if (line.includes(s.math)) s.math = null;
    return null;
  }
  if (line.trim() === '') {
    if (s.openLines !== '') {
      s.openLines += '\n';
      s.blank = true;
    }
    return null;
  }
  const frozen = s.blank && !/^[ \t]/.test(line) ? startNewBlock(s) : null;
  s.blank = false;
  s.openLines += line + '\n';

  const fence = FENCE_OPEN.exec(line);
  if (fence && !(fence[1]![0] === '`' && line.slice(fence[0].length).includes('`'))) {
    s.fence = { char: fence[1]![0]!, len: fence[1]!.length };
  } else {
    const t = line.trim();
    if (t.startsWith('$$') && countOf(t, '$$') % 2 === 1) s.math = '$$';
    else if (t.startsWith('\\[') && !t.includes('\\]')) s.math = '\\]';
  }
  return frozen;
}

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

function trimTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return end === text.length ? text : text.slice(0, end);
}

const LABELLED_FENCE = /^[ \t]*(?:`{3,}|~{3,})[ \t]*[\w+#.-]/m;

/** The block holds a fenced code block that names its language (what syntax highlighting needs). */
export function hasLabelledFence(block: string): boolean {
  return LABELLED_FENCE.test(block);
}
