/**
 * Turns a parsed YAML document into plain data for validation, remembering where every value
 * and key came from so problems can point at the exact line and column.
 *
 * We do this ourselves rather than call `doc.toJS()` because toJS throws on unknown aliases,
 * builds circular objects from self-referencing anchors, stringifies map-valued keys with a
 * process warning, and forgets positions. Here each of those becomes a located problem.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node } from 'yaml';

/** A path into the data: map keys and list indexes. */
export type Path = readonly (string | number)[];

/** Where to point for a problem: the key, the value, or (for something missing) its parent. */
export type Anchor = 'key' | 'value' | 'missing';

/** A problem not yet placed in the file: a path, or an explicit source offset. */
export interface Draft {
  /** Where the problem is reported, e.g. the map holding an unknown key. */
  path: Path;
  message: string;
  expected?: string;
  at: Anchor;
  /** What to point at when it differs from `path`, e.g. the unknown key itself. */
  locate?: Path;
  /** An exact source offset, for problems found by the YAML parser. */
  offset?: number;
  /** A place in another file (a replay's CSV), used instead of `offset` and `path` to place it. */
  source?: { file: string; line: number; col: number };
  /** Set on "unknown key" drafts: the key probably meant, if any. */
  unknownKey?: { suggestion?: string };
  /**
   * Marks a draft that only echoes a typo: dropped when the same map has an unknown key
   * suggesting this key (or any unknown key, for `'*'`). `{ rat: 30/s }` then reports the
   * unknown "rat" (did you mean "rate"?) without also saying "rate" is missing.
   */
  softFor?: string;
}

interface Place {
  key?: Node;
  value?: Node;
}

export interface Tree {
  data: unknown;
  problems: Draft[];
  /** Source offset where the value at `path` starts (or its key, or an ancestor's). */
  offsetOf(path: Path, at: Anchor): number;
  /**
   * The map key written at `offset` (even a repeated one), or else the first key after it:
   * the YAML reader sometimes reports a repeated key from the end of the line before.
   */
  keyAt(offset: number): { path: Path; offset: number } | undefined;
}

/** Far more nodes than any real scenario; stops alias bombs ("billion laughs") early. */
const MAX_NODES = 100_000;

const pathKey = (path: Path) => JSON.stringify(path);

/** Converts the document; never throws. Problems cover aliases, odd keys and size. */
export function buildTree(doc: Document): Tree {
  const builder = new TreeBuilder(doc);
  const data = builder.visit(doc.contents, []);
  return {
    data,
    problems: builder.problems,
    offsetOf: (path, at) => offsetOf(builder.places, path, at),
    keyAt: (offset) => keyAt(builder.keys, offset),
  };
}

class TreeBuilder {
  readonly places = new Map<string, Place>();
  /** Every map key's path by its source offset, repeated keys included. */
  readonly keys = new Map<number, Path>();
  readonly problems: Draft[] = [];
  private nodes = 0;
  /** Alias targets being expanded, to catch an anchor that contains itself. */
  private readonly expanding = new Set<Node>();

  constructor(private readonly doc: Document) {}

  /** Records where the value at `path` (and its key) are written, then converts it. */
  visit(node: unknown, path: Path, key?: unknown): unknown {
    this.places.set(pathKey(path), { key: key as Node | undefined, value: node as Node | undefined });
    return this.convert(node, path);
  }

  private problem(path: Path, at: Anchor, message: string, expected?: string, offset?: number) {
    this.problems.push({ path, at, message, expected, offset });
  }

  private convert(node: unknown, path: Path): unknown {
    if (++this.nodes > MAX_NODES) {
      if (this.nodes === MAX_NODES + 1) this.problem(path, 'value', 'the file is too large or repeats anchors too often');
      return null;
    }
    if (isAlias(node)) return this.convertAlias(node, path);
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map((item, index) => this.visit(item, [...path, index]));
    if (isMap(node)) return this.convertMap(node.items, path);
    return null;
  }

  private convertAlias(alias: Alias, path: Path): unknown {
    const target = alias.resolve(this.doc);
    if (target === undefined) {
      this.problem(path, 'value', `uses *${alias.source} but no anchor &${alias.source} is set before it`);
      return null;
    }
    if (this.expanding.has(target)) {
      this.problem(path, 'value', `*${alias.source} refers to itself`);
      return null;
    }
    this.expanding.add(target);
    const value = this.convert(target, path);
    this.expanding.delete(target);
    return value;
  }

  private convertMap(pairs: { key: unknown; value: unknown }[], path: Path): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const pair of pairs) {
      const key = keyName(pair.key);
      if (key === undefined || key === '__proto__') {
        this.rejectKey(pair.key, key, path);
        continue;
      }
      const keyStart = start(pair.key);
      if (keyStart !== undefined) this.keys.set(keyStart, [...path, key]);
      // The reader reports repeated keys; the first one counts, so the repeat adds no noise,
      // but its keys are still recorded so repeats inside it can be named.
      if (Object.hasOwn(result, key)) {
        this.recordKeys(pair.value, [...path, key]);
        continue;
      }
      // defineProperty, not assignment, so no key can ever reach the object's prototype.
      const value = this.visit(pair.value, [...path, key], pair.key);
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return result;
  }

  private rejectKey(node: unknown, key: string | undefined, path: Path) {
    if (key === undefined) {
      this.problem(path, 'key', 'has a key that is a list or map', 'plain names as keys', start(node));
    } else {
      // JavaScript gives this name a special meaning, and zod silently drops it.
      this.problem(path, 'key', `"${key}" cannot be used as a key`, 'plain names like api or checkout', start(node));
    }
  }

  private recordKeys(node: unknown, path: Path): void {
    if (!isMap(node) && !isSeq(node)) return;
    node.items.forEach((item: unknown, index) => {
      const pair = isPair(item) ? item : undefined;
      const key = pair ? keyName(pair.key) : index;
      if (key === undefined) return;
      const keyStart = start(pair?.key);
      if (keyStart !== undefined) this.keys.set(keyStart, [...path, key]);
      this.recordKeys(pair ? pair.value : item, [...path, key]);
    });
  }
}

/** A map key as text, or undefined for keys that are themselves lists or maps. */
function keyName(key: unknown): string | undefined {
  if (key === null || key === undefined) return '';
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

function offsetOf(places: Map<string, Place>, path: Path, at: Anchor): number {
  for (let length = path.length; length >= 0; length--) {
    const place = places.get(pathKey(path.slice(0, length)));
    if (place === undefined) continue;
    const value = start(place.value);
    // An empty value (`rate:` with nothing after it) has no text of its own: point at its key.
    const emptyValue = isScalar(place.value) && place.value.value === null && place.value.source === '';
    const preferKey = at === 'key' || at === 'missing' || length < path.length || emptyValue;
    return (preferKey ? start(place.key) : undefined) ?? value ?? start(place.key) ?? 0;
  }
  return 0;
}

function keyAt(keys: Map<number, Path>, offset: number) {
  let found: number | undefined;
  for (const keyStart of keys.keys()) {
    if (keyStart >= offset && (found === undefined || keyStart < found)) found = keyStart;
  }
  return found === undefined ? undefined : { path: keys.get(found) ?? [], offset: found };
}

function start(node: unknown): number | undefined {
  return (node as { range?: number[] } | undefined)?.range?.[0];
}
