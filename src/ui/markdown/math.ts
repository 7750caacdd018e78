/**
 * DeepSeek-R1 writes LaTeX as `\[ … \]`, `\( … \)` and bare `\boxed{…}`. remark-math only
 * understands dollar delimiters, so this rewrites those forms into `$$ … $$` / `$ … $`,
 * leaving code (fenced blocks, indented fences, inline code spans) and existing dollar math
 * untouched. Pure and linear in the input; applied once per markdown block.
 *
 * - `\[ … \]` that starts its line (only whitespace before it) becomes a display block:
 *   `$$` / content / `$$` on their own lines, keeping the line's indentation so it stays
 *   inside a list item. Elsewhere (mid-sentence, in a blockquote) it becomes inline `$$…$$`.
 * - `$$ … $$` alone on one line becomes the same display block (remark-math would read it as
 *   inline maths); mid-sentence it stays inline.
 * - `$…$` maths is copied as it is; a dollar that does not open maths (a price) is escaped.
 * - `\( … \)` becomes `$…$`.
 * - `\boxed{…}` outside math becomes `$\boxed{…}$` (KaTeX supports `\boxed`).
 * - Unclosed delimiters (the answer is still streaming) are left as they are.
 */

const FENCE_RE = /^(\s*)(`{3,}|~{3,})/;

/**
 * Whether `normalizeMath`'s output may hold maths for remark-math: a `$` that is not escaped.
 * (A dollar inside code also counts: loading the maths renderer for nothing is harmless, missing maths is not.)
 */
export function hasMath(normalized: string): boolean {
  return /(^|[^\\])(\\\\)*\$/.test(normalized);
}

export function normalizeMath(markdown: string): string {
  if (!/\\[[(]|\\boxed\{|\$/.test(markdown)) return markdown; // fast path: nothing to convert
  const lines = splitKeepingEnds(markdown);
  const out: string[] = [];
  let fence: { char: string; len: number } | null = null;
  // Text lines are collected into runs so that inline constructs can span line breaks.
  let run = '';
  const flush = () => {
    if (run) out.push(convertInline(run));
    run = '';
  };
  for (const line of lines) {
    const m = FENCE_RE.exec(line);
    if (fence) {
      out.push(line);
      if (m && m[2]![0] === fence.char && m[2]!.length >= fence.len && line.slice(m[0].length).trim() === '') {
        fence = null;
      }
      continue;
    }
    if (m && !(m[2]![0] === '`' && line.slice(m[0].length).includes('`'))) {
      flush();
      fence = { char: m[2]![0]!, len: m[2]!.length };
      out.push(line);
      continue;
    }
    run += line;
  }
  flush();
  return out.join('');
}

function splitKeepingEnds(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Converts delimiters in text that holds no fenced code (inline code spans are skipped). */
function convertInline(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '`') {
      // A code span: a run of N backticks up to the next run of exactly N.
      let j = i;
      while (j < n && text[j] === '`') j++;
      const ticks = j - i;
      const close = findBacktickRun(text, j, ticks);
      if (close < 0) {
        out += text.slice(i, j);
        i = j;
      } else {
        out += text.slice(i, close + ticks);
        i = close + ticks;
      }
      continue;
    }
    if (c === '$') {
      // Existing dollar math: copy verbatim up to the matching delimiter.
      const dbl = text[i + 1] === '$';
      const delim = dbl ? '$$' : '$';
      const close = dbl ? findUnescaped(text, delim, i + 2) : findDollarCloser(text, i);
      if (close < 0) {
        // A lone dollar (a price, or math still streaming): escape it, so that neither remark-math
        // nor a dollar this function adds further on pairs it up.
        out += dbl ? '\\$\\$' : '\\$';
        i += delim.length;
      } else {
        out += dbl ? oneLineDisplay(out, text, i, close) : text.slice(i, close + 1);
        i = close + delim.length;
      }
      continue;
    }
    if (c === '\\' && i + 1 < n) {
      const next = text[i + 1]!;
      if (next === '[') {
        const close = text.indexOf('\\]', i + 2);
        if (close >= 0) {
          out += displayMath(out, text.slice(i + 2, close), text, close + 2);
          i = close + 2;
          continue;
        }
      } else if (next === '(') {
        const close = text.indexOf('\\)', i + 2);
        if (close >= 0) {
          out += '$' + text.slice(i + 2, close).trim() + '$';
          i = close + 2;
          continue;
        }
      } else if (text.startsWith('boxed{', i + 1)) {
        const end = matchBrace(text, i + 6);
        if (end >= 0) {
          out += '$' + text.slice(i, end + 1) + '$';
          i = end + 1;
          continue;
        }
      }
      // Any other escape (including `\\` and `\$`) is copied as a pair.
      out += c + next;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function displayMath(before: string, content: string, text: string, after: number): string {
  const lineStart = before.lastIndexOf('\n') + 1;
  const prefix = before.slice(lineStart);
  const restOfLine = text.slice(after, nextLineEnd(text, after));
  const body = content.trim();
  if (/^[ \t]*$/.test(prefix) && restOfLine.trim() === '' && body !== '') {
    // On a line of its own: a display block. The `$$` fence reuses the line's indentation.
    const indented = body
      .split('\n')
      .map((l) => prefix + l.trim())
      .join('\n');
    return '$$\n' + indented + '\n' + prefix + '$$';
  }
  return '$$' + body.replace(/\s*\n\s*/g, ' ') + '$$';
}

/** `$$…$$` from `open` to `close`: a display block when it is the whole line, else as it is. */
function oneLineDisplay(before: string, text: string, open: number, close: number): string {
  const content = text.slice(open + 2, close);
  if (content.includes('\n')) return text.slice(open, close + 2);
  return displayMath(before, content, text, close + 2);
}

function nextLineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** An amount of money: `$5`, `$1,200.50`, followed by a space, punctuation or the end. */
const PRICE_RE = /\$\d[\d,]*(\.\d+)?(?=[\s.,;:!?)]|$)/y;

