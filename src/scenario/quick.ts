/**
 * The quick path for the common case, a valid file that uses only the core keys (name,
 * description, duration, warmup, seed, deadlines; features with rate, entry and priority;
 * services with workers, queue, serviceTime (any distribution but users' { p50, p95 }), calls
 * by name or with to, latency, timeout, bulkhead and optional, instances, discipline, maxWait,
 * costPerHour): read without the zod schema, whose
 * construction is most of the CLI's start-up (issue 11). It must never accept what
 * parseScenario rejects nor normalise differently, so it only ever answers "valid, and this is
 * the Scenario" or "ask parseScenario" (undefined): for any key it does not know, any value of
 * another form and any failed check it declines, and parseScenario then explains the problems.
 * test/scenario/quick.test.ts holds it to parseScenario over the bundled scenarios, the docs'
 * YAML and fuzzed files. Imports nothing that imports zod (test/cli/startup.test.ts checks).
 */
import { parseDocument } from 'yaml';
import { lognormalFromMoments, lognormalFromQuantiles } from '../engine/lognormal.js';
import { CHOICES, DEFAULTS } from './defaults.js';
import { isMap } from './messages.js';
import { normalise } from './normalise.js';
import { checkStormsAndDefences } from './references.js';
import type { SchemaOutput } from './schema.js';
import { checkReferences } from './semantics.js';
import type { CallSpec, DistSpec, FeatureSpec, Scenario, ServiceSpec } from './types.js';
import { DURATION_PATTERN, RATE_PATTERN, parseDuration, parseRate, type Parsed } from './units.js';
import { buildTree } from './yaml-tree.js';

// NAME_PATTERN lives in fields.ts, which imports zod; test/scenario/quick.test.ts checks this copy is the same.
export const QUICK_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]*$';

const TOP_KEYS = new Set(['name', 'description', 'duration', 'warmup', 'seed', 'deadlines', 'features', 'services']);
const FEATURE_KEYS = new Set(['rate', 'entry', 'priority']);
const SERVICE_KEYS = new Set(['workers', 'queue', 'serviceTime', 'calls', 'instances', 'discipline', 'maxWait', 'costPerHour']);
const CALL_KEYS = new Set(['to', 'latency', 'timeout', 'bulkhead', 'optional']);

/** Thrown to decline: the file is outside what this path reads, or not valid. */
const DECLINE = Symbol('decline');
function decline(): never {
  throw DECLINE;
}

/**
 * The normalised Scenario of `text` when it is a valid file of the core keys, exactly as
 * parseScenario(text, …) would give it; undefined when parseScenario must decide (any other
 * key, form or problem). Never throws.
 */
export function quickParse(text: string): Scenario | undefined {
  try {
    return quick(text);
  } catch {
    // A decline, or a bug here: either way parseScenario decides.
    return undefined;
  }
}

function quick(text: string): Scenario {
  // As parse.ts: a byte-order mark is dropped, and any reader error or tree problem is its to report.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) decline();
  const tree = buildTree(doc);
  if (tree.problems.length > 0 || !isMap(tree.data)) decline();
  const data = tree.data;
  const checked = checkedFile(data);
  // The whole-file checks parse.ts runs beside the schema (zod-free, so shared as they are).
  if (checkReferences(data).length > 0 || checkStormsAndDefences(data).length > 0) decline();
  return normalise(checked, new Map());
}

/** What ScenarioSchema.safeParse(data).data would be, for the core keys. */
function checkedFile(d: Record<string, unknown>): SchemaOutput {
  onlyKeys(d, TOP_KEYS);
  const out = {
    name: text(d.name),
    description: optionalKey(d, 'description', text),
    duration: duration(d.duration, false),
    warmup: optionalKey(d, 'warmup', (v) => duration(v, true)),
    seed: optionalKey(d, 'seed', (v) => wholeNumber(v, 0)),
    deadlines: optionalKey(d, 'deadlines', (v) => oneOf(v, CHOICES.deadlines)),
    features: namedMap(d.features, feature),
    services: namedMap(d.services, service),
  };
  return out as SchemaOutput;
}

/** schema.ts's feature transform, for a feature of rate, entry and priority: keys in its order. */
function feature(f: unknown): Omit<FeatureSpec, 'name'> {
  if (!isMap(f)) decline();
  onlyKeys(f, FEATURE_KEYS);
  const ratePerMs = parsedText(f.rate, RATE_PATTERN, (t) => parseRate(t));
  const entry = nonEmpty(f.entry);
  const priority = optionalKey(f, 'priority', (v) => oneOf(v, CHOICES.priority));
  return priority === undefined ? { ratePerMs, entry } : { ratePerMs, entry, priority };
}

/**
 * schema.ts's service transform: the checked keys in the shape's order without queue, calls
 * and maxWait, then queue and calls (defaulted) and maxWaitMs.
 */
function service(s: unknown): Omit<ServiceSpec, 'name'> {
  if (!isMap(s)) decline();
  onlyKeys(s, SERVICE_KEYS);
  const out: Record<string, unknown> = {
    workers: wholeNumber(s.workers, 1),
    serviceTime: distribution(s.serviceTime),
    instances: optionalKey(s, 'instances', (v) => wholeNumber(v, 1)),
    discipline: optionalKey(s, 'discipline', (v) => oneOf(v, CHOICES.discipline)),
    costPerHour: optionalKey(s, 'costPerHour', (v) => number(v, 0)),
    queue: optionalKey(s, 'queue', (v) => wholeNumber(v, 0)) ?? DEFAULTS.service.queue,
    calls: optionalKey(s, 'calls', calls) ?? [...DEFAULTS.service.calls],
    maxWaitMs: optionalKey(s, 'maxWait', (v) => duration(v, false)),
  };
  return definedOnly(out) as unknown as Omit<ServiceSpec, 'name'>;
}

