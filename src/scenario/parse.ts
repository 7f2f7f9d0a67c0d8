/**
 * Scenario text to a normalised Scenario, or to every problem in it at once, each placed at
 * a line and column. Pure: no file system, so it also runs in a browser Web Worker.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { formatPath } from './format.js';
import { translateIssues } from './issues.js';
import { ScenarioSchema, type SchemaOutput } from './schema.js';
import { checkReferences } from './semantics.js';
import { syntaxDraft } from './syntax.js';
import type { Problem, Scenario } from './types.js';
import { buildTree, type Draft, type Tree } from './yaml-tree.js';

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

/**
 * Parses and checks a scenario file's text. `file` is used only in the problems' locations.
 * Never throws: YAML syntax errors, duplicate keys, unknown keys, bad values, missing fields,
 * unknown services and call loops all come back as problems, sorted by position. After a
 * YAML syntax error (other than a duplicate key) nothing further is checked, since the
 * structure the parser recovered may not be what the author meant.
 */
export function parseScenario(text: string, file: string): ParseResult {
  try {
    return parseChecked(text, file);
  } catch (error) {
    // Only a bug lands here. A caller in a Web Worker or an editor must still get an answer.
    const message = `could not be read because of an internal error (${String(error)}); please report it`;
    return { ok: false, problems: [{ file, line: 1, col: 1, path: '', message }] };
  }
}

function parseChecked(text: string, file: string): ParseResult {
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

  const parsed = ScenarioSchema.safeParse(tree.data);
  const drafts = [
    ...syntax,
    ...(parsed.success ? [] : translateIssues(parsed.error.issues, tree.data)),
    ...checkReferences(tree.data),
  ];
  if (!parsed.success || drafts.length > 0) return fail(drafts);
  return { ok: true, scenario: normalise(parsed.data) };
}

function firstPerLine(drafts: Draft[], lines: LineCounter): Draft[] {
  const lineOf = (draft: Draft) => lines.linePos(draft.offset ?? 0).line;
  return drafts.filter((draft, index) => drafts.findIndex((d) => lineOf(d) === lineOf(draft)) === index);
}

function emptyFile(doc: Document): Draft {
  const what = doc.contents === null ? 'the file is empty' : 'the file holds no settings';
  return { path: [], at: 'value', offset: 0, message: what, expected: 'a scenario with name, duration, features and services' };
}

/** Turns drafts into problems: positions from the tree, sorted, exact repeats dropped. */
function place(drafts: Draft[], tree: Tree, lines: LineCounter, file: string): Problem[] {
  const problems = drafts.map((draft): Problem => {
    const offset = draft.offset ?? tree.offsetOf(draft.locate ?? draft.path, draft.at);
    const { line, col } = lines.linePos(offset);
    const problem: Problem = { file, line, col, path: formatPath(draft.path), message: draft.message };
    return draft.expected === undefined ? problem : { ...problem, expected: draft.expected };
  });
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.line, p.col, p.path, p.message]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function normalise(input: SchemaOutput): Scenario {
  return {
    name: input.name,
    ...(input.description === undefined ? {} : { description: input.description }),
    durationMs: input.duration,
    warmupMs: input.warmup ?? 0,
    seed: input.seed ?? 1,
    features: Object.entries(input.features).map(([name, f]) => ({ name, ratePerMs: f.rate, entry: f.entry })),
    services: Object.entries(input.services).map(([name, s]) => ({
      name,
      workers: s.workers,
      queue: s.queue ?? Infinity,
      serviceTime: s.serviceTime,
      calls: s.calls ?? [],
    })),
  };
}
