import { describe, expect, it } from 'vitest';
import { lognormalFromMoments, lognormalFromQuantiles } from '../../src/engine/lognormal.js';
import { BASE, scenarioOf, withLine, yaml } from './helpers.js';

const serviceTime = (text: string) => scenarioOf(withLine(8, `    serviceTime: ${text}`)).services[0].serviceTime;

describe('distribution forms', () => {
  it('reads a bare duration as constant', () => {
    expect(serviceTime('100ms')).toEqual({ kind: 'constant', value: 100 });
  });

  it('reads each one-key form', () => {
    expect(serviceTime('{ exponential: 1.5s }')).toEqual({ kind: 'exponential', mean: 1500 });
    expect(serviceTime('{ constant: 120ms }')).toEqual({ kind: 'constant', value: 120 });
    expect(serviceTime('{ uniform: { min: 0ms, max: 30ms } }')).toEqual({ kind: 'uniform', min: 0, max: 30 });
    expect(serviceTime('{ empirical: [12ms, 0ms, 1s] }')).toEqual({ kind: 'empirical', samples: [12, 0, 1000] });
  });

  // The engine's conversions (tested by sampling in test/engine/distributions.test.ts) are the
  // ones the parser uses; these pin that wiring and the percentiles and moments it gives back.
  it('reads log-normal from p50 and p99 with the engine\'s lognormalFromQuantiles', () => {
    const d = serviceTime('{ lognormal: { p50: 15ms, p99: 80ms } }');
    expect(d).toEqual({ kind: 'lognormal', ...lognormalFromQuantiles(15, 80) });
    if (d.kind !== 'lognormal') throw new Error(d.kind);
    expect(Math.exp(d.mu)).toBeCloseTo(15, 10);
    expect(Math.exp(d.mu + 2.3263478740408408 * d.sigma)).toBeCloseTo(80, 10);
  });

  it('reads log-normal from mean and sd with the engine\'s lognormalFromMoments, matching the mean and sd back', () => {
    const d = serviceTime('{ lognormal: { mean: 20ms, sd: 10ms } }');
    expect(d).toEqual({ kind: 'lognormal', ...lognormalFromMoments(20, 10) });
    if (d.kind !== 'lognormal') throw new Error(d.kind);
    expect(Math.exp(d.mu + d.sigma ** 2 / 2)).toBeCloseTo(20, 10);
    expect(Math.sqrt((Math.exp(d.sigma ** 2) - 1) * Math.exp(2 * d.mu + d.sigma ** 2))).toBeCloseTo(10, 10);
  });

  it('allows zero-length values inside distributions', () => {
    expect(serviceTime('0ms')).toEqual({ kind: 'constant', value: 0 });
    expect(serviceTime('{ exponential: 0s }')).toEqual({ kind: 'exponential', mean: 0 });
  });
});

describe('other forms', () => {
  it('applies defaults: warmup 0, seed 1, unbounded queue, no calls', () => {
    const s = scenarioOf(yaml(...BASE));
    expect([s.warmupMs, s.seed, s.services[0].queue, s.services[0].calls]).toEqual([0, 1, Infinity, []]);
  });

  it('keeps the description, queue 0, and the object form of calls with latency', () => {
    const s = scenarioOf(
      yaml(
        'name: "  Padded title  "',
        'description: |',
        '  A story in two',
        '  lines.',
        'duration: 90m',
        'warmup: 0s',
        'seed: 0',
        'features:',
        '  lookup: { rate: 1800/min, entry: api }',
        'services:',
        '  api: { workers: 1, queue: 0, serviceTime: 1ms, calls: [db, { to: db, latency: { exponential: 2ms } }] }',
        '  db: { workers: 1, serviceTime: 1ms }',
      ),
    );
    expect(s.name).toBe('Padded title');
    expect(s.description).toBe('A story in two\nlines.'); // trimmed, like name
    expect([s.durationMs, s.warmupMs, s.seed]).toEqual([5_400_000, 0, 0]);
    expect(s.features[0].ratePerMs).toBeCloseTo(0.03, 15);
    expect(s.services[0].queue).toBe(0);
    expect(s.services[0].calls).toEqual([{ to: 'db' }, { to: 'db', latency: { kind: 'exponential', mean: 2 } }]);
  });

  it('accepts the same service called from two places (a diamond, not a loop)', () => {
    const s = scenarioOf(
      yaml(
        'name: t',
        'duration: 1h',
        'features: { f: { rate: 1/s, entry: a } }',
        'services:',
        '  a: { workers: 1, serviceTime: 1ms, calls: [b, c] }',
        '  b: { workers: 1, serviceTime: 1ms, calls: [d] }',
        '  c: { workers: 1, serviceTime: 1ms, calls: [d] }',
        '  d: { workers: 1, serviceTime: 1ms }',
      ),
    );
    expect(s.services.map((x) => x.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('resolves YAML anchors and aliases', () => {
    const s = scenarioOf(
      withLine(8, '    serviceTime: &fast { exponential: 10ms }', '  db:', '    workers: 1', '    serviceTime: *fast'),
    );
    expect(s.services[1].serviceTime).toEqual({ kind: 'exponential', mean: 10 });
  });

  it('ignores a byte-order mark', () => {
    expect(scenarioOf(`\uFEFF${yaml(...BASE)}`).name).toBe('t');
  });
});
