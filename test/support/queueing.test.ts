import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  erlangB,
  erlangC,
  md1,
  mm1,
  mm1K,
  mm1SojournQuantile,
  mm1WaitQuantile,
  mm1WaitTail,
  mmc,
  mmcK,
  mmcSojournQuantile,
  mmcSojournTail,
  mmcWaitQuantile,
  mmcWaitTail,
} from './queueing.js';

/** Erlang B straight from its definition, (E^c/c!) / Σ_{k≤c} E^k/k!: an independent check. */
function erlangBDirect(E: number, c: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= c; k++) {
    term *= E / k;
    sum += term;
  }
  return term / sum;
}

/** Erlang C from its definition: (a^c/c!)(c/(c−a)) / (Σ_{k<c} a^k/k! + (a^c/c!)(c/(c−a))). */
function erlangCDirect(a: number, c: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = (term * c) / (c - a);
  return top / (sum + top);
}

describe('M/M/1', () => {
  it('matches the textbook example λ=8, μ=10', () => {
    const r = mm1(8, 10);
    expect(r.rho).toBeCloseTo(0.8, 12);
    expect(r.Wq).toBeCloseTo(0.4, 12);
    expect(r.W).toBeCloseTo(0.5, 12);
    expect(r.Lq).toBeCloseTo(3.2, 12);
    expect(r.L).toBeCloseTo(4, 12);
  });

  it('rejects an unstable queue', () => {
    expect(() => mm1(10, 10)).toThrow(RangeError);
  });

  it('wait tail and quantiles: atom 1−ρ at 0, exponential tail', () => {
    expect(mm1WaitTail(8, 10, 0)).toBeCloseTo(0.8, 12);
    expect(mm1WaitTail(8, 10, 1)).toBeCloseTo(0.8 * Math.exp(-2), 12);
    expect(mm1WaitQuantile(8, 10, 0.1)).toBe(0);
    expect(mm1WaitQuantile(8, 10, 0.2)).toBe(0);
    // p95: ln(0.8/0.05)/2 = ln(16)/2
    expect(mm1WaitQuantile(8, 10, 0.95)).toBeCloseTo(Math.log(16) / 2, 12);
    // Brief scenario: λ = 0.008/ms, μ = 0.01/ms: p99 of the wait ≈ 2191 ms.
    expect(mm1WaitQuantile(0.008, 0.01, 0.99)).toBeCloseTo(2191.0, 0);
    for (const q of [0.5, 0.9, 0.99]) {
      expect(mm1WaitTail(8, 10, mm1WaitQuantile(8, 10, q))).toBeCloseTo(1 - q, 12);
    }
  });

  it('sojourn is exponential with rate μ−λ', () => {
    expect(mm1SojournQuantile(8, 10, 0.5)).toBeCloseTo(Math.LN2 / 2, 12);
    expect(mm1SojournQuantile(0.008, 0.01, 0.95)).toBeCloseTo(Math.log(20) / 0.002, 6); // ≈ 1497.9 ms
  });
});

describe('Erlang B', () => {
  it('matches published table values', () => {
    expect(erlangB(10, 10)).toBeCloseTo(0.2146, 4);
    expect(erlangB(2, 5)).toBeCloseTo(0.0367, 4);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 12);
    expect(erlangB(5, 0)).toBe(1);
  });

  it('agrees with the direct formula, and stays finite where the direct one overflows', () => {
    for (const [E, c] of [
      [0.5, 1],
      [3, 4],
      [8, 10],
      [20, 25],
      [60, 70],
    ] as const) {
      expect(erlangB(E, c)).toBeCloseTo(erlangBDirect(E, c), 12);
    }
    const big = erlangB(900, 1000);
    expect(Number.isFinite(big) && big > 0 && big < 1).toBe(true);
  });

  it('is a probability, decreasing in servers and increasing in load', () => {
    fc.assert(
      fc.property(
        // Kept where B stays far from floating-point underflow (B ≥ ~1e-100).
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        (E, c) => {
          const b = erlangB(E, c);
          expect(b).toBeGreaterThan(0);
          expect(b).toBeLessThan(1);
          expect(erlangB(E, c + 1)).toBeLessThan(b);
          expect(erlangB(E * 1.1, c)).toBeGreaterThan(b);
        },
      ),
    );
  });
});

