/**
 * Standard errors of long-run averages in Markovian queues, from theory rather than from the
 * spread of a few replications (whose own noise needs Student-t tolerances: test/support/family.ts).
 *
 * The queue is M/M/c/K: Poisson arrivals at rate λ, c workers of rate μ each, room for K in the
 * system (K = Infinity: unbounded; the chain is then cut where π is below 1e-22 of its largest
 * value past its mode, which changes nothing at double precision). X_t, the number in the system, is a
 * birth–death chain (up λ below K, down min(j, c)·μ) with stationary law π.
 *
 * An additive functional  A_T = ∫₀ᵀ f(X_t) dt + Σ h(X_{t−})  (the sum over the arrivals of a
 * marked share s of the Poisson stream — all arrivals by default, blocked ones included) has
 * E[A_T] ≈ m·T and Var(A_T) ≈ σ²·T for large T, where, with φ = f + sλh and φ̃ = φ − m:
 *   m  = Σ_j π_j φ_j,
 *   σ² = 2 Σ_{j<K} λ π_j Δg_j²  +  sλ Σ_j π_j h_j²  +  2 sλ Σ_{j<K} π_j Δg_j h_j,
 *   Δg_j = Φ_j / (λ π_j),  Φ_j = Σ_{i>j} π_i φ̃_i.
 * Why: g with Δg as above solves the Poisson equation Qg = −φ̃ (sum the balance equations from the
 * top), so ∫φ̃ dt = M_T + g(X₀) − g(X_T) with M a martingale jumping by ±Δg; the marked sum is
 * sλ∫h dt plus a martingale H jumping by h at each marked arrival. σ² is the rate of the
 * quadratic variation of M + H (martingale central limit theorem): up and down moves of M
 * contribute equally (detailed balance), H adds sλ·E[h²], and M and H jump together when a marked
 * arrival finds room. This reproduces the published M/M/1 constants (Whitt 1989, "Planning
 * queueing simulations", Management Science 35(11); Daley 1968 for waiting times): see
 * test/support/variance.test.ts.
 *
 * Uses. A time average f̄ over T has SE √(σ²/T). A ratio of two functionals, R = A_T/B_T (a
 * customer average such as the mean wait, ∫(queue length) dt over the accepted arrivals by
 * Little's law; a blocking share, blocked arrivals over all arrivals), has
 * R − r ≈ (A_T − r·B_T)/(b·T) (delta method), so SE = √(σ²[A − rB]/T)/b with b the rate of B.
 */

export interface Queue {
  lambda: number;
  mu: number;
  c: number;
  /** System capacity (workers + waiting room); Infinity when the queue is unbounded. */
  K: number;
}

export type StateFn = (j: number) => number;

/** A time integrand f and a per-arrival term h, both of the number in system. */
export interface Functional {
  f?: StateFn;
  h?: StateFn;
}

/** The usual state functions of a queue. */
export const of = (q: Queue) => ({
  busy: (j: number) => Math.min(j, q.c),
  utilisation: (j: number) => Math.min(j, q.c) / q.c,
  queued: (j: number) => Math.max(0, j - q.c),
  inSystem: (j: number) => j,
  accepted: (j: number) => (j < q.K ? 1 : 0),
  blocked: (j: number) => (j >= q.K ? 1 : 0),
  one: () => 1,
});

/** Stationary law of the number in system, over the states kept (see the header). */
export function stationary(q: Queue): number[] {
  if (q.K === Infinity && !(q.lambda < q.c * q.mu)) throw new RangeError(`unstable unbounded queue: λ ${q.lambda} >= cμ ${q.c * q.mu}`);
  const w = [1];
  let max = 1;
  for (let j = 1; j <= q.K; j++) {
    const ratio = q.lambda / (Math.min(j, q.c) * q.mu), next = w[j - 1] * ratio;
    if (ratio < 1 && next < 1e-22 * max) break; // past the mode, and negligible from here on
    w.push(next);
    max = Math.max(max, next);
    if (max > 1e250) {
      for (let i = 0; i < w.length; i++) w[i] /= 1e250;
      max /= 1e250;
    }
  }
  const total = w.reduce((a, x) => a + x, 0);
  return w.map((x) => x / total);
}

/** Long-run rate m and asymptotic variance σ² of A_T (header), `share` s of arrivals marked. */
export function additive(q: Queue, a: Functional, share = 1): { rate: number; variance: number } {
  const pi = stationary(q), top = pi.length - 1;
  const f = a.f ?? (() => 0), h = a.h ?? (() => 0), sl = share * q.lambda;
  const phi = pi.map((_, j) => f(j) + sl * h(j));
  const m = pi.reduce((acc, p, j) => acc + p * phi[j], 0);
  let tail = 0, mg = 0, hh = 0, cross = 0;
  for (let j = top; j >= 0; j--) {
    hh += pi[j] * h(j) ** 2;
    if (j < top) {
      const dg = tail / (q.lambda * pi[j]);
      mg += q.lambda * pi[j] * dg * dg;
      cross += pi[j] * dg * h(j);
    }
    tail += pi[j] * (phi[j] - m);
  }
  return { rate: m, variance: 2 * mg + sl * hh + 2 * sl * cross };
}

/** SE of the time average of f over a stationary stretch of length T. */
export function timeAverageSE(q: Queue, f: StateFn, T: number): number {
  return Math.sqrt(additive(q, { f }).variance / T);
}

/** SE of the ratio A_T/B_T over a stationary stretch of length T (header, "Uses"). */
export function ratioSE(q: Queue, num: Functional, den: Functional, T: number, share = 1): number {
  const r = additive(q, num, share).rate, b = additive(q, den, share).rate, ratio = r / b;
  const zero = () => 0;
  const [nf, nh, df, dh] = [num.f ?? zero, num.h ?? zero, den.f ?? zero, den.h ?? zero];
  const centred: Functional = { f: (j) => nf(j) - ratio * df(j), h: (j) => nh(j) - ratio * dh(j) };
  return Math.sqrt(additive(q, centred, share).variance / T) / b;
}

/** SE of the mean queue wait of accepted requests over T: ∫(queued) dt / accepted arrivals. */
export const waitSE = (q: Queue, T: number): number => ratioSE(q, { f: of(q).queued }, { h: of(q).accepted }, T);

/** SE of the mean time in system of accepted requests over T: ∫(in system) dt / accepted arrivals. */
export const sojournSE = (q: Queue, T: number): number => ratioSE(q, { f: of(q).inSystem }, { h: of(q).accepted }, T);

/** SE of the blocked share of arrivals over T. */
export const blockingSE = (q: Queue, T: number): number => ratioSE(q, { h: of(q).blocked }, { h: of(q).one }, T);
