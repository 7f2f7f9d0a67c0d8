/**
 * Closed forms from queueing theory, used to validate the simulator.
 *
 * Every function is unit-free: pass rates and times in any consistent unit (the tests use
 * milliseconds, so rates are per ms). Notation:
 *   λ  arrival rate (Poisson),        μ  service rate of one worker (1 / mean service time),
 *   c  number of workers,             a = λ/μ  offered load in erlangs,
 *   ρ = λ/(cμ) utilisation,           K  system capacity (workers + waiting room).
 *   Wq mean wait in queue, W mean time in system, Lq mean number waiting, L mean number in system.
 *
 * References: Kleinrock, Queueing Systems vol. 1 (1975), ch. 3; Gross & Harris, Fundamentals of
 * Queueing Theory, §2.2–2.5 and §5.1 (Pollaczek–Khinchine).
 */

export interface Means {
  /** Utilisation of a worker (fraction of time busy). */
  rho: number;
  Wq: number;
  W: number;
  Lq: number;
  L: number;
}

function assertStable(rho: number): void {
  if (!(rho < 1)) throw new RangeError(`unstable queue: rho = ${rho} >= 1`);
}

function assertProbability(q: number): void {
  if (!(q > 0 && q < 1)) throw new RangeError(`quantile level must be in (0, 1), got ${q}`);
}

// ---------------------------------------------------------------------------------------------
// M/M/1
// ---------------------------------------------------------------------------------------------

/**
 * M/M/1 means: ρ = λ/μ, W = 1/(μ−λ), Wq = ρ/(μ−λ), L = ρ/(1−ρ), Lq = ρ²/(1−ρ).
 */
export function mm1(lambda: number, mu: number): Means {
  const rho = lambda / mu;
  assertStable(rho);
  return {
    rho,
    Wq: rho / (mu - lambda),
    W: 1 / (mu - lambda),
    Lq: (rho * rho) / (1 - rho),
    L: rho / (1 - rho),
  };
}

/** M/M/1 FIFO: P(Wq > t) = ρ·exp(−(μ−λ)t) for t ≥ 0 (the wait has an atom 1−ρ at 0). */
export function mm1WaitTail(lambda: number, mu: number, t: number): number {
  const rho = lambda / mu;
  assertStable(rho);
  return t < 0 ? 1 : rho * Math.exp(-(mu - lambda) * t);
}

/**
 * M/M/1 FIFO: the q-quantile of the queue wait. 0 when q ≤ 1−ρ (the atom at 0), else
 * ln(ρ/(1−q))/(μ−λ).
 */
export function mm1WaitQuantile(lambda: number, mu: number, q: number): number {
  return mmcWaitQuantile(lambda, mu, 1, q);
}

/** M/M/1 FIFO: the time in system is exponential with rate μ−λ; q-quantile −ln(1−q)/(μ−λ). */
export function mm1SojournQuantile(lambda: number, mu: number, q: number): number {
  assertProbability(q);
  assertStable(lambda / mu);
  return -Math.log(1 - q) / (mu - lambda);
}

// ---------------------------------------------------------------------------------------------
// Erlang B and Erlang C
// ---------------------------------------------------------------------------------------------

/**
 * Erlang B: blocking probability of M/M/c/c (also M/G/c/c, by insensitivity) with offered
 * load E erlangs and c servers. Stable recursion B(0) = 1, B(k) = E·B(k−1) / (k + E·B(k−1)),
 * which never forms E^c or c! and so neither overflows nor loses precision.
 */
export function erlangB(E: number, c: number): number {
  if (!(E >= 0) || !Number.isInteger(c) || c < 0) throw new RangeError(`erlangB(${E}, ${c})`);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (E * b) / (k + E * b);
  return b;
}

/**
 * Erlang C: the probability that an arrival to M/M/c must wait, offered load a = λ/μ erlangs,
 * ρ = a/c < 1. Computed from Erlang B: C = B / (1 − ρ(1 − B)).
 */
export function erlangC(a: number, c: number): number {
  const rho = a / c;
  assertStable(rho);
  const b = erlangB(a, c);
  return b / (1 - rho * (1 - b));
}

export interface MMcMeans extends Means {
  /** Offered load λ/μ, erlangs. */
  a: number;
  /** Erlang C: probability an arrival waits. */
  C: number;
}

/**
 * M/M/c means via Erlang C: Wq = C/(cμ−λ), W = Wq + 1/μ, Lq = λ·Wq, L = λ·W (Little).
 */
export function mmc(lambda: number, mu: number, c: number): MMcMeans {
  const a = lambda / mu;
  const rho = a / c;
  assertStable(rho);
  const C = erlangC(a, c);
  const Wq = C / (c * mu - lambda);
  const W = Wq + 1 / mu;
  return { rho, a, C, Wq, W, Lq: lambda * Wq, L: lambda * W };
}

/** M/M/c FIFO: P(Wq > t) = C·exp(−(cμ−λ)t) for t ≥ 0. */
export function mmcWaitTail(lambda: number, mu: number, c: number, t: number): number {
  if (t < 0) return 1;
  return erlangC(lambda / mu, c) * Math.exp(-(c * mu - lambda) * t);
}

