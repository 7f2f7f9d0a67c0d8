/**
 * Translates zod issues into plain-words drafts. Schema nodes carry kind names as messages
 * (see messages.ts); here each kind explains the value the user actually wrote.
 */
import type { z } from 'zod';
import { isMap, kindNamed } from './messages.js';
import { NAME_EXPECTED, knownKeys } from './fields.js';
import { listOptions, suggest } from './suggest.js';
import type { Draft, Path } from './yaml-tree.js';

type Issue = z.core.$ZodIssue;

/** One or more drafts per issue, located by path in `data` (the plain data zod was given). */
export function translateIssues(issues: readonly Issue[], data: unknown): Draft[] {
  const drafts = issues.flatMap((issue) => translate(issue, [], data));
  return drafts.filter((draft) => !explainedByTypo(draft, drafts));
}

/** True for a soft draft whose map also has an unknown key that accounts for it. */
function explainedByTypo(draft: Draft, all: Draft[]): boolean {
  if (draft.softFor === undefined) return false;
  const where = JSON.stringify(draft.path);
  return all.some(
    (other) =>
      other.unknownKey !== undefined &&
      JSON.stringify(other.path) === where &&
      (draft.softFor === '*' || other.unknownKey.suggestion === draft.softFor),
  );
}

function translate(issue: Issue, prefix: Path, data: unknown): Draft[] {
  const path: Path = [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
  switch (issue.code) {
    case 'invalid_union':
      return translateUnion(issue, path, data);
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKey(issue.message, path, key));
    case 'invalid_key': {
      const name = String(path[path.length - 1]);
      const message = `"${name}" cannot be used as a name`;
      return [{ path: path.slice(0, -1), locate: path, at: 'key', message, expected: NAME_EXPECTED }];
    }
    default:
      return [describe(issue, path, data)];
  }
}

/**
 * A union (a duration or a distribution map; a name or a call map) failed every option.
 * The option the user evidently meant is one that got past the type check, and of those the
 * one whose keys fit best (`{ parallel: [...] }` is a parallel group, not a call missing
 * "to"); explain its issues. If none did, the value is the wrong sort altogether: explain the
 * union as a whole.
 */
function translateUnion(issue: Issue & { code: 'invalid_union' }, path: Path, data: unknown): Draft[] {
  const raw = valueAt(data, path);
  const candidates = issue.errors.filter((branch) => !(branch.length === 1 && wrongSort(branch[0], raw)));
  const unknownKeys = (branch: readonly Issue[]) =>
    branch.reduce((n, inner) => n + (inner.code === 'unrecognized_keys' && inner.path.length === 0 ? inner.keys.length : 0), 0);
  const meant = candidates.reduce<readonly Issue[] | undefined>(
    (best, branch) => (best === undefined || unknownKeys(branch) < unknownKeys(best) ? branch : best),
    undefined,
  );
  if (meant) return meant.flatMap((inner) => translate(inner, path, data));
  return [describe(issue, path, data)];
}

/** True when an option refused the value outright: the wrong type, or a fixed word given a map or list. */
function wrongSort(issue: Issue, raw: unknown): boolean {
  if (issue.path.length > 0) return false;
  if (issue.code === 'invalid_type') return true;
  return issue.code === 'invalid_value' && typeof raw === 'object' && raw !== null;
}

function unknownKey(kindName: string, path: Path, key: string): Draft {
  const known = knownKeys.get(kindName) ?? [];
  const noun = kindNamed(kindName)?.keyNoun ?? 'key';
  const guess = suggest(key, known);
  const expected = guess ? `did you mean "${guess}"?` : `one of ${listOptions(known)}`;
  const message = `unknown ${noun} "${key}"`;
  return { path, locate: [...path, key], at: 'key', message, expected, unknownKey: { suggestion: guess } };
}

function describe(issue: Issue, path: Path, data: unknown): Draft {
  const kind = kindNamed(issue.message);
  if (kind === undefined) {
    // A check that already wrote plain words (see `complain` in schema.ts).
    const params = issue.code === 'custom' ? issue.params : undefined;
    const expected = params?.expected as string | undefined;
    return { path, at: 'value', message: issue.message, expected, softFor: params?.soft ? '*' : undefined };
  }
  const raw = valueAt(data, path);
  if (raw === undefined && path.length > 0) {
    const parent = path.slice(0, -1);
    const key = String(path[path.length - 1]);
    return { path: parent, at: 'missing', message: `missing "${key}"`, expected: kind.expected, softFor: key };
  }
  if (raw === null) return { path, at: 'value', message: 'has no value', expected: kind.expected };
  const expected = kind.expectedFor?.(raw) ?? kind.expected;
  return { path, at: 'value', message: kind.explain(raw) ?? 'is not valid here', expected };
}

/** The plain value at `path`, or undefined where nothing is. Own keys only. */
export function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const step of path) {
    if (Array.isArray(current) && typeof step === 'number') current = current[step];
    else if (isMap(current) && Object.hasOwn(current, step)) current = current[step];
    else return undefined;
  }
  return current;
}
