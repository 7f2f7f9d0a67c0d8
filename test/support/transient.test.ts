/**
 * The forward-equation integrator of test/support/transient.ts, against closed forms it does not
 * use: the stationary M/M/c and M/M/c/K laws (test/support/queueing.ts) after a long run, and
 * the M/M/∞ queue's mean from empty and after a rate step, E[X_t] = λ/μ + (E[X_T] − λ/μ)·e^{−μ(t−T)}.
 */
import { describe, expect, it } from 'vitest';
import { mmc, mmcK } from './queueing.js';
import { transient, windowAverage } from './transient.js';

const queued = (c: number) => (j: number) => Math.max(0, j - c);
const inSystem = (j: number) => j;

describe('transient M/M/c by the forward equations', () => {
  it('settles on Erlang C: the M/M/10 queue at 90% from empty, averaged over its last 10 minutes', () => {
    const mu = 0.01, c = 10, lambda = 0.09;
    const tr = transient([{ from: 0, lambda }], 1_200_000, [queued(c)], { mu, c, states: 400 });
    const Lq = mmc(lambda, mu, c).Lq;
    expect(Math.abs(windowAverage(tr, 0, 600_000, 1_200_000) - Lq) / Lq).toBeLessThan(1e-6);
    expect(tr.topMass).toBeLessThan(1e-12);
    // From empty it starts below: the first 5 seconds average well short of the stationary one.
    expect(windowAverage(tr, 0, 0, 5_000)).toBeLessThan(0.8 * Lq);
  });

  it('moves from one settled phase to the next: 60% for 10 minutes, then 95%, ends on the 95% Erlang C', () => {
    const mu = 0.01, c = 10;
    const tr = transient([{ from: 0, lambda: 0.06 }, { from: 600_000, lambda: 0.095 }], 1_200_000, [queued(c)], { mu, c, states: 400 });
    const before = mmc(0.06, mu, c).Lq, after = mmc(0.095, mu, c).Lq;
    expect(Math.abs(windowAverage(tr, 0, 300_000, 600_000) - before) / before).toBeLessThan(1e-6);
    expect(Math.abs(windowAverage(tr, 0, 900_000, 1_200_000) - after) / after).toBeLessThan(1e-6);
    // Right after the step the queue is still filling.
    expect(windowAverage(tr, 0, 600_000, 610_000)).toBeLessThan(0.8 * after);
  });

  it('settles on the M/M/c/K law with a bounded queue: blocking = p[K]', () => {
    const mu = 0.01, c = 10, K = 20, lambda = 0.095;
    const tr = transient([{ from: 0, lambda }], 600_000, [(j) => (j === K ? 1 : 0)], { mu, c, K });
    const b = mmcK(lambda, mu, c, K).blocking;
    expect(Math.abs(windowAverage(tr, 0, 300_000, 600_000) - b) / b).toBeLessThan(1e-6);
    expect(Math.abs(tr.law.reduce((a, x) => a + x, 0) - 1)).toBeLessThan(1e-9);
  });

  it('follows the M/M/∞ mean from empty and across a rate step (c large enough that nobody waits)', () => {
    const mu = 0.001, l1 = 0.05, l2 = 0.08, T = 3_000, end = 6_000, c = 300;
    const tr = transient([{ from: 0, lambda: l1 }, { from: T, lambda: l2 }], end, [inSystem], { mu, c, states: 300 });
    // ∫ E[X] over [a, b] when E[X_t] = m + (x0 − m)·e^{−μ(t − t0)}.
    const integral = (m: number, x0: number, t0: number, a: number, b: number) =>
      m * (b - a) + ((x0 - m) / mu) * (Math.exp(-mu * (a - t0)) - Math.exp(-mu * (b - t0)));
    const xT = (l1 / mu) * (1 - Math.exp(-mu * T));
    const check = (a: number, b: number, expected: number) =>
      expect(Math.abs(windowAverage(tr, 0, a, b) - expected / (b - a)) / (expected / (b - a)), `[${a}, ${b}]`).toBeLessThan(1e-4);
    check(0, T, integral(l1 / mu, 0, 0, 0, T));
    check(T, T + 500, integral(l2 / mu, xT, T, T, T + 500));
    check(T + 1_000, end, integral(l2 / mu, xT, T, T + 1_000, end));
  });

  it('refuses phases out of order', () => {
    expect(() => transient([{ from: 5, lambda: 1 }], 10, [inSystem], { mu: 1, c: 1 })).toThrow(/start at 0/);
    expect(() => transient([{ from: 0, lambda: 1 }, { from: 0, lambda: 2 }], 10, [inSystem], { mu: 1, c: 1 })).toThrow(/increasing/);
  });
});
