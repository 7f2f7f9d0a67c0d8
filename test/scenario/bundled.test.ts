import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load-file.js';

const Z99 = 2.3263478740408408;

function load(path: string) {
  const result = loadScenarioFile(path);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.scenario;
}

describe('bundled scenarios', () => {
  it('mmc-check.yaml normalises to milliseconds and per-ms rates', () => {
    // Its knobs and story (the web app's) change nothing simulated; test/scenarios/presentation.test.ts checks them.
    const { knobs: _knobs, story: _story, ...simulated } = load('scenarios/mmc-check.yaml');
    expect(simulated).toEqual({
      name: 'Four-worker API at 75% load',
      durationMs: 7_200_000,
      warmupMs: 300_000,
      seed: 1,
      features: [{ name: 'lookup', ratePerMs: 0.03, entry: 'api' }],
      services: [
        { name: 'api', workers: 4, queue: Infinity, serviceTime: { kind: 'exponential', mean: 100 }, calls: [] },
      ],
    });
  });

  it('three-tier.yaml keeps declaration order, defaults and call lists', () => {
    const s = load('scenarios/three-tier.yaml');
    expect(s.name).toBe('Three-tier shop at steady load');
    expect(s.description).toMatch(/^A shop at steady load/);
    expect([s.durationMs, s.warmupMs, s.seed]).toEqual([1_800_000, 0, 7]);
    expect(s.features.map(({ name, ratePerMs, entry, priority }) => ({ name, ratePerMs, entry, priority }))).toEqual([
      { name: 'browse', ratePerMs: 0.12, entry: 'web', priority: 'important' },
      { name: 'checkout', ratePerMs: 0.008, entry: 'checkout', priority: 'core' },
    ]);
    // Users and business, in the model's units (ms, shares).
    expect(s.currency).toBe('USD');
    expect(s.features[0].users?.conversion).toEqual([{ latencyMs: 100, share: 1 }, { latencyMs: 300, share: 0.8 }]);
    expect(s.features[1].users?.retry).toEqual({ probability: 0.5, think: { kind: 'exponential', mean: 10_000 }, max: 2 });
    expect(s.features[1].value).toEqual({ success: 60 });
    expect(s.features[1].slo).toMatchObject({ withinMs: 1_000, windowMs: 600_000 });
    expect(s.variants?.map((v) => v.name)).toEqual(['payments-slow']);
    expect(s.services.map((x) => [x.name, x.workers, x.queue])).toEqual([
      ['web', 32, Infinity],
      ['checkout', 8, Infinity],
      ['catalog', 16, 200],
      ['payments', 4, 50],
    ]);
    expect(s.services.map((x) => x.calls)).toEqual([
      [{ to: 'catalog' }],
      [{ to: 'catalog' }, { to: 'payments' }],
      [],
      [],
    ]);
    expect(s.services[2].serviceTime).toEqual({ kind: 'exponential', mean: 10 });
    expect(s.services[3].serviceTime).toEqual({ kind: 'constant', value: 120 });
  });

  it('three-tier.yaml turns p50/p99 into log-normal mu and sigma', () => {
    const [web, checkout] = load('scenarios/three-tier.yaml').services;
    expect(web.serviceTime.kind).toBe('lognormal');
    if (web.serviceTime.kind !== 'lognormal' || checkout.serviceTime.kind !== 'lognormal') return;
    expect(web.serviceTime.mu).toBeCloseTo(Math.log(15), 12);
    expect(web.serviceTime.sigma).toBeCloseTo((Math.log(80) - Math.log(15)) / Z99, 12);
    expect(checkout.serviceTime.mu).toBeCloseTo(Math.log(40), 12);
    expect(checkout.serviceTime.sigma).toBeCloseTo((Math.log(250) - Math.log(40)) / Z99, 12);
  });
});
