/**
 * The tail functions behind every statistical tolerance, against published tables (NIST/SEMATECH
 * e-Handbook of Statistical Methods, tables 1.3.6.7.1 and 1.3.6.7.2; Abramowitz & Stegun table
 * 26.10) and against closed forms (Student t with 1 and 2 degrees of freedom) and direct sums (Poisson, binomial).
 */
import { describe, expect, it } from 'vitest';
import {
  lnGamma,
  normalTwoSided,
  normalTwoSidedQuantile,
  binomialAtLeast,
  binomialAtMost,
  binomialRegion,
  poissonAtLeast,
  poissonAtMost,
  poissonRegion,
  studentTwoSided,
  studentTwoSidedQuantile,
} from './stats.js';

describe('lnGamma', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    let fact = 1;
    for (let n = 1; n <= 20; n++) {
      expect(lnGamma(n + 1)).toBeCloseTo(Math.log((fact *= n)), 10);
    }
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
});

describe('normal', () => {
  it('two-sided tails and quantiles from the tables', () => {
    expect(normalTwoSided(1.959963984540054)).toBeCloseTo(0.05, 12);
    expect(normalTwoSidedQuantile(0.05)).toBeCloseTo(1.959964, 6);
    expect(normalTwoSidedQuantile(0.001)).toBeCloseTo(3.290527, 6);
    expect(normalTwoSidedQuantile(1e-6)).toBeCloseTo(4.891638, 6);
    // Far tail, relative precision kept: 2·Φ(−6) = 1.973175e-9.
    expect(normalTwoSided(6) / 1.973175290075389e-9).toBeCloseTo(1, 8);
  });
});

describe('Student t', () => {
  it('two-sided quantiles from the tables', () => {
    expect(studentTwoSidedQuantile(0.05, 9)).toBeCloseTo(2.262, 3);
    expect(studentTwoSidedQuantile(0.001, 9)).toBeCloseTo(4.781, 3);
    expect(studentTwoSidedQuantile(0.01, 3)).toBeCloseTo(5.841, 3);
    expect(studentTwoSidedQuantile(0.001, 30)).toBeCloseTo(3.646, 3);
  });

  it('closed forms for 1 and 2 degrees of freedom; the normal as the limit', () => {
    for (const t of [0.3, 1, 4, 25, 300]) {
      expect(studentTwoSided(t, 1)).toBeCloseTo(1 - (2 / Math.PI) * Math.atan(t), 12);
      expect(studentTwoSided(t, 2)).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 12);
    }
    expect(studentTwoSided(4, Infinity)).toBe(normalTwoSided(4));
    expect(studentTwoSided(4, 1e7) / normalTwoSided(4)).toBeCloseTo(1, 4);
  });

  it('has far heavier tails than the normal at few degrees of freedom', () => {
    // The reason small replication counts need more than 4 standard errors.
    expect(studentTwoSided(4, 9)).toBeGreaterThan(40 * normalTwoSided(4));
  });
});

describe('Poisson', () => {
  it('upper tails by direct summation', () => {
    const tail = (k: number, m: number) => {
      let p = Math.exp(-m), below = 0;
      for (let i = 0; i < k; i++) { below += p; p *= m / (i + 1); }
      return 1 - below;
    };
    for (const [k, m] of [[1, 0.4], [3, 2], [12, 3.2], [30, 25]] as const) {
      expect(poissonAtLeast(k, m)).toBeCloseTo(tail(k, m), 12);
    }
    expect(poissonAtLeast(3, 2)).toBeCloseTo(0.32332358381693654, 14);
    expect(poissonAtLeast(0, 5)).toBe(1);
  });

  it('P(N ≤ k) + P(N ≥ k + 1) = 1', () => {
    for (const [k, m] of [[0, 0.4], [5, 3.2], [120, 100], [9_000, 9_000]] as const) {
      expect(poissonAtMost(k, m) + poissonAtLeast(k + 1, m)).toBeCloseTo(1, 12);
    }
  });

  it('the two-sided region [lo, hi] is the widest with P(N < lo) ≤ p/2 and P(N > hi) ≤ p/2', () => {
    for (const [m, p] of [[0.4, 1e-6], [3.2, 1e-5], [100, 1e-3], [9_000, 7e-6]] as const) {
      const [lo, hi] = poissonRegion(m, p);
      expect(poissonAtMost(lo - 1, m)).toBeLessThanOrEqual(p / 2);
      expect(poissonAtMost(lo, m)).toBeGreaterThan(p / 2);
      expect(poissonAtLeast(hi + 1, m)).toBeLessThanOrEqual(p / 2);
      expect(poissonAtLeast(hi, m)).toBeGreaterThan(p / 2);
    }
    expect(poissonRegion(0.4, 1e-6)[0]).toBe(0);
  });
});

describe('binomial', () => {
  const pmf = (k: number, n: number, q: number) => {
    let c = 1;
    for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
    return c * q ** k * (1 - q) ** (n - k);
  };

  it('tails by direct summation', () => {
    for (const [n, q] of [[10, 0.3], [40, 0.05], [25, 0.9]] as const) {
      for (let k = 0; k <= n; k++) {
        let up = 0, down = 0;
        for (let i = k; i <= n; i++) up += pmf(i, n, q);
        for (let i = 0; i <= k; i++) down += pmf(i, n, q);
        expect(binomialAtLeast(k, n, q)).toBeCloseTo(up, 12);
        expect(binomialAtMost(k, n, q)).toBeCloseTo(down, 12);
      }
    }
  });

  it('regions: widest with both tails ≤ p/2; degenerate q = 0 and q = 1', () => {
    for (const [n, q, p] of [[200_000, 0.3, 7e-6], [200_000, 1e-4, 7e-6], [50, 0.5, 0.01]] as const) {
      const [lo, hi] = binomialRegion(n, q, p);
      expect(binomialAtMost(lo - 1, n, q)).toBeLessThanOrEqual(p / 2);
      expect(binomialAtMost(lo, n, q)).toBeGreaterThan(p / 2);
      expect(binomialAtLeast(hi + 1, n, q)).toBeLessThanOrEqual(p / 2);
      expect(binomialAtLeast(hi, n, q)).toBeGreaterThan(p / 2);
    }
    expect(binomialRegion(1_000, 0, 1e-6)).toEqual([0, 0]);
    expect(binomialRegion(1_000, 1, 1e-6)).toEqual([1_000, 1_000]);
  });
});
