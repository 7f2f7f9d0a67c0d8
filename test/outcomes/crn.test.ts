/**
 * Two properties of the experiments that make their answers trustworthy:
 *
 * - Common random numbers cut the variance of a difference. Base and variant run on the same
 *   seeds draw the same arrivals and service times (one named stream per source), so the noise
 *   they share cancels in the paired difference. Against the same comparison on independent
 *   seeds, the variance of the difference must fall by more than half. The choice compared: an
 *   error rate of 10% against 12% at the service. On common random numbers the same uniform
 *   decides each request's error, so the difference is the requests with u in [0.10, 0.12):
 *   variance about 0.02·n, against about 0.22·n for independent seeds (both binomial variances
 *   plus the arrival noise) — a ratio near 11. With R = 30 pairs each way the ratio of sample
 *   variances is F(29, 29) times the true ratio; log F has sd ≈ 0.37, so at the family's level
 *   (z ≈ 4.5) the observed ratio stays above 11 · e^(−4.5 · 0.37) ≈ 2.1: "more than half" holds.
 * - The 95% Student t interval of `--runs 5` covers the true value about 95% of the time. The
 *   true value is known in closed form: the measured arrivals of a Poisson stream, mean λT. Over
 *   200 independent 5-run experiments the number that cover it is Binomial(200, 0.95) when the
 *   intervals are right: an exact binomial test through the family of test/support/family.ts.
 */
import { describe, expect, it } from 'vitest';
import { compare } from '../../src/outcomes/compare.js';
import { replications } from '../../src/outcomes/runs.js';
import { simulate } from '../../src/model/simulate.js';
import type { MetricsOf } from '../../src/outcomes/experiment-types.js';
import type { Scenario } from '../../src/scenario/types.js';
import { comparisons } from '../support/family.js';

const family = comparisons('outcomes/crn');

const queue = (workers: number): Scenario => ({
  name: 'M/M/c', durationMs: 60_000, warmupMs: 5_000, seed: 1,
  features: [{ name: 'lookup', ratePerMs: 0.03, entry: 'api' }],
  services: [{ name: 'api', workers, queue: Infinity, serviceTime: { kind: 'exponential', mean: 100 }, calls: [] }],
});

const counts: MetricsOf = (r) => ({ failed: r.features.lookup.failed, arrivals: r.features.lookup.arrivals });

const erring = (rate: number): Scenario => ({
  ...queue(8), faults: [{ kind: 'errors', service: 'api', startMs: 0, durationMs: Infinity, rate }],
});

const variance = (xs: number[]): number => {
  const m = xs.reduce((a, x) => a + x, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
};

describe('common random numbers', () => {
  const R = 30;

  it('cut the variance of a difference by more than half against independent seeds', () => {
    const base = erring(0.1), variant = erring(0.12);
    const scenario: Scenario = { ...base, variants: [{ name: 'more-errors', scenario: variant }] };
    const crn = compare(scenario, { runs: R, seed: 1, metricsOf: counts });
    const paired = crn.metrics.failed.variants['more-errors'].difference;
    const independent = Array.from({ length: R }, (_, i) =>
      simulate(variant, { seed: 10_000 + i }).features.lookup.failed - simulate(base, { seed: 1 + i }).features.lookup.failed);
    const ratio = variance(independent) / paired.sd ** 2;
    expect(ratio, `variance of the difference: independent seeds / common random numbers = ${ratio.toFixed(1)}`).toBeGreaterThan(2);
    // The same arrivals in both arms: their difference is exactly 0.
    expect(crn.metrics.arrivals.variants['more-errors'].difference.sd).toBe(0);
  });
});

describe('replications', () => {
  it('the 95% interval of 5 runs covers the closed-form mean about 95% of the time (200 experiments)', () => {
    const s: Scenario = { ...queue(4), durationMs: 25_000, warmupMs: 5_000 };
    const truth = 0.03 * 20_000;
    let covered = 0;
    for (let k = 0; k < 200; k++) {
      const { arrivals } = replications(s, { runs: 5, seed: 1 + 5 * k, metricsOf: counts }).metrics;
      if (arrivals.low <= truth && truth <= arrivals.high) covered++;
    }
    family.expectBinomial('intervals covering λT, 200 experiments of 5 runs', [covered], [200], 0.95);
  });
});

describe('a metric a variant does not report', () => {
  it('is unknown in that arm (NaN: null in JSON, – in tables), not 0', () => {
    const withSlo: Scenario = { ...queue(4), features: [{ ...queue(4).features[0], slo: { success: 0.99, withinMs: 500 } }] };
    const scenario: Scenario = { ...withSlo, variants: [{ name: 'no-slo', scenario: queue(4) }] };
    const report = compare(scenario, {
      runs: 2, seed: 1, metricsOf: (r, s) => ({
        arrivals: r.features.lookup.arrivals, ...(s.features[0].slo ? { 'lookup.slo.good': r.features.lookup.sloGood } : {}),
      }),
    });
    const m = report.metrics['lookup.slo.good'];
    expect(m.base.mean).toBeGreaterThan(0);
    expect(m.variants['no-slo'].value.mean).toBeNaN();
    expect(m.variants['no-slo'].difference.mean).toBeNaN();
    expect(report.metrics.arrivals.variants['no-slo'].difference.mean).toBe(0);
  });
});
