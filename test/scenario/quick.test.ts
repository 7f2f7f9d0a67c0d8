/**
 * src/scenario/quick.ts against parseScenario: whatever the quick path accepts, the full parser
 * accepts too and normalises to the same Scenario, key order included (what the CLI prints is
 * built from it). Over the bundled scenarios (as written, and cut down to the core keys the quick
 * path reads), the YAML of the docs, generated scenarios, and fuzzed edits of all of these: values
 * swapped for near misses, keys added, dropped and renamed, and characters typed into the text.
 * The quick path may decline a valid file (the full parser then reads it); the counts below make
 * sure it does accept the plain files, so the property is not met by declining everything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { isMap as isYamlMap, parseDocument, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { NAME_PATTERN } from '../../src/scenario/fields.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { QUICK_NAME_PATTERN, quickParse } from '../../src/scenario/quick.js';
import { scenarioArb } from '../support/scenarios.js';
import { scenarioYaml } from '../support/scenario-yaml.js';
import { TINY } from '../outcomes/support.js';

/** JSON that keeps what JSON.stringify loses (undefined values, -0, Infinity, NaN), in key order. */
const exact = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (v === undefined) return '<undefined>';
    if (typeof v === 'number' && !Number.isFinite(v)) return `<${v}>`;
    if (Object.is(v, -0)) return '<-0>';
    return v;
  });