/**
 * The `$` closing single-dollar maths opened at `open`, or -1. As in Pandoc, the opener is followed
 * by a non-space, the closer follows a non-space and is not followed by a digit, and maths does not
 * cross a blank line or pair with half of a `$$`. A dollar that starts an amount ("costs $5 and $10,
 * or $x$") never opens maths: `$3 + 4$` is shown as text, a price far more likely than such maths.
 */
function findDollarCloser(text: string, open: number): number {
  if (/\s/.test(text[open + 1] ?? ' ')) return -1;
  PRICE_RE.lastIndex = open;
  if (PRICE_RE.test(text)) return -1;
  const blank = /\n[ \t]*\n/g;
  blank.lastIndex = open;
  const end = blank.exec(text)?.index ?? text.length;
  let i = open + 1;
  while (i < end) {
    const at = findUnescaped(text, '$', i);
    if (at < 0 || at >= end) return -1;
    if (text[at + 1] === '$') {
      i = at + 2;
      continue;
    }
    if (!/\s/.test(text[at - 1]!) && !/\d/.test(text[at + 1] ?? '')) return at;
    i = at + 1;
  }
  return -1;
}

function findBacktickRun(text: string, from: number, ticks: number): number {
  let i = from;
  while (i < text.length) {
    const at = text.indexOf('`', i);
    if (at < 0) return -1;
    let j = at;
    while (j < text.length && text[j] === '`') j++;
    if (j - at === ticks) return at;
    i = j;
  }
  return -1;
}

function findUnescaped(text: string, delim: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const at = text.indexOf(delim, i);
    if (at < 0) return -1;
    let backslashes = 0;
    for (let k = at - 1; k >= 0 && text[k] === '\\'; k--) backslashes++;
    if (backslashes % 2 === 0) return at;
    i = at + 1;
  }
  return -1;
}

/** Index of the `}` matching the `{` at `open`, or -1 when the group is not closed yet. */
function matchBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
