/**
 * One value of a scenario read or changed by its path, for sweeps such as
 * `--param services.db.workers=8`. A path is keys separated by dots, list items by their
 * number from 0: `services.db.workers`, `load.0.spike.factor`, `features.checkout.rate`.
 * setParam (and applyParams, for several at once) edits the text in place, so every other line
 * and column stays where the user wrote it, then parses the result as usual.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { formatPath } from './format.js';
import { isMap as isPlainMap } from './messages.js';
import { parseScenario, type ParseOptions, type ParseResult } from './parse.js';
import { noDeeper, noItem, noKey } from './path-words.js';
import type { Problem } from './types.js';
import { Remembered } from './remember.js';
import { buildTree } from './yaml-tree.js';

const PATH_EXPECTED = 'keys separated by dots, list items numbered from 0, e.g. services.db.workers or load.0.spike.factor';

/** The steps of a path, or undefined when it is empty or has an empty step (`a..b`). */
function stepsOf(path: string): string[] | undefined {
  const steps = path.trim().split('.');
  return steps.every((step) => step !== '') ? steps : undefined;
}

const withoutBom = (text: string) => (text.startsWith('\uFEFF') ? text.slice(1) : text);

/** The plain data of a scenario file's text (aliases followed), as the checks see it; null for an empty file. */
export function readData(text: string): unknown {
  return buildTree(parseDocument(withoutBom(text), { uniqueKeys: true })).data;
}

/**
 * The value at `path` as the YAML holds it (a number, text, a map or a list; aliases
 * followed), or undefined when there is no such value or the path is not one.
 */
export function readParam(text: string, path: string): unknown {
  const steps = stepsOf(path);
  if (steps === undefined) return undefined;
  let current = readData(text);
  for (const step of steps) {
    if (Array.isArray(current)) current = /^\d+$/.test(step) ? current[Number(step)] : undefined;
    else current = isPlainMap(current) && Object.hasOwn(current, step) ? current[step] : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * Parses `text` (as `file`) with the value at `path` replaced by `value`, written as in YAML
 * (`"30s"`, `"10/s"`, `3`, `"85%"`, `"{ exponential: 5s }"`). The path must exist in the text:
 * otherwise, or when the path goes into `variants` or through an alias, the one problem names
 * the path (as `--param PATH`) and what the text holds where the path stops. Problems with the
 * new value are placed where the old one was written and say it was set by --param.
 */
export function setParam(text: string, path: string, value: string | number, file: string, options: ParseOptions = {}): ParseResult {
  return applyParams(text, { [path]: value }, file, options);
}

export interface ApplyOptions extends ParseOptions {
  /** Who sets the values, for problems: `--param` (the default) reads `--param PATH` and `(set by --param)`. */
  by?: string;
}

/**
 * setParam for several paths at once (the web app's sliders): each value is written into the
 * text in turn, in the order given, then the result is parsed once. Every path that does not
 * exist is reported (all of them, in the order of the file; the text unparsed); otherwise the result is the parse of the
 * edited text, its problems under a set path saying `(set by BY)`. A file the YAML reader
 * cannot read comes back with its own problems.
 */
export function applyParams(text: string, params: Readonly<Record<string, string | number>>, file: string, options: ApplyOptions = {}): ParseResult {
  const { by = '--param', ...parseOptions } = options;
  let source = withoutBom(text);
  const problems: Problem[] = [];
  const set: string[] = [];
  for (const [path, value] of Object.entries(params)) {
    const edited = editParam(source, path, value, file, by);
    if (edited === undefined) return parseScenario(text, file, parseOptions);
    if (!edited.ok) {
      problems.push(edited.problem);
      continue;
    }
    source = edited.text;
    set.push(formatPath(edited.path));
  }
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line || a.col - b.col) };
  const result = parseScenario(source, file, parseOptions);
  if (result.ok) return result;
  const under = (p: Problem) => set.some((where) => p.path === where || p.path.startsWith(`${where}.`) || p.path.startsWith(`${where}[`));
  return { ok: false, problems: result.problems.map((p) => (under(p) ? { ...p, message: `${p.message} (set by ${by})` } : p)) };
}

type Edited = { ok: true; text: string; path: (string | number)[] } | { ok: false; problem: Problem };

/**
 * The YAML documents of the last few texts edited: a dragged slider edits the same text over and
 * over. Read only (find and the line counter), never changed.
 */
const documents = new Remembered<{ doc: Document; lines: LineCounter }>(4);

function documentOf(source: string): { doc: Document; lines: LineCounter } {
  let known = documents.get(source);
  if (known === undefined) {
    const lines = new LineCounter();
    known = { doc: parseDocument(source, { lineCounter: lines, uniqueKeys: true, prettyErrors: false }), lines };
    documents.set(source, known);
  }
  return known;
}