/** Checks the property on one text; true when the quick path accepted it. */
function agrees(text: string): boolean {
  const quick = quickParse(text);
  if (quick === undefined) return false;
  const full = parseScenario(text, 'quick.yaml');
  expect(full.ok ? 'accepted' : full.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'), text).toBe('accepted');
  if (!full.ok) return true;
  expect(quick).toStrictEqual(full.scenario);
  expect(exact(quick), text).toBe(exact(full.scenario));
  return true;
}

const CORE_TOP = ['name', 'description', 'duration', 'warmup', 'seed', 'deadlines', 'features', 'services'];
const CORE_FEATURE = ['rate', 'entry', 'priority'];
const CORE_SERVICE = ['workers', 'queue', 'serviceTime', 'calls', 'instances', 'discipline', 'maxWait', 'costPerHour'];

/** The file with every key outside the core ones removed (comments and layout kept). */
function coreOnly(text: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  const keep = (node: unknown, keys: string[]) => {
    if (!isYamlMap(node)) return;
    node.items = node.items.filter((pair) => keys.includes(String((pair.key as { value?: unknown })?.value)));
  };
  keep(doc.contents, CORE_TOP);
  for (const [section, keys] of [['features', CORE_FEATURE], ['services', CORE_SERVICE]] as const) {
    const map = doc.get(section);
    if (isYamlMap(map)) for (const pair of map.items) keep(pair.value, keys);
  }
  return doc.toString();
}

const bundled = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(`scenarios/${f}`, 'utf8'));
const docsYaml = ['docs/tutorial.md', 'docs/scenario-format.md'].flatMap((page) =>
  [...readFileSync(page, 'utf8').matchAll(/^```yaml[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]));
const corpus = [...bundled, ...bundled.map(coreOnly), ...docsYaml, ...docsYaml.map(coreOnly), TINY];

/** Values that are right in one place and wrong in another, or nearly right. */
const NEAR = [
  '10s', '0ms', '0s', '1.5m', ' 5s', '5 s', '5S', '-1s', '1e3ms', '10', '.5s', '2h', '250ms', '100000h',
  '40/s', '0/s', '1800/min', '3 / m', '40/ s', '40/sec', 'core', 'important', 'optional', 'fifo', 'lifo', 'FIFO', 'propagate', 'ignore',
  10, 0, -1, 1, 4, 1.5, 2 ** 53, 2 ** 53 - 1, 1e-7, -0, null, true, false, '', '  ', 'x', ' web ', 'web', 'db', 'api',
  [], ['web'], ['db', 'web'], [''], [{ to: 'web' }], {}, { exponential: '1ms' }, { constant: '0ms' }, { exponential: '1ms', constant: '1ms' },
  { exponential: 0 }, { uniform: { min: '1ms', max: '2ms' } }, { lognormal: { p50: '1ms', p99: '5ms' } }, { empirical: ['1ms'] },
  { rate: '1/s', entry: 'web' }, { workers: 1, serviceTime: '1ms' },
  ...boundaryValues(),
];

/** Values at the edge of each distribution's and call's own checks. */
function boundaryValues(): unknown[] {
  return [
    { uniform: { min: '1ms', max: '1ms' } }, { uniform: { min: '2ms', max: '1ms' } }, { uniform: { min: '0ms', max: '1ms' } }, { uniform: { min: '1ms' } },
    { lognormal: { p50: '5ms', p99: '9ms' } }, { lognormal: { p50: '5ms', p99: '5ms' } }, { lognormal: { p50: '5ms', p99: '4ms' } }, { lognormal: { p50: '0ms', p99: '4ms' } },
    { lognormal: { p50: '5ms', p99: '9ms', mean: '5ms' } }, { lognormal: { mean: '5ms', sd: '0ms' } }, { lognormal: { mean: '0ms', sd: '1ms' } },
    { lognormal: { p50: '5ms' } }, { lognormal: {} }, { empirical: [] }, { empirical: ['0ms', '2ms'] }, { empirical: '1ms' }, { p50: '1s', p95: '2s' },
    { to: 'db', optional: false }, { to: 'db', optional: true }, { to: 'db', optional: 'yes' }, { to: 'db', timeout: '0ms' }, { to: 'db', timeout: '1s' },
    { to: 'db', timeout: '1s', bulkhead: 0 }, { to: 'db', bulkhead: 1, latency: { exponential: '1ms' } }, { to: 'db', fallback: 'x' },
    { to: '' }, { parallel: ['db', 'db'] }, { to: 'db', latency: '-1ms' },
  ];
}
const KEYS = [...CORE_TOP, ...CORE_FEATURE, ...CORE_SERVICE, 'timeout', 'retry', 'cache', 'knobs', 'story', 'variants', 'load', 'Name', 'exponential'];
const NAMES = ['web', 'db', 'a b', '_x', '1', '9lives', 'constructor', 'toString', 'x-y', 'x_y', '-x', 'ünï', '__proto__'];

type Edit = { path: number[]; kind: 'set' | 'drop' | 'add' | 'rename'; pick: number };

/** Applies `edit` to plain data: `path` picks a node (each step an index into its keys or items, modulo their count). */
function applyEdit(data: unknown, edit: Edit): unknown {
  const root = structuredClone(data);
  let node: unknown = root;
  for (const step of edit.path) {
    const children = isPlain(node) ? Object.values(node) : Array.isArray(node) ? node : [];
    const next = children[step % Math.max(children.length, 1)];
    if (!isPlain(next) && !Array.isArray(next)) break;
    node = next;
  }
  if (!isPlain(node)) return root;
  const keys = Object.keys(node);
  const key = keys[edit.pick % Math.max(keys.length, 1)];
  if (edit.kind === 'set' && key !== undefined) node[key] = structuredClone(NEAR[edit.pick % NEAR.length]);
  else if (edit.kind === 'drop' && key !== undefined) delete node[key];
  else if (edit.kind === 'add') node[KEYS[edit.pick % KEYS.length]] = structuredClone(NEAR[(edit.pick * 7) % NEAR.length]);
  else if (edit.kind === 'rename' && key !== undefined) {
    const entries = Object.entries(node).map(([k, v]) => [k === key ? NAMES[edit.pick % NAMES.length] : k, v] as const);
    for (const k of keys) delete node[k];
    for (const [k, v] of entries) Object.defineProperty(node, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const edit: fc.Arbitrary<Edit> = fc.record({
  path: fc.array(fc.nat(20), { maxLength: 4 }),
  kind: fc.constantFrom('set', 'set', 'drop', 'add', 'rename'),
  pick: fc.nat(1000),
});

/** The core-keys texts the quick path accepts as they are: the fuzzer's starting points. */
const accepted = corpus.filter((text) => quickParse(text) !== undefined);

describe('the quick path agrees with parseScenario', () => {
  it('keeps the name pattern of the schema', () => {
    expect(QUICK_NAME_PATTERN).toBe(NAME_PATTERN);
  });

  it('on the bundled scenarios and the docs\' YAML, as written and cut down to the core keys', () => {
    const count = corpus.filter(agrees).length;
    // The tiny scenario, the cut-down bundled files and the tutorial's first steps at least.
    expect(count).toBeGreaterThanOrEqual(bundled.length);
    expect(quickParse(TINY)).toBeDefined();
  });

  it('on generated scenarios', () => {
    let count = 0;
    fc.assert(fc.property(scenarioArb(), (s) => { if (agrees(scenarioYaml(s).text)) count++; }), { numRuns: 300 });
    // Plain generated scenarios use only the keys the quick path reads, and are valid.
    expect(count).toBe(300);
  });

  it('on fuzzed edits of the data: values, keys and names', () => {
    let count = 0, runs = 0;
    const base = fc.constantFrom(...accepted.map((text) => parseDocument(text).toJS() as unknown));
    fc.assert(fc.property(base, fc.array(edit, { minLength: 1, maxLength: 3 }), (data, edits) => {
      runs++;
      const text = stringify(edits.reduce(applyEdit, data));
      if (agrees(text)) count++;
    }), { numRuns: 3000 });
    // Some edits keep the file valid (a near miss that is right there, a dropped optional key): ~5%.
    expect(count).toBeGreaterThan(runs / 50);
  });

  it('on characters typed into the text', () => {
    const typed = fc.record({ at: fc.nat(), text: fc.constantFrom(' ', '\n', ':', '-', '#', '0', 's', 'x', '{', '"', '\t', '  ', 'ms', '&a', '*a', '\uFEFF') });
    fc.assert(fc.property(fc.constantFrom(...accepted), fc.array(typed, { minLength: 1, maxLength: 2 }), (text, typing) => {
      agrees(typing.reduce((t, { at, text: s }) => { const i = at % (t.length + 1); return t.slice(0, i) + s + t.slice(i); }, text));
    }), { numRuns: 1500 });
  });

  it('at the edges of each distribution\'s and call\'s checks', () => {
    const withService = (serviceTime: unknown, calls: unknown) => stringify({
      name: 'Edges', duration: '10s',
      features: { browse: { rate: '10/s', entry: 'web' } },
      services: { web: { workers: 1, serviceTime, calls }, db: { workers: 1, serviceTime: '1ms' } },
    });
    let count = 0;
    for (const value of boundaryValues()) {
      if (agrees(withService(value, []))) count++;
      if (agrees(withService('1ms', [value]))) count++;
      if (agrees(withService('1ms', [{ to: 'db', latency: value }]))) count++;
    }
    // The valid ones: uniform, both lognormal pairs and empirical (as work and as latency), and four calls.
    expect(count).toBe(12);
  });

  it('declines files it does not read, so the full parser reads or explains them', () => {
    const withKnob = `${TINY}knobs:\n  - { param: services.web.workers, from: 1, to: 8 }\n`;
    expect(parseScenario(withKnob, 'k.yaml').ok).toBe(true);
    expect(quickParse(withKnob)).toBeUndefined();
    expect(quickParse(TINY.replace('workers: 4', 'workers: 0'))).toBeUndefined();
    expect(quickParse(TINY.replace('entry: web }', 'entry: nowhere }'))).toBeUndefined();
    expect(quickParse(`${TINY}services:\n  other: { workers: 1, serviceTime: 1ms }\n`)).toBeUndefined();
    expect(quickParse('')).toBeUndefined();
  });
});
