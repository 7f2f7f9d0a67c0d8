/**
 * Problems as one-line messages in the compiler style editors and terminals understand:
 * `file:line:col: path: what is wrong (what was expected)`.
 */
import type { Problem } from './types.js';

/**
 * Formats one problem. The path part is left out for problems about the whole file, and the
 * bracketed expectation when there is none.
 */
export function formatProblem(p: Problem): string {
  const where = `${p.file}:${p.line}:${p.col}:`;
  const what = p.path === '' ? p.message : `${p.path}: ${p.message}`;
  return p.expected ? `${where} ${what} (${p.expected})` : `${where} ${what}`;
}

/**
 * Writes a data path the way a reader would: `services.web.calls[0]`. Keys that are not
 * plain words are quoted (`services["my api"]`) so the path stays unambiguous.
 */
export function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((step, index) => {
      if (typeof step === 'number') return `[${step}]`;
      if (/^[A-Za-z0-9_-]+$/.test(step)) return index === 0 ? step : `.${step}`;
      return `[${JSON.stringify(step)}]`;
    })
    .join('');
}
