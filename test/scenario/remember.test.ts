/** What parsing remembers between calls (remember.ts): knob ends' problems and edited texts, never a stale answer. */
import { describe, expect, it } from 'vitest';
import { applyParams } from '../../src/scenario/param.js';
import { formatProblem, parseScenario } from '../../src/scenario/index.js';
import { Remembered, dataKey } from '../../src/scenario/remember.js';
import { BASE, yaml } from './helpers.js';

describe('dataKey', () => {
  it('tells apart the values plain JSON writes alike', () => {
    const values = [null, Infinity, -Infinity, NaN, 0, -0, undefined, 'null', 'nInfinity', 'u', 's', '', 1, '1', true, 'true'];
    const keys = values.map((v) => dataKey({ a: [v] }));
    expect(new Set(keys).size).toBe(values.length);
  });

  it('is the same for equal data built apart, and differs when one value deep inside differs', () => {
    const make = (workers: number) => ({ services: { api: { workers, serviceTime: '100ms' } }, load: [{ step: { factor: 2 } }] });
    expect(dataKey(make(4))).toBe(dataKey(make(4)));
    expect(dataKey(make(4))).not.toBe(dataKey(make(5)));
  });
});

describe('Remembered', () => {
  it('forgets the least recently used entry when full', () => {
    const r = new Remembered<number>(2);
    r.set('a', 1);
    r.set('b', 2);
    expect(r.get('a')).toBe(1); // a is now the newest
    r.set('c', 3);
    expect(r.get('b')).toBeUndefined();
    expect(r.get('a')).toBe(1);
    expect(r.get('c')).toBe(3);
  });
});

/** A file whose knob's `from` (0 workers) breaks it: lines 9–10. */
const BROKEN_END = yaml(
  ...BASE,
  'knobs:',
  '  - { param: services.api.workers, from: 0, to: 8 }',
);
const END_PROBLEM = 'x.yaml:10:42: knobs[0].from: sets services.api.workers to 0, which the file cannot take: must be a whole number of at least 1, got 0 ' +
  '(a from that keeps the file valid: a positive integer like 4)';

const problems = (result: ReturnType<typeof parseScenario>) => (result.ok ? [] : result.problems.map(formatProblem));

describe('parsing again', () => {
  it('reports a knob end\'s problem every time, whatever the slider says', () => {
    expect(problems(parseScenario(BROKEN_END, 'x.yaml'))).toEqual([END_PROBLEM]);
    expect(problems(parseScenario(BROKEN_END, 'x.yaml'))).toEqual([END_PROBLEM]);
    for (const workers of [2, 6, 2]) {
      expect(problems(applyParams(BROKEN_END, { 'services.api.workers': workers }, 'x.yaml', { by: 'slider' }))).toEqual([END_PROBLEM]);
    }
    // Fixed, the same file parses; broken again, the problem is back.
    expect(parseScenario(BROKEN_END.replace('from: 0', 'from: 1'), 'x.yaml').ok).toBe(true);
    expect(problems(parseScenario(BROKEN_END, 'x.yaml'))).toEqual([END_PROBLEM]);
  });

  it('places the problem in the file it was asked about', () => {
    expect(problems(parseScenario(BROKEN_END, 'y.yaml'))).toEqual([END_PROBLEM.replace('x.yaml', 'y.yaml')]);
  });

  it('reads a replay file afresh every time: its knob ends are not remembered', () => {
    const text = yaml(
      'name: t',
      'duration: 1h',
      'features:',
      '  browse: { rate: 10/s, entry: web }',
      'services:',
      '  web: { workers: 4, serviceTime: 1ms }',
      'load:',
      '  - replay: { feature: browse, file: r.csv }',
      'knobs:',
      '  - { param: services.web.workers, from: 1, to: 8 }',
    );
    let csv = 'time,rate\n0s,1/s\n1m,2/s\n', reads = 0;
    const readFile = () => (reads++, csv);
    expect(parseScenario(text, 's.yaml', { readFile }).ok).toBe(true);
    const first = reads;
    expect(parseScenario(text, 's.yaml', { readFile }).ok).toBe(true);
    expect(reads).toBe(2 * first);
    csv = 'time,rate\n0s,1/s\n0s,2/s\n';
    expect(problems(parseScenario(text, 's.yaml', { readFile })).length).toBeGreaterThan(0);
  });

  it('edits the text it was given: a slider after an edit of the file sets the edited file', () => {
    const a = applyParams(BROKEN_END.replace('from: 0', 'from: 1'), { 'services.api.workers': 3 }, 'x.yaml', { by: 'slider' });
    const b = applyParams(BROKEN_END.replace('from: 0', 'from: 1').replace('rate: 30/s', 'rate: 7/s'), { 'services.api.workers': 3 }, 'x.yaml', { by: 'slider' });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.scenario.services[0].workers).toBe(3);
    expect(b.scenario.features[0].ratePerMs).toBeCloseTo(0.007, 12);
  });
});
