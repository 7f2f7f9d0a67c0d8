/**
 * How a sweep reads and sets one field of a scenario file's text.
 *
 * STAND-IN: src/scenario/param.ts (setParam/readParam, being written elsewhere) replaces the
 * functions below; when it lands this file becomes
 *   import { readParam, setParam } from '../scenario/param.js';
 *   export const paramAccess: ParamAccess = { readParam, setParam };
 * Until then: the dotted path walks the YAML's maps (and lists by index), the value is written
 * as a plain YAML scalar, and the edited text is parsed and checked like any file.
 */
import { isScalar, parseDocument } from 'yaml';
import { parseScenario, type ParseResult } from '../scenario/parse.js';

export interface ParamAccess {
  /** The text with the field at `path` set to `value`, parsed and checked. */
  setParam(text: string, path: string, value: string | number, file: string): ParseResult;
  /** The field's value as written (a number, a string like `30/s`), or undefined when absent. */
  readParam(text: string, path: string): unknown;
}

const keys = (path: string): string[] => path.split('.');

export const paramAccess: ParamAccess = {
  setParam(text, path, value, file) {
    const doc = parseDocument(text);
    try {
      doc.setIn(keys(path), value);
    } catch {
      return { ok: false, problems: [{ file, line: 1, col: 1, path, message: `cannot be set: ${path} does not lead to a setting` }] };
    }
    return parseScenario(String(doc), file);
  },
  readParam(text, path) {
    const node: unknown = parseDocument(text).getIn(keys(path), true);
    return isScalar(node) ? node.value : node === undefined ? undefined : node;
  },
};
