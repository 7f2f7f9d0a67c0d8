/**
 * The asymptotic-variance machinery of test/support/variance.ts against published closed forms:
 * - M/M/1 number in system: σ² = 2ρ(1+ρ)/(μ(1−ρ)⁴) (Whitt 1989, "Planning queueing simulations").
 * - M/M/1 waiting time in queue, per customer: ρ(2 + 5ρ − 4ρ² + ρ³)/(μ²(1−ρ)⁴) (Daley 1968,
 *   quoted by Whitt 1989).
 * - A two-state chain (M/M/1/1, up at a = λ, down at b = μ): time in state 1 has σ² = 2ab/(a+b)³.
 * - M/M/∞ (approximated by far more workers than are ever busy): the autocovariance of the number
 *   in system is (λ/μ)e^{−μt}, so σ² = 2λ/μ²; the mean sojourn is an average of i.i.d.
 *   exponential work, variance 1/μ² per request.
 * - A Poisson count (h = 1): rate λ, variance λ.
 */
import { describe, expect, it } from 'vitest';
import { additive, blockingSE, of, sojournSE, stationary, timeAverageSE, waitSE, type Queue } from './variance.js';
import { erlangB, mmcK } from './queueing.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('asymptotic variances of queue averages', () => {
  it('M/M/1 number in system and waiting time reproduce the published constants', () => {
    for (const [rho, mu] of [[0.5, 1], [0.8, 0.01], [0.9, 2]] as const) {
      const q: Queue = { lambda: rho * mu, mu, c: 1, K: Infinity };
      const L = additive(q, { f: of(q).inSystem });
      expect(rel(L.rate, rho / (1 - rho))).toBeLessThan(1e-9);
      expect(rel(L.variance, (2 * rho * (1 + rho)) / (mu * (1 - rho) ** 4))).toBeLessThan(1e-9);
      const T = 1e6, perCustomer = (rho * (2 + 5 * rho - 4 * rho ** 2 + rho ** 3)) / (mu ** 2 * (1 - rho) ** 4);
      expect(rel(waitSE(q, T) ** 2, perCustomer / (q.lambda * T))).toBeLessThan(1e-9);
    }
  });

  it('a two-state chain: σ² = 2ab/(a+b)³; blocking share is the same chain seen by arrivals', () => {
    const q: Queue = { lambda: 0.3, mu: 0.7, c: 1, K: 1 };
    const [a, b] = [q.lambda, q.mu];
    expect(rel(additive(q, { f: of(q).busy }).variance, (2 * a * b) / (a + b) ** 3)).toBeLessThan(1e-12);
    expect(rel(stationary(q)[1], erlangB(a / b, 1))).toBeLessThan(1e-12);
    // Blocked share = (arrivals finding the worker busy)/(arrivals): a Bernoulli thinning of a
    // Poisson stream by the state; SE shrinks as 1/√T.
    expect(rel(blockingSE(q, 4e6) * 2, blockingSE(q, 1e6))).toBeLessThan(1e-12);
  });

  it('M/M/∞: σ² = 2λ/μ² for the number in system; the mean sojourn has variance 1/μ² per request', () => {
    const q: Queue = { lambda: 0.05, mu: 0.01, c: 400, K: Infinity };
    expect(rel(additive(q, { f: of(q).inSystem }).variance, (2 * q.lambda) / q.mu ** 2)).toBeLessThan(1e-9);
    const T = 1e7;
    expect(rel(sojournSE(q, T) ** 2, 1 / (q.mu ** 2 * q.lambda * T))).toBeLessThan(1e-9);
    expect(rel(timeAverageSE(q, of(q).inSystem, T) ** 2, (2 * q.lambda) / (q.mu ** 2 * T))).toBeLessThan(1e-9);
  });

  it('a Poisson count: rate λ and variance λ, with or without a finite capacity', () => {
    for (const K of [Infinity, 7]) {
      const q: Queue = { lambda: 0.02, mu: 0.01, c: 3, K };
      const n = additive(q, { h: of(q).one });
      expect(rel(n.rate, q.lambda)).toBeLessThan(1e-12);
      expect(rel(n.variance, q.lambda)).toBeLessThan(1e-9);
      // A marked share s of the arrivals: rate and variance sλ.
      const marked = additive(q, { h: of(q).one }, 0.25);
      expect(rel(marked.variance, 0.25 * q.lambda)).toBeLessThan(1e-9);
    }
  });

  it('stationary law agrees with mmcK, and the waiting-time SE is finite for a finite queue', () => {
    const q: Queue = { lambda: 0.027, mu: 0.01, c: 3, K: 8 };
    const pi = stationary(q), th = mmcK(q.lambda, q.mu, q.c, q.K);
    pi.forEach((p, j) => expect(rel(p, th.p[j])).toBeLessThan(1e-12));
    expect(waitSE(q, 1e6)).toBeGreaterThan(0);
    expect(Number.isFinite(waitSE(q, 1e6))).toBe(true);
  });
});
