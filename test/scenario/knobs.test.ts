/** knobsOf: declared knobs in slider units, derived knobs, and writing and showing a knob's value. */
import { describe, expect, it } from 'vitest';
import { applyParams, formatProblem, knobsOf, showKnob, writeKnob, type Knob, type Scenario } from '../../src/scenario/index.js';
import { defaultStep } from '../../src/scenario/knob-range.js';
import { scenarioOf, yaml } from './helpers.js';

const DECLARED = yaml(
  'name: t',
  'duration: 30m',
  'features:',
  '  browse: { rate: 1800/min, entry: web, timeout: 2s }',
  'services:',
  '  web: { workers: 8, serviceTime: 20ms, calls: [{ to: db, timeout: 1s, retry: { attempts: 3 } }] }',
  '  db: { workers: 4, serviceTime: { exponential: 10ms } }',
  'load:',
  '  - spike: { factor: 10, start: 5m, duration: 5m }',
  'faults:',
  '  - errors: { service: db, start: 10m, duration: 2m, rate: 20% }',
  'knobs:',
  '  - { param: load.0.spike.factor, from: 1, to: 20 }',
  '  - { param: faults.0.errors.duration, from: 30s, to: 10m, label: Outage length }',
  '  - { param: features.browse.rate, from: 600/min, to: 6000/min, step: 300/min }',
  '  - { param: faults.0.errors.rate, from: 50%, to: 90% }',
  '  - { param: services.web.workers, from: 1, to: 4 }',
);

const knobs = (text: string): Knob[] => knobsOf(scenarioOf(text), text);
const byParam = (list: Knob[], param: string) => list.find((k) => k.param === param)!;

describe('declared knobs', () => {
  const list = knobs(DECLARED);

  it('come in the order declared, in slider units: ms, per second, fractions, numbers', () => {
    expect(list.map((k) => [k.param, k.kind, k.min, k.max, k.value])).toEqual([
      ['load.0.spike.factor', 'number', 1, 20, 10],
      ['faults.0.errors.duration', 'duration', 30_000, 600_000, 120_000],
      ['features.browse.rate', 'rate', 10, 100, 30], // 600/min..6000/min, the file's 1800/min
      ['faults.0.errors.rate', 'share', 0.2, 0.9, 0.2], // declared 50%..90%, widened to the file's 20%
      ['services.web.workers', 'number', 1, 8, 8], // declared 1..4, widened to the file's 8
    ]);
    expect(list.every((k) => k.declared)).toBe(true);
  });

  it('default steps: 1 for whole numbers, else a round step cutting the range in about 20; a given step in slider units', () => {
    expect(list.map((k) => [k.step, k.whole])).toEqual([[1, true], [30_000, false], [5, false], [0.02, false], [1, true]]);
  });

  it('labels from the path unless given; groups by storm, load and service; multipliers flagged', () => {
    expect(list.map((k) => [k.label, k.group, k.times])).toEqual([
      ['Spike: size (× normal load)', 'Storm', true],
      ['Outage length', 'Storm', false],
      ['browse: arrivals', 'Load', false],
      ['Errors at db: share failing', 'Storm', false],
      ['web: workers', 'web', false],
    ]);
  });

  it("a range leaving out the file's value is widened to hold it, and says so", () => {
    expect(byParam(list, 'faults.0.errors.rate')).toMatchObject({ min: 0.2, max: 0.9 });
    expect(byParam(list, 'faults.0.errors.rate').note).toBe("the file's value (20%) is outside the declared 50% to 90%; the slider was widened to hold it");
    expect(byParam(list, 'services.web.workers')).toMatchObject({ min: 1, max: 8, value: 8 });
    expect(byParam(list, 'load.0.spike.factor').note).toBeUndefined();
  });

  it("round trip: writing a knob's own value changes nothing", () => {
    const base = scenarioOf(DECLARED);
    for (const knob of list) {
      const applied = applyParams(DECLARED, { [knob.param]: writeKnob(knob, knob.value) }, 'x.yaml');
      expect(applied.ok && applied.scenario, knob.param).toEqual(base);
    }
  });

  it('round trip: a value written by writeKnob is the value the scenario gets, in engine units', () => {
    const engine: Record<string, (s: Scenario) => unknown> = {
      'load.0.spike.factor': (s) => s.load?.[0].kind === 'spike' && s.load[0].factor,
      'faults.0.errors.duration': (s) => s.faults?.[0].durationMs,
      'features.browse.rate': (s) => s.features[0].ratePerMs * 1000,
      'faults.0.errors.rate': (s) => s.faults?.[0].kind === 'errors' && s.faults[0].rate,
      'services.web.workers': (s) => s.services[0].workers,
    };
    for (const knob of list) {
      for (const value of [knob.min, knob.min + knob.step * 3, knob.max]) {
        const applied = applyParams(DECLARED, { [knob.param]: writeKnob(knob, value) }, 'x.yaml');
        if (!applied.ok) throw new Error(applied.problems.map(formatProblem).join('\n'));
        expect(engine[knob.param](applied.scenario), `${knob.param} = ${value}`).toBeCloseTo(value, 9);
      }
    }
  });
});

