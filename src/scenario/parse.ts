/**
 * Scenario text to a normalised Scenario, or to every problem in it at once, each placed at
 * a line and column. Pure: no file system, so it also runs in a browser Web Worker.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { formatPath } from './format.js';
import { translateIssues } from './issues.js';
import { normalise } from './normalise.js';
import { checkPresentation } from './presentation-checks.js';
import { checkStormsAndDefences } from './references.js';
import { readReplays, type FileReader } from './replay.js';
import { Remembered, dataKey } from './remember.js';
import { ScenarioSchema, type SchemaOutput } from './schema.js';
import { checkReferences } from './semantics.js';
import { syntaxDraft } from './syntax.js';
import type { Problem, Scenario } from './types.js';
import { checkVariants, withVariants, type Checked } from './variants.js';
import { buildTree, type Draft, type Tree } from './yaml-tree.js';

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

export interface ParseOptions {
  /**
   * Reads a file the scenario names (a replay's CSV) by its path relative to the scenario
   * file's folder; undefined when it cannot. Without it, replays are reported as unreadable.
   */
  readFile?: FileReader;
}

/**
 * Parses and checks a scenario file's text. `file` is used only in the problems' locations.
 * Never throws: YAML syntax errors, duplicate keys, unknown keys, bad values, missing fields,
 * unknown services and call loops all come back as problems, sorted by position; so do the
 * problems of each variant (the file with the variant's patch merged in, see variants.ts),
 * placed in the patch or in the base, and the scenario comes back with every variant's. After a
 * YAML syntax error (other than a duplicate key) nothing further is checked, since the
 * structure the parser recovered may not be what the author meant. Pure apart from
 * `options.readFile`, which load-file.ts supplies.
 */
export function parseScenario(text: string, file: string, options: ParseOptions = {}): ParseResult {
  try {
    return parseChecked(text, file, options);
  } catch (error) {
    // Only a bug lands here. A caller in a Web Worker or an editor must still get an answer.
    const message = `could not be read because of an internal error (${String(error)}); please report it`;
    return { ok: false, problems: [{ file, line: 1, col: 1, path: '', message }] };
  }
}

function parseChecked(text: string, file: string, options: ParseOptions): ParseResult {
  const lineCounter = new LineCounter();
  // A byte-order mark is invisible in editors; dropping it keeps column numbers honest.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const tree = buildTree(doc);
  const fail = (drafts: Draft[]): ParseResult => ({ ok: false, problems: place(drafts, tree, lineCounter, file) });

  const syntax = doc.errors.map((error) => syntaxDraft(error, tree));
  // One slip often trips several reader errors on the same line; the first says it best.
  if (doc.errors.some((error) => error.code !== 'DUPLICATE_KEY')) return fail(firstPerLine(syntax, lineCounter));
  if (tree.data === null || tree.data === undefined) return fail([...syntax, emptyFile(doc)]);
  if (tree.problems.length > 0) return fail([...syntax, ...tree.problems]);

  const whole = (data: unknown) => checkWhole(data, file, options);
  const { base, variants } = whole(tree.data);
  const fileDrafts = [...base.drafts, ...variants.drafts];
  // Knobs and story are the file's own (variants share them), so they are checked once, here.
  const presentation = checkPresentation(tree.data, fileDrafts, (patched) => endProblems(patched, file, options));
  const drafts = [...syntax, ...fileDrafts, ...presentation];
  if (base.scenario === undefined || drafts.length > 0) return fail(drafts);
  return { ok: true, scenario: withVariants(base.scenario, base.variants, variants.scenarios) };
}

/** The checks of a file's plain data and of each of its variants. */
function checkWhole(data: unknown, file: string, options: ParseOptions) {
  const base = check(data, file, options);
  const variants = checkVariants(data, base.drafts, (patched) => check(patched, file, options));
  return { base, variants };
}

/** Knob ends' problems, by file and data: a slider move re-parses the file, and its knobs' ends read the same each time. */
const knobEnds = new Remembered<Draft[]>(16);

/**
 * Every problem of `data` (a file with its knobs set to one end) and of its variants, as
 * checkWhole finds them; remembered unless the check read another file (a replay), which may
 * have changed since.
 */
function endProblems(data: unknown, file: string, options: ParseOptions): Draft[] {
  const key = `${file}\n${dataKey(data)}`;
  const known = knobEnds.get(key);
  if (known !== undefined) return known;
  let read = false;
  const readFile = options.readFile && ((path: string) => { read = true; return options.readFile!(path); });
  const checked = checkWhole(data, file, { ...options, readFile });
  const drafts = [...checked.base.drafts, ...checked.variants.drafts];
  if (!read) knobEnds.set(key, drafts);
  return drafts;
}

/** Every check of one document's plain data (the file, or a variant's patched file), and its scenario when it passes them all. */
function check(data: unknown, file: string, options: ParseOptions): Checked & { variants?: SchemaOutput['variants'] } {
  const parsed = ScenarioSchema.safeParse(data);
  const replays = readReplays(data, file, options.readFile);
  const drafts = [
    ...(parsed.success ? [] : translateIssues(parsed.error.issues, data)),
    ...checkReferences(data),
    ...checkStormsAndDefences(data),
    ...replays.drafts,
  ];
  if (!parsed.success || drafts.length > 0) return { drafts };
  return { drafts, scenario: normalise(parsed.data, replays.points), variants: parsed.data.variants };
}

function firstPerLine(drafts: Draft[], lines: LineCounter): Draft[] {
  const lineOf = (draft: Draft) => lines.linePos(draft.offset ?? 0).line;
  return drafts.filter((draft, index) => drafts.findIndex((d) => lineOf(d) === lineOf(draft)) === index);
}

function emptyFile(doc: Document): Draft {
  const what = doc.contents === null ? 'the file is empty' : 'the file holds no settings';
  return { path: [], at: 'value', offset: 0, message: what, expected: 'a scenario with name, duration, features and services' };
}

/** Turns drafts into problems: positions from the tree (or another file), sorted, exact repeats dropped. */
function place(drafts: Draft[], tree: Tree, lines: LineCounter, file: string): Problem[] {
  const problems = drafts.map((draft): Problem => {
    const at = draft.source ?? { file, ...lines.linePos(draft.offset ?? tree.offsetOf(draft.locate ?? draft.path, draft.at)) };
    const problem: Problem = { file: at.file, line: at.line, col: at.col, path: formatPath(draft.path), message: draft.message };
    return draft.expected === undefined ? problem : { ...problem, expected: draft.expected };
  });
  // The scenario file's own problems first, then other files' (replay CSVs), each in reading order.
  const rank = (p: Problem) => (p.file === file ? '' : p.file);
  problems.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : a.line - b.line || a.col - b.col));
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.file, p.line, p.col, p.path, p.message]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