/** `source` with the value at `path` replaced; undefined when the YAML reader cannot read it. */
function editParam(source: string, path: string, value: string | number, file: string, by: string): Edited | undefined {
  const { doc, lines } = documentOf(source);
  // A file the YAML reader cannot read has no paths to speak of: its own problems say why.
  if (doc.errors.length > 0) return undefined;
  const fail = (offset: number, message: string, expected: string): Edited => {
    const { line, col } = lines.linePos(offset);
    return { ok: false, problem: { file, line, col, path: `${by} ${path}`, message, expected } };
  };
  const steps = stepsOf(path);
  if (steps === undefined) return fail(0, 'is not a path', PATH_EXPECTED);
  if (steps[0] === 'variants') {
    return fail(0, 'cannot change variants', 'a path outside variants; each variant\'s patch applies on top of the changed value');
  }
  const found = find(doc, source, steps);
  if (!found.ok) return fail(found.offset, found.message, found.expected);
  const written = yamlText(value, found.flow);
  if (!written.ok) return fail(found.start, written.message, written.expected);
  const before = source.slice(0, found.start);
  // An empty value right after "key:" needs a space before the new one.
  const gap = found.start === found.end && /[:-]$/.test(before) ? ' ' : '';
  return { ok: true, text: `${before}${gap}${found.prefix}${written.text}${source.slice(found.end)}`, path: found.path };
}

type Found =
  | { ok: true; start: number; end: number; prefix: string; flow: boolean; path: (string | number)[] }
  | { ok: false; offset: number; message: string; expected: string };

/** The source range of the value at `steps`, or why there is none. */
function find(doc: Document, source: string, steps: string[]): Found {
  let node: unknown = doc.contents;
  let flow = false;
  let offset = 0;
  const path: (string | number)[] = [];
  for (const [i, step] of steps.entries()) {
    if (isAlias(node)) {
      const here = i === 0 ? 'the file' : steps.slice(0, i).join('.');
      const message = `goes through the alias *${node.source} at ${here}`;
      return { ok: false, offset, message, expected: `a path to the value itself, where &${node.source} is set` };
    }
    if (isMap(node)) {
      flow ||= node.flow === true;
      const keys = node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
      const index = keys.indexOf(step);
      if (index < 0) return { ok: false, offset, ...noKey(steps, i, keys) };
      const pair = node.items[index];
      offset = (pair.key as { range?: number[] } | null)?.range?.[0] ?? offset;
      path.push(step);
      if (pair.value === null && i === steps.length - 1) {
        // `{ key }` holds no value at all: write one after the key.
        const end = (pair.key as { range?: number[] } | null)?.range?.[1] ?? offset;
        return { ok: true, start: end, end, prefix: ': ', flow, path };
      }
      node = pair.value;
    } else if (isSeq(node)) {
      flow ||= node.flow === true;
      const count = node.items.length;
      if (!/^\d+$/.test(step) || Number(step) >= count) return { ok: false, offset, ...noItem(steps, i, count) };
      node = node.items[Number(step)];
      offset = (node as { range?: number[] } | null)?.range?.[0] ?? offset;
      path.push(Number(step));
    } else {
      return { ok: false, offset, ...noDeeper(steps, i, isScalar(node) ? ` (${String(node.source ?? node.value)})` : '') };
    }
  }
  const range = (node as { range?: number[] } | null)?.range;
  if (range === undefined) return { ok: false, offset, message: `there is no value at ${steps.join('.')}`, expected: PATH_EXPECTED };
  // A block scalar (`|`) ends after its line break, which the next key needs.
  const end = range[0] + source.slice(range[0], range[1]).trimEnd().length;
  return { ok: true, start: range[0], end, prefix: '', flow, path };
}

type Written = { ok: true; text: string } | { ok: false; message: string; expected: string };

const VALUE_EXPECTED = 'a value written as in the file, e.g. 30s, 10/s, 3, 85% or { exponential: 5s }';

/** `value` as YAML text for the file; inside a `{ }` map or `[ ]` list, text holding , [ ] { } is quoted. */
function yamlText(value: string | number, flow: boolean): Written {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { ok: true, text: String(value) } : { ok: false, message: `cannot be set to ${value}`, expected: VALUE_EXPECTED };
  }
  const text = value.trim();
  if (/[\r\n]/.test(text)) return { ok: false, message: 'cannot be set to text of more than one line', expected: VALUE_EXPECTED };
  const parsed = parseDocument(text, { prettyErrors: false });
  if (parsed.errors.length > 0) return { ok: false, message: `cannot be set to ${JSON.stringify(text)}: it is not a YAML value`, expected: VALUE_EXPECTED };
  const plain = isScalar(parsed.contents) && parsed.contents.type === 'PLAIN';
  return { ok: true, text: flow && plain && /[,[\]{}]/.test(text) ? JSON.stringify(text) : text };
}
