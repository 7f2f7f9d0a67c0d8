import { describe, expect, it } from 'vitest';
import { applyParams, formatProblem, readParam, setParam, type ParseResult, type Scenario } from '../../src/scenario/index.js';
import { scenarioOf, yaml } from './helpers.js';

/** Block and flow maps, a list of loads, a block list of calls and an anchor. */
const TEXT = yaml(
  'name: t',
  'duration: 1h',
  'load:',
  '  - spike: { feature: checkout, factor: 10, start: 5m, duration: 5m }',
  '  - step: { factor: 2, start: 10m }',
  'features:',
  '  checkout: { rate: 20/s, entry: web }',
  'services:',
  '  web:',
  '    workers: 8',
  '    serviceTime: &fast { exponential: 5ms }',
  '    calls:',
  '      - db',
  '  db: { workers: 4, serviceTime: *fast }',
  'shedding:',
  '  - { service: db, signal: utilization, above: 85%, below: 70%, for: 10s }',
);

const set = (path: string, value: string | number): Scenario => {
  const result = setParam(TEXT, path, value, 'x.yaml');
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.scenario;
};
const problems = (result: ParseResult) => (result.ok ? [] : result.problems.map(formatProblem));
const setProblems = (path: string, value: string | number) => problems(setParam(TEXT, path, value, 'x.yaml'));

describe('setParam', () => {
  it('sets block values, flow values and list items, written as in YAML', () => {
    const base = scenarioOf(TEXT);
    expect(set('services.web.workers', 16).services[0].workers).toBe(16);
    expect(set('services.db.workers', '6').services[1].workers).toBe(6);
    expect(set('features.checkout.rate', '10/s').features[0].ratePerMs).toBe(0.01);
    expect(set('load.0.spike.factor', 3).load?.[0]).toMatchObject({ kind: 'spike', factor: 3 });
    expect(set('load.1.step.start', '30s').load?.[1]).toMatchObject({ kind: 'step', startMs: 30_000 });
    expect(set('shedding.0.above', '90%').shedding?.[0].above).toBe(0.9);
    expect(set('services.web.calls.0', '{ to: db, timeout: 1s }').services[0].calls).toEqual([{ to: 'db', timeoutMs: 1000 }]);
    const changed = set('services.web.workers', 16);
    expect({ ...changed, services: base.services }).toEqual(base);
  });

  it('sets a map as a value, and changes an anchored value for its aliases too', () => {
    expect(set('services.db.serviceTime', '{ constant: 2ms }').services[1].serviceTime).toEqual({ kind: 'constant', value: 2 });
    const anchored = set('services.web.serviceTime.exponential', '20ms');
    expect(anchored.services.map((s) => s.serviceTime)).toEqual([{ kind: 'exponential', mean: 20 }, { kind: 'exponential', mean: 20 }]);
  });

  it('quotes text that would end a flow map early', () => {
    const result = setParam(TEXT, 'features.checkout.entry', 'x, y', 'x.yaml');
    expect(problems(result)).toEqual([
      'x.yaml:7:34: features.checkout.entry: there is no service named "x, y" (set by --param) (one of the services: "web" or "db")',
    ]);
  });

  it('sets an empty value', () => {
    const text = yaml('name: t', 'duration:', 'features: { f: { rate: 1/s, entry: a } }', 'services: { a: { workers: 1, serviceTime: 1ms } }');
    const result = setParam(text, 'duration', '30m', 'x.yaml');
    expect(result.ok && result.scenario.durationMs).toBe(1_800_000);
    const bare = setParam(text.replace('duration:', 'duration: 1h').replace('workers: 1', 'workers'), 'services.a.workers', 3, 'x.yaml');
    expect(bare.ok && bare.scenario.services[0].workers).toBe(3);
  });

  it('keeps comments, and the line after a block scalar', () => {
    const text = yaml(
      'name: t # title',
      'duration: 1h',
      'features: { f: { rate: 1/s, entry: a } }',
      'services:',
      '  a:',
      '    serviceTime: |-',
      '      1ms',
      '    workers: 2 # two',
    );
    const result = setParam(text, 'services.a.serviceTime', '4ms', 'x.yaml');
    expect(result.ok && result.scenario.services[0]).toMatchObject({ serviceTime: { kind: 'constant', value: 4 }, workers: 2 });
    expect(problems(setParam(text, 'services.a.workers', -1, 'x.yaml'))).toEqual([
      'x.yaml:8:14: services.a.workers: must be a whole number of at least 1, got -1 (set by --param) (a positive integer like 4)',
    ]);
  });

  it('places problems with the new value where the old one is, saying it came from --param', () => {
    expect(setProblems('services.web.workers', 0)).toEqual([
      'x.yaml:10:14: services.web.workers: must be a whole number of at least 1, got 0 (set by --param) (a positive integer like 4)',
    ]);
    expect(setProblems('load.0.spike.start', '2h')).toEqual([
      'x.yaml:4:52: load[0].spike.start: starts after the run ends (duration: 1h) (set by --param) (a time before 1h)',
    ]);
  });

  it('a path that is not in the file names what is there', () => {
    expect(setProblems('load.3.spike.factor', 2)).toEqual(['x.yaml:3:1: --param load.3.spike.factor: there is no load.3 (load has 2 items: 0, 1)']);
    expect(setProblems('services.web.wrkers', 2)).toEqual([
      'x.yaml:9:3: --param services.web.wrkers: there is no services.web.wrkers (did you mean services.web.workers? services.web has 3 keys: workers, serviceTime, calls)',
    ]);
    expect(setProblems('servces.web', 2)).toEqual([
      'x.yaml:1:1: --param servces.web: there is no servces (did you mean services? the file has 6 keys: name, duration, load, features, services, shedding)',
    ]);
    expect(setProblems('services.web.workers.max', 2)).toEqual([
      'x.yaml:10:5: --param services.web.workers.max: there is no services.web.workers.max (services.web.workers is a single value (8), not a map or a list)',
    ]);
    expect(setProblems('load.spike', 2)).toEqual(['x.yaml:3:1: --param load.spike: there is no load.spike (load has 2 items: 0, 1)']);
  });

  it('refuses variants, paths through an alias, odd paths and values', () => {
    expect(setProblems('variants.x.patch.seed', 2)).toEqual([
      'x.yaml:1:1: --param variants.x.patch.seed: cannot change variants (a path outside variants; each variant\'s patch applies on top of the changed value)',
    ]);
    expect(setProblems('services.db.serviceTime.exponential', '1ms')).toEqual([
      'x.yaml:14:21: --param services.db.serviceTime.exponential: goes through the alias *fast at services.db.serviceTime (a path to the value itself, where &fast is set)',
    ]);
    expect(setProblems('services..workers', 2)).toEqual([
      'x.yaml:1:1: --param services..workers: is not a path (keys separated by dots, list items numbered from 0, e.g. services.db.workers or load.0.spike.factor)',
    ]);
    expect(setProblems('services.web.workers', '{ a: ')).toEqual([
      'x.yaml:10:14: --param services.web.workers: cannot be set to "{ a:": it is not a YAML value (a value written as in the file, e.g. 30s, 10/s, 3, 85% or { exponential: 5s })',
    ]);
    expect(setProblems('services.web.workers', 'a\nb')[0]).toContain('cannot be set to text of more than one line');
  });

  it('a file the YAML reader cannot read reports its own problems', () => {
    expect(problems(setParam('name: "t\n', 'name', 'x', 'x.yaml'))).toEqual([
      'x.yaml:2:1: has text in "quotes" that is never closed (a closing " at the end of the text)',
    ]);
  });
});

