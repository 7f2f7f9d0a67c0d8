/** SLO: error budget burned (closed form) and time out of SLO on hand-built series. */
import { describe, expect, it } from 'vitest';
import { MONTH_MS, slo } from '../../src/outcomes/slo.js';
import { feature, fill, result, scenario } from './fixture.js';

describe('slo', () => {
  it('is null without an SLO', () => {
    const sc = scenario();
    const r = result(sc, { buckets: 2 });
    expect(slo(sc.features[0], r.features.checkout, r.series.features.checkout, r.series.t, 10_000, r.endMs)).toBeNull();
  });

  it('burns p·D / ((1 − target)·30 d) of the budget at a steady failure rate p', () => {
    // 0.1 requests per ms for 600 s, 2% failing: bad = 0.02 × 60,000.
    const rate = 0.1, p = 0.02, target = 0.999, D = 600_000;
    const f = feature('checkout', 'web', { ratePerMs: rate, slo: { success: target } });
    const sc = scenario({ features: [f], durationMs: D });
    const perBucket = rate * 10_000;
    const r = result(sc, { buckets: 60, features: { checkout: { users: { succeeded: fill(60, perBucket * (1 - p)), failed: fill(60, perBucket * p) } } } });
    const s = slo(f, r.features.checkout, r.series.features.checkout, r.series.t, 10_000, r.endMs)!;
    expect(s.events).toBeCloseTo(rate * D, 6);
    expect(s.bad).toBeCloseTo(p * rate * D, 6);
    expect(s.budget).toBeCloseTo((1 - target) * rate * MONTH_MS, 6);
    expect(s.budgetBurned!).toBeCloseTo((p * D) / ((1 - target) * MONTH_MS), 12);
    expect(s.errorRate).toBeCloseTo(p, 12);
    // 2% bad is below 99.9% good everywhere.
    expect(s.outOfSloMs).toBe(D);
    expect(s.leftAt).toBe(0);
  });

  it('counts the time out of SLO over a trailing window of whole buckets', () => {
    // Window 30 s = 3 buckets. Bucket 4 fails half its requests: windows ending at 4, 5, 6 hold it.
    const f = feature('checkout', 'web', { slo: { success: 0.9, windowMs: 30_000, withinMs: 1000 } });
    const sc = scenario({ features: [f], durationMs: 100_000 });
    const ok = fill(10, 100), bad = fill(10, 0);
    ok[4] = 50; bad[4] = 50;
    const r = result(sc, { buckets: 10, features: { checkout: { users: { succeeded: ok, failed: bad } } } });
    const s = slo(f, r.features.checkout, r.series.features.checkout, r.series.t, 10_000, r.endMs)!;
    // Window good shares: 250/300 = 0.83 at buckets 4..6 → out.
    expect(s.out).toEqual([false, false, false, false, true, true, true, false, false, false]);
    expect(s.outOfSloMs).toBe(30_000);
    expect(s.leftAt).toBe(40_000);
    expect(s.goodShare[4]).toBeCloseTo(250 / 300, 12);
    expect(s.withinMs).toBe(1000);
  });

  it('judges slow answers by sloGood, treats windows without events as in SLO, and counts a cut-short last bucket by its length', () => {
    const f = feature('checkout', 'web', { slo: { success: 0.99, windowMs: 1 } });
    const sc = scenario({ features: [f], durationMs: 25_000 });
    const r = result(sc, { buckets: 3, features: { checkout: { users: { succeeded: [0, 10, 10] }, sloGood: [0, 10, 5] } } });
    const s = slo(f, r.features.checkout, r.series.features.checkout, r.series.t, 10_000, r.endMs)!;
    expect(s.out).toEqual([false, false, true]);
    expect(s.goodShare[0]).toBeNull();
    expect(s.outOfSloMs).toBe(5_000);
    expect(s.bad).toBe(5);
  });

  it('has no budget to burn at a 100% target', () => {
    const f = feature('checkout', 'web', { slo: { success: 1 } });
    const sc = scenario({ features: [f] });
    const r = result(sc, { buckets: 2, features: { checkout: { users: { succeeded: [1, 1], failed: [1, 0] } } } });
    const s = slo(f, r.features.checkout, r.series.features.checkout, r.series.t, 10_000, r.endMs)!;
    expect(s.budgetBurned).toBeNull();
    expect(s.withinMs).toBeNull();
  });
});
