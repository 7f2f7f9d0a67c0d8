import { describe, expect, it } from 'vitest';
import { lineColToOffset, problemMessage, problemRange } from '../../web/views/editor-pos.js';

const text = 'name: x\nservices:\n  api:\n    workers: nope\n';

describe('lineColToOffset', () => {
  it('maps 1-based line and column to an offset', () => {
    expect(lineColToOffset(text, 1, 1)).toBe(0);
    expect(lineColToOffset(text, 1, 7)).toBe(6);
    expect(lineColToOffset(text, 2, 1)).toBe(8);
    expect(lineColToOffset(text, 4, 14)).toBe(text.indexOf('nope'));
  });
  it('clamps the column to the line (its end is column length + 1)', () => {
    expect(lineColToOffset(text, 1, 8)).toBe(7);
    expect(lineColToOffset(text, 1, 99)).toBe(7);
    expect(lineColToOffset(text, 3, 0)).toBe(text.indexOf('  api'));
    expect(lineColToOffset(text, 3, -4)).toBe(text.indexOf('  api'));
  });
  it('clamps the line to the document', () => {
    expect(lineColToOffset(text, 0, 3)).toBe(2);
    expect(lineColToOffset(text, -1, 1)).toBe(0);
    // Line 5 is the empty line after the final newline; beyond that stays there.
    expect(lineColToOffset(text, 5, 1)).toBe(text.length);
    expect(lineColToOffset(text, 99, 9)).toBe(text.length);
    expect(lineColToOffset('a\nbc', 99, 99)).toBe(4);
  });
  it('handles the empty document, CRLF line ends and non-finite input', () => {
    expect(lineColToOffset('', 3, 5)).toBe(0);
    expect(lineColToOffset('ab\r\ncd', 1, 9)).toBe(2);
    expect(lineColToOffset('ab\r\ncd', 2, 2)).toBe(5);
    expect(lineColToOffset(text, Number.NaN, Number.POSITIVE_INFINITY)).toBe(0);
    expect(lineColToOffset(text, 2.7, 2.2)).toBe(9);
  });
});

describe('problemRange', () => {
  it('covers the token at the position, within the line', () => {
    expect(problemRange(text, 4, 14)).toEqual({ from: text.indexOf('nope'), to: text.indexOf('nope') + 4 });
    expect(problemRange(text, 4, 5)).toEqual({ from: text.indexOf('workers'), to: text.indexOf('workers') + 7 });
  });
  it("stops before a key's colon but not inside a value like a URL or time", () => {
    expect(problemRange(text, 3, 3)).toEqual({ from: text.indexOf('api:'), to: text.indexOf('api:') + 3 });
    expect(problemRange('url: http://x:80 ', 1, 6)).toEqual({ from: 5, to: 16 });
  });
  it('is empty at a line end or before whitespace', () => {
    expect(problemRange(text, 1, 99)).toEqual({ from: 7, to: 7 });
    expect(problemRange(text, 3, 1)).toEqual({ from: text.indexOf('  api'), to: text.indexOf('  api') });
  });
});

describe('problemMessage', () => {
  it('reads path: message (expected)', () => {
    expect(problemMessage({ file: 'a.yaml', line: 1, col: 1, path: 'services.api.workers', message: 'not a number', expected: 'an integer ≥ 1' }))
      .toBe('services.api.workers: not a number (an integer ≥ 1)');
    expect(problemMessage({ file: 'a.yaml', line: 1, col: 1, path: '', message: 'empty file' })).toBe('empty file');
  });
});
