/**
 * The key tables of docs/scenario-format.md, read from the scenario's JSON Schema (itself made
 * from the zod schema), so the reference lists exactly the keys, types, defaults and
 * descriptions the parser and the editor help use. See format-doc.ts for the page around them.
 */
import { DURATION_PATTERN, PERCENT_PATTERN, RATE_PATTERN } from './units.js';

/** A JSON Schema node, loosely typed: only the parts the walker reads. */
type Node = Record<string, unknown>;

/** One key of the format: where it sits, what it takes, and what it does. */
export interface KeyRow {
  /** `features.NAME.rate`, `load[].spike.factor`; a definition's keys start with its name (`retry.attempts`). */
  path: string;
  /** Its group: the top-level key it sits under (`top` for plain top-level values), or a definition's name. */
  group: string;
  type: string;
  required: boolean;
  /** The default as the description states it (its closing sentence written by withDefault), or '' when it has none. */
  fallback: string;
  description: string;
}

/** The page's section for a definition group, where its heading is not the group's name. */
const SECTION_ANCHORS: Record<string, string> = { distribution: 'distributions', call: 'calls' };

/** The schema's shared definitions, for the description of a key that only refers to one. */
let definitions: Record<string, Node> = {};

/** Definitions documented as groups of their own; `distributionMap` is documented as `distribution`. */
const DEFINITION_GROUPS: Record<string, string> = { retry: 'retry', breaker: 'breaker', distribution: 'distribution', distributionMap: 'distribution', call: 'call' };

/** Every key of the schema, in the schema's order: the file's own keys, then the shared definitions'. */
export function keyRows(schema: Node): KeyRow[] {
  const rows: KeyRow[] = [];
  definitions = (schema.definitions ?? {}) as Record<string, Node>;
  walkObject(schema, '', (path) => groupOf(path), rows);
  for (const [name, node] of Object.entries(definitions)) {
    if (name === 'distribution') continue; // its map branch is distributionMap, walked below
    const prefix = name === 'distributionMap' ? '' : name;
    walkInner(node, prefix, () => DEFINITION_GROUPS[name] ?? name, rows);
  }
  return rows;
}

/** The groups in the order the page shows them. */
export function groupsOf(rows: readonly KeyRow[]): string[] {
  return [...new Set(rows.map((row) => row.group))];
}