describe('writeKnob and showKnob', () => {
  const knob = (kind: Knob['kind'], extra: Partial<Knob> = {}): Knob =>
    ({ param: 'x', label: 'x', kind, min: 0, max: 1, step: 1, value: 0, whole: false, declared: true, group: 'x', times: false, ...extra });

  it('write the file forms setParam takes', () => {
    expect(writeKnob(knob('duration'), 90_000)).toBe('90s');
    expect(writeKnob(knob('duration'), 1_500)).toBe('1500ms');
    expect(writeKnob(knob('rate'), 45)).toBe('45/s');
    expect(writeKnob(knob('share'), 0.625)).toBe('62.5%');
    expect(writeKnob(knob('number', { whole: true }), 6.6)).toBe(7);
    expect(writeKnob(knob('number'), 0.1 + 0.2)).toBe(0.3);
  });

  it('show values for people', () => {
    expect(showKnob(knob('duration'), 90_000)).toBe('1m30s');
    expect(showKnob(knob('duration'), 3_900_000)).toBe('1h5m');
    expect(showKnob(knob('duration'), 1_500)).toBe('1.5s');
    expect(showKnob(knob('duration'), 250)).toBe('250ms');
    expect(showKnob(knob('rate'), 27.7777)).toBe('27.8/s');
    expect(showKnob(knob('share'), 0.625)).toBe('62.5%');
    expect(showKnob(knob('number', { whole: true }), 7)).toBe('7');
    expect(showKnob(knob('number', { times: true }), 10)).toBe('×10');
  });

  it('default steps are round and cut the range evenly', () => {
    expect(defaultStep('duration', 570_000, false)).toBe(30_000); // 30s..10m: 19 steps of 30s
    expect(defaultStep('share', 0.4, false)).toBe(0.02); // 50%..90%: 20 steps of 2%
    expect(defaultStep('rate', 90, false)).toBe(5); // 10/s..100/s: 18 steps of 5/s
    expect(defaultStep('number', 7, false)).toBe(0.25); // 1..8: 28 steps of 0.25 (0.35 is a twentieth)
    expect(defaultStep('number', 7, true)).toBe(1);
    expect(defaultStep('number', 0.333, false)).toBeCloseTo(0.01665, 12); // nothing round divides it: a twentieth
  });
});