describe('applyParams', () => {
  it('sets several values at once, each as setParam would, in one parse', () => {
    const result = applyParams(TEXT, { 'services.web.workers': 3, 'load.0.spike.factor': '4', 'features.checkout.rate': '50/s' }, 'x.yaml');
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    const s = result.scenario;
    expect([s.services[0].workers, s.load?.[0].kind === 'spike' && s.load[0].factor, s.features[0].ratePerMs]).toEqual([3, 4, 0.05]);
    const oneByOne = setParam(TEXT, 'services.web.workers', 3, 'x.yaml');
    expect(applyParams(TEXT, { 'services.web.workers': 3 }, 'x.yaml')).toEqual(oneByOne);
  });

  it('reports every path that leads nowhere at once, and says who set a refused value', () => {
    const bad = applyParams(TEXT, { 'services.web.wrkers': 3, 'services.db.workers': 2, 'load.3.spike.factor': 2 }, 'x.yaml', { by: 'slider' });
    expect(problems(bad)).toEqual([
      'x.yaml:3:1: slider load.3.spike.factor: there is no load.3 (load has 2 items: 0, 1)',
      'x.yaml:9:3: slider services.web.wrkers: there is no services.web.wrkers (did you mean services.web.workers? services.web has 3 keys: workers, serviceTime, calls)',
    ]);
    expect(problems(applyParams(TEXT, { 'services.db.workers': 2, 'services.web.workers': 0 }, 'x.yaml', { by: 'slider' }))).toEqual([
      'x.yaml:10:14: services.web.workers: must be a whole number of at least 1, got 0 (set by slider) (a positive integer like 4)',
    ]);
  });
});

describe('readParam', () => {
  it('reads values, maps and list items as the YAML holds them, following aliases', () => {
    expect(readParam(TEXT, 'services.web.workers')).toBe(8);
    expect(readParam(TEXT, 'features.checkout.rate')).toBe('20/s');
    expect(readParam(TEXT, 'load.0.spike.factor')).toBe(10);
    expect(readParam(TEXT, 'services.web.calls')).toEqual(['db']);
    expect(readParam(TEXT, 'services.db.serviceTime')).toEqual({ exponential: '5ms' });
    expect(readParam(TEXT, 'shedding.0.above')).toBe('85%');
  });

  it('gives undefined where the file has nothing', () => {
    for (const path of ['load.2', 'load.x', 'services.web.instances', 'services.web.workers.max', '', 'a..b']) {
      expect(readParam(TEXT, path)).toBeUndefined();
    }
  });
});