/**
 * M/M/c FIFO: the q-quantile of the queue wait. 0 when q ≤ 1−C (the atom at 0), else
 * ln(C/(1−q))/(cμ−λ).
 */
export function mmcWaitQuantile(lambda: number, mu: number, c: number, q: number): number {
  assertProbability(q);
  const C = erlangC(lambda / mu, c);
  if (q <= 1 - C) return 0;
  return Math.log(C / (1 - q)) / (c * mu - lambda);
}

/**
 * M/M/c FIFO: P(W > t), W = Wq + S with S ~ Exp(μ) independent of Wq, where Wq is 0 with
 * probability 1−C and Exp(θ), θ = cμ−λ, otherwise. So
 *   P(W > t) = (1−C)·e^{−μt} + C·P(Exp(θ) + Exp(μ) > t),
 *   P(Exp(θ) + Exp(μ) > t) = (θe^{−μt} − μe^{−θt})/(θ−μ)   (θ ≠ μ),  (1+μt)e^{−μt}  (θ = μ).
 */
export function mmcSojournTail(lambda: number, mu: number, c: number, t: number): number {
  if (t < 0) return 1;
  const C = erlangC(lambda / mu, c);
  const theta = c * mu - lambda;
  const hypo =
    Math.abs(theta - mu) < 1e-12 * mu
      ? (1 + mu * t) * Math.exp(-mu * t)
      : (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu);
  return (1 - C) * Math.exp(-mu * t) + C * hypo;
}

/** M/M/c FIFO: the q-quantile of the time in system, by bisection on mmcSojournTail. */
export function mmcSojournQuantile(lambda: number, mu: number, c: number, q: number): number {
  assertProbability(q);
  const target = 1 - q;
  let lo = 0;
  let hi = 1 / mu;
  while (mmcSojournTail(lambda, mu, c, hi) > target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (mmcSojournTail(lambda, mu, c, mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// ---------------------------------------------------------------------------------------------
// M/M/c/K (finite capacity), M/M/1/K
// ---------------------------------------------------------------------------------------------

export interface FiniteMeans {
  /** Stationary distribution of the number in system, p[0..K]. */
  p: number[];
  /** P(arrival is blocked) = p[K] (PASTA). */
  blocking: number;
  /** Accepted rate λ(1 − p[K]). */
  lambdaEff: number;
  /** Utilisation of a worker: λeff/(cμ) = (mean busy workers)/c. */
  utilisation: number;
  /** Mean number in system and waiting. */
  L: number;
  Lq: number;
  /** Mean time in system and waiting of accepted customers (Little with λeff). */
  W: number;
  Wq: number;
}

/**
 * M/M/c/K: c workers, system capacity K ≥ c (so the waiting room holds K − c). Birth–death
 * chain: p[n] = p[n−1]·λ/(min(n, c)·μ), normalised. The ratios are accumulated in a scaled
 * form (divided by the running maximum) so large K or load cannot overflow. Any ρ works,
 * including ρ ≥ 1.
 */
export function mmcK(lambda: number, mu: number, c: number, K: number): FiniteMeans {
  if (!Number.isInteger(c) || c < 1 || !Number.isInteger(K) || K < c) {
    throw new RangeError(`mmcK: need integers 1 <= c <= K, got c=${c}, K=${K}`);
  }
  const w: number[] = [1];
  for (let n = 1; n <= K; n++) {
    w.push((w[n - 1] * lambda) / (Math.min(n, c) * mu));
    if (w[n] > 1e250) for (let i = 0; i <= n; i++) w[i] /= 1e250;
  }
  const total = w.reduce((s, x) => s + x, 0);
  const p = w.map((x) => x / total);
  let L = 0;
  let Lq = 0;
  for (let n = 0; n <= K; n++) {
    L += n * p[n];
    Lq += Math.max(0, n - c) * p[n];
  }
  const blocking = p[K];
  const lambdaEff = lambda * (1 - blocking);
  return {
    p,
    blocking,
    lambdaEff,
    utilisation: lambdaEff / (c * mu),
    L,
    Lq,
    W: L / lambdaEff,
    Wq: Lq / lambdaEff,
  };
}

/** M/M/1/K: the c = 1 case of mmcK. Blocking = (1−ρ)ρ^K / (1−ρ^{K+1}) (1/(K+1) at ρ = 1). */
export function mm1K(lambda: number, mu: number, K: number): FiniteMeans {
  return mmcK(lambda, mu, 1, K);
}

// ---------------------------------------------------------------------------------------------
// M/D/1
// ---------------------------------------------------------------------------------------------

/**
 * M/D/1 with constant service time D (μ = 1/D): Pollaczek–Khinchine with zero service variance,
 * Wq = ρ/(2μ(1−ρ)) = ρD/(2(1−ρ)), W = Wq + D, Lq = λWq = ρ²/(2(1−ρ)), L = λW.
 */
export function md1(lambda: number, D: number): Means {
  const mu = 1 / D;
  const rho = lambda / mu;
  assertStable(rho);
  const Wq = rho / (2 * mu * (1 - rho));
  return { rho, Wq, W: Wq + D, Lq: lambda * Wq, L: lambda * (Wq + D) };
}
