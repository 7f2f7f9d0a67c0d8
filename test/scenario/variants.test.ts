import { describe, expect, it } from 'vitest';
import { formatProblem, mergePatch, parseScenario, variantsOf } from '../../src/scenario/index.js';
import { problemsOf, scenarioOf, yaml } from './helpers.js';

describe('mergePatch (RFC 7386)', () => {
  it('gives the results of the RFC\'s appendix A', () => {
    const cases: [unknown, unknown, unknown][] = [
      [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
      [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
      [{ a: 'b' }, { a: null }, {}],
      [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
      [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
      [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
      [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
      [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
      [['a', 'b'], ['c', 'd'], ['c', 'd']],
      [{ a: 'b' }, ['c'], ['c']],
      [{ a: 'foo' }, null, null],
      [{ a: 'foo' }, 'bar', 'bar'],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: 'b', c: null }, { a: 'b' }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [target, patch, result] of cases) expect(mergePatch(target, patch)).toEqual(result);
  });

  it('gives the result of the RFC\'s example in section 3', () => {
    const target = {
      title: 'Goodbye!',
      author: { givenName: 'John', familyName: 'Doe' },
      tags: ['example', 'sample'],
      content: 'This will be unchanged',
    };
    const patch = { title: 'Hello!', phoneNumber: '+01-123-456-7890', author: { familyName: null }, tags: ['example'] };
    expect(mergePatch(target, patch)).toEqual({
      title: 'Hello!',
      author: { givenName: 'John' },
      tags: ['example'],
      content: 'This will be unchanged',
      phoneNumber: '+01-123-456-7890',
    });
  });

  it('changes neither argument, shares nothing with them, and keeps the target\'s key order', () => {
    const target = { b: { x: [1, { y: 2 }] }, a: 1, c: 3 };
    const patch = { d: { e: [{ f: null }] }, a: null, b: { z: 1 } };
    const before = JSON.stringify([target, patch]);
    const merged = mergePatch(target, patch) as Record<string, Record<string, unknown>>;
    expect(JSON.stringify([target, patch])).toBe(before);
    expect(Object.keys(merged)).toEqual(['b', 'c', 'd']);
    expect(merged).toEqual({ b: { x: [1, { y: 2 }], z: 1 }, c: 3, d: { e: [{ f: null }] } });
    expect(merged.b.x).not.toBe(target.b.x);
    expect(merged.d.e).not.toBe(patch.d.e);
  });

  it('keeps __proto__ an ordinary key', () => {
    const patch = JSON.parse('{ "__proto__": { "polluted": true } }');
    const merged = mergePatch({}, patch) as Record<string, unknown>;
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** Two features and two services; variants from line 10. */
const VARIANT_BASE = [
  'name: Shop',
  'duration: 1h',
  'features:',
  '  checkout: { rate: 20/s, entry: web, retry: { attempts: 3 } }',
  '  recs: { rate: 50/s, entry: web, priority: optional }',
  'services:',
  '  web: { workers: 8, serviceTime: 5ms, calls: [db] }',
  '  db: { workers: 4, serviceTime: 10ms }',
];
const withVariants = (...lines: string[]) => yaml(...VARIANT_BASE, 'variants:', ...lines);
/** VARIANT_BASE with line `n` (1-based) replaced, and lines after it. */
const baseWith = (n: number, ...lines: string[]) => {
  const copy = [...VARIANT_BASE];
  copy.splice(n - 1, 1, ...lines);
  return copy;
};

describe('variants', () => {
  it('each is the base with its patch merged in, normalised like a file of its own', () => {
    const s = scenarioOf(
      withVariants(
        '  throttle-recs:',
        '    description: Shed recommendations above 85% database load',
        '    patch:',
        '      shedding:',
        '        - { service: db, signal: utilization, above: 85%, below: 70%, for: 10s, shed: [optional] }',
        '  no-retries:',
        '    patch:',
        '      features: { checkout: { retry: null } }',
      ),
    );
    const { variants, ...base } = s;
    expect(base).toEqual(scenarioOf(yaml(...VARIANT_BASE)));
    expect(variants?.map((v) => [v.name, v.description])).toEqual([
      ['throttle-recs', 'Shed recommendations above 85% database load'],
      ['no-retries', undefined],
    ]);
    expect('description' in (variants?.[1] ?? {})).toBe(false);
    expect(variants?.[0].scenario).toEqual(
      scenarioOf(yaml(...VARIANT_BASE, 'shedding:', '  - { service: db, signal: utilization, above: 85%, below: 70%, for: 10s, shed: [optional] }')),
    );
    expect(variants?.[1].scenario).toEqual(scenarioOf(yaml(...baseWith(4, '  checkout: { rate: 20/s, entry: web }'))));
    expect(variants?.[1].scenario.features[0]).toEqual({ name: 'checkout', ratePerMs: 0.02, entry: 'web' });
    expect(variants?.every((v) => !('variants' in v.scenario))).toBe(true);
  });

  it('lists replace whole, new features and services come last, the name can change', () => {
    const s = scenarioOf(
      withVariants(
        '  cached:',
        '    patch:',
        '      name: Shop with a cache',
        '      features: { search: { rate: 5/s, entry: cache } }',
        '      services:',
        '        web: { calls: [cache] }',
        '        cache: { workers: 2, serviceTime: 1ms, calls: [db] }',
      ),
    );
    const [cached] = variantsOf(s);
    expect(cached.scenario.name).toBe('Shop with a cache');
    expect(s.name).toBe('Shop');
    expect(cached.scenario.features.map((f) => f.name)).toEqual(['checkout', 'recs', 'search']);
    expect(cached.scenario.services.map((x) => [x.name, x.calls.map((c) => c.to)])).toEqual([['web', ['cache']], ['db', []], ['cache', ['db']]]);
  });

  it('an empty variants map gives an empty list; a file without one has none', () => {
    expect(scenarioOf(yaml(...VARIANT_BASE, 'variants: {}')).variants).toEqual([]);
    expect('variants' in scenarioOf(yaml(...VARIANT_BASE))).toBe(false);
  });

  it('a variant reads replay files like the base', () => {
    const text = withVariants('  replayed:', '    patch:', '      load: [{ replay: { feature: recs, file: rates.csv } }]');
    const result = parseScenario(text, 'dir/x.yaml', { readFile: (name) => (name === 'rates.csv' ? 'time,rate\n0s,10/s\n60s,20/s\n' : undefined) });
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.scenario.variants?.[0].scenario.load).toEqual([
      { kind: 'replay', features: ['recs'], startMs: 0, interpolate: 'step', points: [{ tMs: 0, ratePerMs: 0.01 }, { tMs: 60_000, ratePerMs: 0.02 }] },
    ]);
    const bad = parseScenario(text, 'dir/x.yaml', { readFile: () => 'time,rate\n5s,10/s\n' });
    expect(bad.ok ? [] : bad.problems.map(formatProblem)).toEqual([
      'dir/rates.csv:2:1: time: the first time must be 0, got 5s (in the scenario as patched by variant replayed) (times increasing from 0, e.g. 0s, 10s, 20s)',
    ]);
  });
});

describe('variant problems', () => {
  it('a value the patch wrote is reported in the patch', () => {
    expect(problemsOf(withVariants('  x:', '    patch:', '      features: { checkout: { entry: dbb } }', '      services: { db: { workers: 0 } }'))).toEqual([
      'x.yaml:12:38: variants.x.patch.features.checkout.entry: there is no service named "dbb" (did you mean "db"?)',
      'x.yaml:13:34: variants.x.patch.services.db.workers: must be a whole number of at least 1, got 0 (a positive integer like 4)',
    ]);
  });

  it('a misspelt key in a patch, with did-you-mean', () => {
    expect(problemsOf(withVariants('  x:', '    patch:', '      services:', '        db: { wrkers: 2 }'))).toEqual([
      'x.yaml:13:15: variants.x.patch.services.db: unknown key "wrkers" (did you mean "workers"?)',
    ]);
    expect(problemsOf(withVariants('  x:', '    patch: { durration: 2h }'))).toEqual([
      'x.yaml:11:14: variants.x.patch: unknown key "durration" (did you mean "duration"?)',
    ]);
  });

  it('a key the patch deleted is missing where the patch wrote its map', () => {
    expect(problemsOf(withVariants('  x:', '    patch:', '      features:', '        recs: { rate: null }'))).toEqual([
      'x.yaml:13:9: variants.x.patch.features.recs: missing "rate" (a rate like 30/s, 1800/min, 100000/h)',
    ]);
  });

  it('a base value the patch made wrong is reported in the base, naming the variant', () => {
    expect(problemsOf(withVariants('  no-db:', '    patch: { services: { db: null } }'))).toEqual([
      'x.yaml:7:48: services.web.calls[0]: there is no service named "db" (in the scenario as patched by variant no-db) (did you mean "web"?)',
    ]);
  });

  it('variants cannot nest', () => {
    expect(problemsOf(withVariants('  x:', '    patch:', '      variants: { y: { patch: {} } }'))).toEqual([
      'x.yaml:12:7: variants.x.patch.variants: a patch cannot hold variants: variants do not nest (each variant as its own entry under the top-level variants)',
    ]);
  });

  it('the base\'s problems are reported once, with each variant\'s own', () => {
    const text = yaml(...baseWith(8, '  db: { workers: 0, serviceTime: 10ms }'), 'variants:', '  a: { patch: { seed: 2 } }', '  b: { patch: { seed: -1 } }');
    expect(problemsOf(text)).toEqual([
      'x.yaml:8:18: services.db.workers: must be a whole number of at least 1, got 0 (a positive integer like 4)',
      'x.yaml:11:23: variants.b.patch.seed: must be a whole number of 0 or more, got -1 (a whole number of 0 or more like 1)',
    ]);
  });

  it('a variant\'s own keys, its name and its patch', () => {
    expect(problemsOf(withVariants('  x: { pach: { seed: 2 } }'))).toEqual(['x.yaml:10:8: variants.x: unknown key "pach" (did you mean "patch"?)']);
    expect(problemsOf(withVariants('  x: { patch: [seed] }'))).toEqual([
      'x.yaml:10:15: variants.x.patch: must be a map of changes, got a list (a map of changes to the scenario, e.g. { features: { checkout: { retry: null } } })',
    ]);
    expect(problemsOf(withVariants('  "a b": { patch: {} }'))).toEqual([
      'x.yaml:10:3: variants: "a b" cannot be used as a name (a name of letters, digits, - and _, starting with a letter or digit)',
    ]);
    expect(problemsOf(yaml(...VARIANT_BASE, 'variants: [x]'))).toEqual([
      'x.yaml:9:11: variants: must be a map of variant names to variants, got a list (variant names, each with a patch, e.g. no-retries: { patch: { ... } })',
    ]);
  });
});