/** distribution.ts: a duration (constant), or a map naming exactly one distribution. */
function distribution(v: unknown): DistSpec {
  if (typeof v === 'string') return { kind: 'constant', value: duration(v, true) };
  if (!isMap(v)) decline();
  const keys = Object.keys(v);
  if (keys.length !== 1) decline();
  const d = v[keys[0]];
  switch (keys[0]) {
    case 'exponential': return { kind: 'exponential', mean: duration(d, true) };
    case 'constant': return { kind: 'constant', value: duration(d, true) };
    case 'uniform': return uniform(d);
    case 'lognormal': return lognormal(d);
    case 'empirical': return Array.isArray(d) && d.length >= 1 ? { kind: 'empirical', samples: d.map((x) => duration(x, true)) } : decline();
    default: return decline();
  }
}

function uniform(u: unknown): DistSpec {
  if (!isMap(u)) decline();
  onlyKeys(u, new Set(['min', 'max']));
  const min = duration(u.min, true), max = duration(u.max, true);
  return max > min ? { kind: 'uniform', min, max } : decline();
}

/** { p50, p99 } with p99 above p50, or { mean, sd }; any other mix declines. */
function lognormal(l: unknown): DistSpec {
  if (!isMap(l)) decline();
  const keys = Object.keys(l).sort().join(',');
  if (keys === 'p50,p99') {
    const p50 = duration(l.p50, false), p99 = duration(l.p99, false);
    return p99 > p50 ? { kind: 'lognormal', ...lognormalFromQuantiles(p50, p99) } : decline();
  }
  if (keys === 'mean,sd') return { kind: 'lognormal', ...lognormalFromMoments(duration(l.mean, false), duration(l.sd, true)) };
  return decline();
}

/** policy.ts `calls` without parallel groups: names, or maps of to, latency, timeout, bulkhead and optional. */
function calls(v: unknown): CallSpec[] {
  if (!Array.isArray(v)) decline();
  return v.map((c): CallSpec => {
    if (typeof c === 'string') return { to: nonEmpty(c) };
    if (!isMap(c)) decline();
    onlyKeys(c, CALL_KEYS);
    // callMap's transform, with toPolicy: `optional: false` (no fallback) leaves the key out.
    const optional = optionalKey(c, 'optional', (x) => (typeof x === 'boolean' ? x : decline()));
    return definedOnly({
      to: nonEmpty(c.to),
      latency: optionalKey(c, 'latency', distribution),
      timeoutMs: optionalKey(c, 'timeout', (x) => duration(x, false)),
      bulkhead: optionalKey(c, 'bulkhead', (x) => wholeNumber(x, 1)),
      optional: optional === true ? true : undefined,
    });
  });
}

/** fields.ts `defined`: absent (undefined) fields left out, the rest in order. */
function definedOnly<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

/** A map of at least one entry whose keys are names, each value read by `item`, in the file's order. */
function namedMap<T>(v: unknown, item: (value: unknown) => T): Record<string, T> {
  if (!isMap(v)) decline();
  const names = Object.keys(v);
  if (names.length === 0) decline();
  const valid = new RegExp(QUICK_NAME_PATTERN);
  const out: Record<string, T> = {};
  for (const name of names) {
    if (!valid.test(name)) decline();
    out[name] = item(v[name]);
  }
  return out;
}

function onlyKeys(map: Record<string, unknown>, known: ReadonlySet<string>): void {
  for (const key of Object.keys(map)) if (!known.has(key)) decline();
}

/** `read(map[key])` when the key is there; an absent key stays absent (undefined). */
function optionalKey<T>(map: Record<string, unknown>, key: string, read: (value: unknown) => T): T | undefined {
  return Object.hasOwn(map, key) ? read(map[key]) : undefined;
}

/** fields.ts `text`: a string, trimmed, not empty. */
function text(v: unknown): string {
  if (typeof v !== 'string') decline();
  const trimmed = v.trim();
  return trimmed.length >= 1 ? trimmed : decline();
}

/** fields.ts `serviceRef`: a string of at least one character (not trimmed). */
function nonEmpty(v: unknown): string {
  return typeof v === 'string' && v.length >= 1 ? v : decline();
}

/** fields.ts `wholeNumber`: a safe integer of at least `least`. */
function wholeNumber(v: unknown, least: number): number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= least ? v : decline();
}

/** fields.ts `number`: a finite number of at least `least`. */
function number(v: unknown, least: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= least ? v : decline();
}

function oneOf<T extends string>(v: unknown, options: readonly T[]): T {
  return typeof v === 'string' && (options as readonly string[]).includes(v) ? (v as T) : decline();
}

/** fields.ts `parsedText`: a string matching the editors' pattern that the unit reader accepts. */
function parsedText(v: unknown, pattern: string, read: (text: string) => Parsed): number {
  if (typeof v !== 'string' || !new RegExp(pattern).test(v)) decline();
  const parsed = read(v);
  return parsed.ok ? parsed.value : decline();
}

const duration = (v: unknown, allowZero: boolean): number => parsedText(v, DURATION_PATTERN, (t) => parseDuration(t, { allowZero }));