describe('derived knobs', () => {
  const TEXT = yaml(
    'name: t',
    'duration: 1h',
    'features:',
    '  pay: { rate: 20/s, entry: api, timeout: 2s, retry: { attempts: 3, budget: { ratio: 10% } } }',
    '  other: { rate: 5/s, entry: side }',
    'services:',
    '  api:',
    '    workers: 5',
    '    instances: 2',
    '    autoscale: { target: 60%, min: 2, max: 6 }',
    '    serviceTime: 20ms',
    '    calls: [{ parallel: [{ to: db, timeout: 400ms }, cache] }]',
    '  db: { workers: 3, serviceTime: 10ms }',
    '  cache: { workers: 2, serviceTime: 1ms }',
    '  side: { workers: 1, serviceTime: 1ms }',
    'faults:',
    '  - capacity: { service: api, start: 10m, duration: 5m, lose: 7 }',
    '  - latency: { service: db, start: 55m, duration: 10m, factor: 2.5 }',
  );
  const list = knobs(TEXT);
  const range = (param: string) => { const k = byParam(list, param); return [k.min, k.max, k.step, k.value]; };

  it('storms first, then the users and services the storms reach (not side), in call order; 12 at most', () => {
    // No load storm, so the rates of the features reached come first among the rest.
    expect(list.map((k) => k.param)).toEqual([
      'faults.0.capacity.lose', 'faults.0.capacity.duration', 'faults.1.latency.factor', 'faults.1.latency.duration',
      'features.pay.rate', 'features.pay.timeout', 'features.pay.retry.attempts',
      'services.api.workers', 'services.api.instances', 'services.api.autoscale.max', 'services.api.calls.0.parallel.0.timeout',
      'services.db.workers', // services.cache.workers would be the 13th
    ]);
    expect(list.every((k) => !k.declared && k.value >= k.min && k.value <= k.max)).toBe(true);
  });

  it('ranges around the value that keep the file valid', () => {
    expect(range('faults.0.capacity.lose')).toEqual([1, 10, 1, 7]); // up to every worker: 5 × 2
    expect(range('faults.1.latency.factor')).toEqual([1, 10, 0.5, 2.5]); // 1..max(2c, 10), fractions
    // 10m from 55m in a 1h run: never past the end (5m), never below the value either.
    expect(range('faults.1.latency.duration')).toEqual([150_000, 600_000, 30_000, 600_000]);
    expect(range('faults.0.capacity.duration')).toEqual([60_000, 1_200_000, 60_000, 300_000]); // ¼..4 times 5m
    expect(range('services.api.workers')).toEqual([4, 20, 1, 5]); // at least ⌈7 lost / 2 instances⌉; up to max(4c, c + 10)
    expect(range('services.api.instances')).toEqual([2, 6, 1, 2]); // autoscale's bounds
    expect(range('services.api.autoscale.max')).toEqual([2, 24, 1, 6]);
    expect(range('features.pay.retry.attempts')).toEqual([2, 7, 1, 3]); // a budget needs a retry
    expect(range('services.api.calls.0.parallel.0.timeout')).toEqual([100, 1600, 100, 400]);
    expect(byParam(list, 'services.api.calls.0.parallel.0.timeout').label).toBe('api → db: timeout');
  });

  it('with no storm: every feature\'s rate and every service', () => {
    const text = TEXT.slice(0, TEXT.indexOf('faults:'));
    expect(knobs(text).map((k) => k.param)).toEqual([
      'features.pay.rate', 'features.other.rate', 'features.pay.timeout', 'features.pay.retry.attempts',
      'services.api.workers', 'services.api.instances', 'services.api.autoscale.max', 'services.api.calls.0.parallel.0.timeout',
      'services.side.workers', 'services.db.workers', 'services.cache.workers',
    ]);
  });

  it('every end of every derived knob keeps the file valid', () => {
    for (const k of list) {
      for (const end of [k.min, k.max]) {
        const applied = applyParams(TEXT, { [k.param]: writeKnob(k, end) }, 'x.yaml');
        expect(applied.ok ? [] : applied.problems.map(formatProblem), `${k.param} = ${end}`).toEqual([]);
      }
    }
  });
});
