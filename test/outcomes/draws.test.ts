/** Tickets and churn: binomial per class and state, seeded, common random numbers across variants. */
import { describe, expect, it } from 'vitest';
import { churn } from '../../src/outcomes/churn.js';
import { split } from '../../src/outcomes/split.js';
import { states } from '../../src/outcomes/states.js';
import { tickets } from '../../src/outcomes/tickets.js';
import type { FeatureSpec } from '../../src/scenario/types.js';
import { feature, fill, result, scenario } from './fixture.js';

const checkout: FeatureSpec = feature('checkout', 'web', {
  tickets: { failed: 0.05, abandoned: 0.02, late: 0.5, lateAfterMs: 60_000 },
  churn: { failed: 0.01, abandoned: 0.03, lifetimeValue: 120 },
});

function partsOf(failed: number, abandoned: number, late = 0, seed = 1) {
  const sc = scenario({ features: [checkout] });
  const r = result(sc, { buckets: 4, seed, features: { checkout: { users: { failed: fill(4, failed / 4), abandoned: fill(4, abandoned / 4), shed: [3] }, late: [late] } } });
  return split(r, 'checkout', states(sc, r.series.t, r.series.bucketMs, r.endMs));
}

describe('tickets', () => {
  it('reports n·p alongside the draw, per class', () => {
    const t = tickets(checkout, partsOf(400, 800, 10), 1);
    expect(t.byClass.failed.expected).toBeCloseTo(20, 9);
    expect(t.byClass.abandoned.expected).toBeCloseTo(16, 9);
    expect(t.byClass.late.expected).toBeCloseTo(5, 9);
    // refused defaults to the failed chance.
    expect(t.byClass.refused.expected).toBeCloseTo(0.15, 9);
    expect(t.byClass.degraded).toEqual({ count: 0, expected: 0 });
    expect(t.count).toBe(Object.values(t.byClass).reduce((a, d) => a + d.count, 0));
    expect(t.count).toBe(t.byState.normal.count + t.byState.peak.count + t.byState.degraded.count);
  });

  it('is the same for the same seed, and different for another', () => {
    const a = tickets(checkout, partsOf(4000, 8000), 1), b = tickets(checkout, partsOf(4000, 8000), 1), c = tickets(checkout, partsOf(4000, 8000), 2);
    expect(b).toEqual(a);
    expect(c.count).not.toBe(a.count);
  });

  it('draws Binomial(n, p) counts: mean and variance within 4 SE over seeds', () => {
    const n = 2000, p = 0.05, seeds = 2000, parts = partsOf(n, 0);
    const xs = Array.from({ length: seeds }, (_, s) => tickets(checkout, parts, s + 1).byClass.failed.count);
    const mean = xs.reduce((a, x) => a + x, 0) / seeds;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (seeds - 1);
    const v = n * p * (1 - p);
    expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt(v / seeds));
    expect(Math.abs(variance - v)).toBeLessThan(4 * v * Math.sqrt(2 / (seeds - 1)));
  });

  it('uses common random numbers: on one seed, more failed users never give fewer tickets', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const fewer = tickets(checkout, partsOf(400, 0), seed).byClass.failed.count;
      const more = tickets(checkout, partsOf(440, 0), seed).byClass.failed.count;
      expect(more).toBeGreaterThanOrEqual(fewer);
      expect(more - fewer).toBeLessThanOrEqual(40);
    }
  });

  it('is zero without tickets in the scenario', () => {
    const t = tickets(feature('checkout', 'web'), partsOf(400, 400, 5), 1);
    expect([t.count, t.expected]).toEqual([0, 0]);
  });
});

describe('churn', () => {
  it('loses users by binomial draws and their lifetime value', () => {
    const c = churn(checkout, partsOf(4000, 8000), 1);
    expect(c.expected).toBeCloseTo(40 + 240 + 0.03, 9);
    expect(c.value).toBe(c.count * 120);
    expect(c.count).toBeGreaterThan(200);
    expect(c.count).toBeLessThan(370);
  });

  it('draws from its own streams, not the tickets ones', () => {
    const same = feature('checkout', 'web', { tickets: { failed: 0.5 }, churn: { failed: 0.5 } });
    const parts = partsOf(400, 0);
    expect(churn(same, parts, 1).byClass.failed.count).not.toBe(tickets(same, parts, 1).byClass.failed.count);
  });
});