describe('Erlang C / M/M/c', () => {
  it('matches the textbook example a=2, c=3: C = 4/9', () => {
    expect(erlangC(2, 3)).toBeCloseTo(4 / 9, 12);
  });

  it('matches the 4-worker, 75%-load scenario: Wq ≈ 50.94 ms, W ≈ 150.94 ms', () => {
    const r = mmc(0.03, 0.01, 4);
    expect(r.rho).toBeCloseTo(0.75, 12);
    expect(r.C).toBeCloseTo(0.5094, 4);
    expect(r.Wq).toBeCloseTo(50.94, 2);
    expect(r.W).toBeCloseTo(150.94, 2);
    expect(r.Lq).toBeCloseTo(0.03 * 50.94, 3);
    // Tail: p99 of the wait = ln(C/0.01)/(cμ−λ) ≈ 393 ms.
    expect(mmcWaitQuantile(0.03, 0.01, 4, 0.99)).toBeCloseTo(Math.log(r.C / 0.01) / 0.01, 9);
    expect(mmcWaitQuantile(0.03, 0.01, 4, 0.99)).toBeCloseTo(393.06, 1);
    expect(mmcWaitQuantile(0.03, 0.01, 4, 0.4)).toBe(0);
  });

  it('agrees with the direct Erlang C formula', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0.05, max: 0.97, noNaN: true }),
        (c, rho) => {
          const a = rho * c;
          expect(erlangC(a, c)).toBeCloseTo(erlangCDirect(a, c), 10);
          expect(erlangC(a, c)).toBeGreaterThanOrEqual(erlangB(a, c));
        },
      ),
    );
  });

  it('reduces to M/M/1 for c = 1', () => {
    const a = mmc(8, 10, 1);
    const b = mm1(8, 10);
    for (const k of ['rho', 'Wq', 'W', 'Lq', 'L'] as const) expect(a[k]).toBeCloseTo(b[k], 12);
    expect(mmcWaitTail(8, 10, 1, 0.3)).toBeCloseTo(mm1WaitTail(8, 10, 0.3), 12);
    expect(mmcSojournQuantile(8, 10, 1, 0.95)).toBeCloseTo(mm1SojournQuantile(8, 10, 0.95), 9);
    for (const t of [0, 0.1, 0.5, 2]) expect(mmcSojournTail(8, 10, 1, t)).toBeCloseTo(Math.exp(-2 * t), 12);
  });

  it('the wait and sojourn tails integrate to Wq and W', () => {
    // E[X] = ∫ P(X > t) dt, by the trapezoid rule on a fine grid.
    const [lambda, mu, c] = [0.03, 0.01, 4];
    const r = mmc(lambda, mu, c);
    const h = 0.05;
    let wq = 0;
    let w = 0;
    for (let t = 0; t < 5000; t += h) {
      wq += (h * (mmcWaitTail(lambda, mu, c, t) + mmcWaitTail(lambda, mu, c, t + h))) / 2;
      w += (h * (mmcSojournTail(lambda, mu, c, t) + mmcSojournTail(lambda, mu, c, t + h))) / 2;
    }
    expect(wq).toBeCloseTo(r.Wq, 3);
    expect(w).toBeCloseTo(r.W, 3);
  });

  it('sojourn tail is continuous where cμ−λ = μ', () => {
    // c=2, μ=1, λ=1: θ = 1 = μ.
    const exact = mmcSojournTail(1, 1, 2, 1.5);
    const near = mmcSojournTail(1 + 1e-6, 1, 2, 1.5);
    expect(exact).toBeCloseTo(near, 5);
  });

  it('sojourn quantile inverts the tail', () => {
    for (const q of [0.5, 0.95, 0.99]) {
      const t = mmcSojournQuantile(0.03, 0.01, 4, q);
      expect(mmcSojournTail(0.03, 0.01, 4, t)).toBeCloseTo(1 - q, 9);
    }
  });
});

describe('M/M/c/K and M/M/1/K', () => {
  it('M/M/1/K matches the closed forms for blocking and L', () => {
    for (const [rho, K] of [
      [0.5, 3],
      [0.9, 5],
      [0.9, 6],
      [1.3, 4],
    ] as const) {
      const r = mm1K(rho, 1, K);
      const blocking = ((1 - rho) * rho ** K) / (1 - rho ** (K + 1));
      const L = rho / (1 - rho) - ((K + 1) * rho ** (K + 1)) / (1 - rho ** (K + 1));
      expect(r.blocking).toBeCloseTo(blocking, 12);
      expect(r.L).toBeCloseTo(L, 12);
      expect(r.Lq).toBeCloseTo(L - (1 - r.p[0]), 12);
    }
    // ρ = 1: uniform over 0..K.
    const u = mm1K(1, 1, 4);
    expect(u.blocking).toBeCloseTo(0.2, 12);
    expect(u.L).toBeCloseTo(2, 12);
  });

  it('hand-computed M/M/2/4 with a = 2', () => {
    // Weights 1, 2, 2, 2, 2 → total 9.
    const r = mmcK(2, 1, 2, 4);
    expect(r.blocking).toBeCloseTo(2 / 9, 12);
    expect(r.L).toBeCloseTo(20 / 9, 12);
    expect(r.Lq).toBeCloseTo(6 / 9, 12);
    expect(r.lambdaEff).toBeCloseTo(2 * (7 / 9), 12);
    expect(r.W).toBeCloseTo(20 / 9 / (14 / 9), 12);
    expect(r.Wq).toBeCloseTo(6 / 14, 12);
  });

  it('K = c is Erlang B; K → ∞ is Erlang C', () => {
    expect(mmcK(8, 1, 10, 10).blocking).toBeCloseTo(erlangB(8, 10), 12);
    const inf = mmcK(0.03, 0.01, 4, 2000);
    const r = mmc(0.03, 0.01, 4);
    expect(inf.blocking).toBeLessThan(1e-100);
    expect(inf.Wq).toBeCloseTo(r.Wq, 9);
    expect(inf.Lq).toBeCloseTo(r.Lq, 9);
  });

  it('is a distribution, and Little holds with the effective rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0.05, max: 3, noNaN: true }),
        (c, room, rho) => {
          const lambda = rho * c;
          const r = mmcK(lambda, 1, c, c + room);
          expect(r.p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
          expect(r.L - r.Lq).toBeCloseTo(r.lambdaEff, 10); // busy workers = λeff/μ
          expect(r.utilisation).toBeLessThanOrEqual(1 + 1e-12);
        },
      ),
    );
  });
});

describe('M/D/1', () => {
  it('matches Pollaczek–Khinchine with zero variance', () => {
    const r = md1(0.8, 1);
    expect(r.Wq).toBeCloseTo(2, 12);
    expect(r.Lq).toBeCloseTo(1.6, 12);
    expect(r.W).toBeCloseTo(3, 12);
    // Half of the M/M/1 wait at the same load.
    expect(md1(0.008, 100).Wq).toBeCloseTo(mm1(0.008, 0.01).Wq / 2, 9);
    expect(md1(0.008, 100).Wq).toBeCloseTo(200, 9);
  });
});