function groupOf(path: string): string {
  const first = path.split(/[.[]/)[0];
  return ['name', 'description', 'duration', 'warmup', 'seed', 'deadlines', 'currency'].includes(first) ? 'top' : first;
}

/** The keys of an object node (and of every object its anyOf offers), each followed by its own inner keys. */
function walkObject(node: Node, prefix: string, group: (path: string) => string, rows: KeyRow[]): void {
  const properties = node.properties as Record<string, Node> | undefined;
  if (properties === undefined) return;
  const required = new Set((node.required as string[] | undefined) ?? []);
  for (const [key, child] of Object.entries(properties)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const { fallback, description } = splitDefault(describedBy(child));
    rows.push({ path, group: group(path), type: typeOf(child), required: required.has(key), fallback, description });
    walkInner(child, path, group, rows);
  }
}

/** Descends into what a key holds: a map's keys, a named map's entries (NAME), a list's items ([]). */
function walkInner(node: Node, path: string, group: (path: string) => string, rows: KeyRow[]): void {
  if (isReference(node)) return; // documented once, in its definition's group
  if (node.properties !== undefined) walkObject(node, path, group, rows);
  if (isNode(node.additionalProperties) && node.propertyNames !== undefined) walkInner(node.additionalProperties, `${path}.NAME`, group, rows);
  if (isNode(node.items)) walkInner(node.items, `${path}[]`, group, rows);
  for (const branch of (node.anyOf as Node[] | undefined) ?? []) walkInner(branch, path, group, rows);
}

/** A node's own description, or the description of the definition it refers to. */
function describedBy(node: Node): string {
  if (typeof node.description === 'string') return node.description;
  const ref = referenceName(node);
  const target = ref === undefined ? undefined : definitions[ref];
  return typeof target?.description === 'string' ? target.description : '';
}

/** Splits the closing default sentence of withDefault (and its "(default: ...)" form) from a description; a conditional default keeps its condition. */
export function splitDefault(text: string): { fallback: string; description: string } {
  const inline = /\s*\(default: ([^)]*)\)(\.?)$/.exec(text);
  if (inline !== null) return { fallback: inline[1], description: `${text.slice(0, inline.index)}${inline[2]}` };
  const match = /\s*Default( \([^)]*\))?: (.*)\.$/.exec(text);
  if (match === null) return { fallback: '', description: text };
  const condition = match[1] === undefined ? '' : ` ${match[1].trim()}`;
  return { fallback: `${match[2]}${condition}`, description: text.slice(0, match.index) };
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ allOf: [{ $ref }] }` (how draft 7 keeps a description beside a reference) or a bare `$ref`. */
function referenceName(node: Node): string | undefined {
  const ref = (node.$ref ?? (node.allOf as Node[] | undefined)?.[0]?.$ref) as string | undefined;
  return ref?.replace('#/definitions/', '');
}

function isReference(node: Node): boolean {
  return referenceName(node) !== undefined;
}

/** The type column: the file's own words for the value (duration, rate, share...), never JSON Schema jargon. */
export function typeOf(node: Node): string {
  const ref = referenceName(node);
  if (ref !== undefined) {
    const group = DEFINITION_GROUPS[ref] ?? ref;
    return `${group} (see [${group}](#${SECTION_ANCHORS[group] ?? group}))`;
  }
  if (Array.isArray(node.anyOf)) return anyOfType(node.anyOf as Node[]);
  if (Array.isArray(node.enum)) return (node.enum as string[]).map((word) => `\`${word}\``).join(', ');
  if (node.const !== undefined) return `\`${String(node.const)}\``;
  if (Array.isArray(node.type)) return 'number, share or duration (by signal)';
  return plainType(node);
}

function anyOfType(branches: Node[]): string {
  const percent = branches.some((b) => samePattern(b.pattern, PERCENT_PATTERN));
  const fraction = branches.some((b) => b.type === 'number' && b.maximum === 1);
  if (percent && fraction && branches.length === 2) return 'share';
  const amount = branches.some((b) => b.type === 'number') && branches.some((b) => typeof b.pattern === 'string' && b.pattern.includes('%|'));
  if (amount && branches.length === 2) return 'number, duration, rate or share';
  return [...new Set(branches.map(typeOf))].join(' or ');
}

function plainType(node: Node): string {
  switch (node.type) {
    case 'string':
      if (samePattern(node.pattern, DURATION_PATTERN)) return 'duration';
      if (samePattern(node.pattern, RATE_PATTERN)) return 'rate';
      if (samePattern(node.pattern, PERCENT_PATTERN)) return 'share';
      return typeof node.pattern === 'string' ? 'path' : 'text';
    case 'integer':
      return `whole number ≥ ${String(node.minimum ?? 0)}`;
    case 'number':
      return node.minimum === undefined ? 'number' : `number ≥ ${String(node.minimum)}`;
    case 'boolean':
      return '`true` or `false`';
    case 'array':
      return listType(node);
    case 'object':
      return isNode(node.propertyNames) && node.propertyNames.pattern !== undefined ? 'map of names' : 'map';
    default:
      return 'any';
  }
}

/** JSON Schema writes `/` as `\\/`; compared as regular expressions, the two are the same pattern. */
function samePattern(pattern: unknown, expected: string): boolean {
  return typeof pattern === 'string' && new RegExp(pattern).source === new RegExp(expected).source;
}

function listType(node: Node): string {
  if (Array.isArray(node.items)) return `[${(node.items as Node[]).map(typeOf).join(', ')}]`;
  const least = typeof node.minItems === 'number' && node.minItems > 0 ? ` (at least ${node.minItems})` : '';
  return `list of ${isNode(node.items) ? typeOf(node.items) : 'values'}${least}`;
}
