/** Pure helpers of the scenario editor (no DOM, no CodeMirror), unit-tested in test/web/editor.test.ts. */
import type { Problem } from '../../src/worker/protocol.js';

/**
 * Document offset of a 1-based line and column in `text`. Lines are clamped to the document,
 * columns to the line (column `length + 1` is the line's end); non-finite values count as 1.
 */
export function lineColToOffset(text: string, line: number, col: number): number {
  return problemRange(text, line, col).from;
}

/**
 * The range a diagnostic at 1-based `line`/`col` covers: from that position to the end of the
 * token there (up to the next whitespace or a key's colon, within the line). Empty when the position is at the
 * end of a line or before whitespace.
 */
export function problemRange(text: string, line: number, col: number): { from: number; to: number } {
  const int = (x: number) => (Number.isFinite(x) ? Math.trunc(x) : 1);
  let start = 0, n = 1;
  const want = Math.max(1, int(line));
  // Walk to the start of the wanted line (or the last line).
  while (n < want) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    start = nl + 1;
    n++;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  const from = Math.min(start + Math.max(1, int(col)) - 1, end);
  let to = from;
  // Stop at whitespace, or at a mapping colon (`key: value`: the key, not its colon).
  while (to < end && !/\s/.test(text[to]) && !(text[to] === ':' && (to + 1 === end || /\s/.test(text[to + 1])))) to++;
  return { from, to };
}

/** The diagnostic's message: `path: message (expected)`. */
export function problemMessage(p: Problem): string {
  return `${p.path ? `${p.path}: ` : ''}${p.message}${p.expected ? ` (${p.expected})` : ''}`;
}
