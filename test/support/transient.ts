/**
 * The M/M/c queue out of equilibrium: the expected number in system over time when the arrival
 * rate steps, from the Kolmogorov forward equations of the birth–death chain. Used where a
 * scenario changes its load and a test measures right after the change, to bound how far the
 * measured average can sit from the stationary closed form (test/support/queueing.ts) only
 * because the queue has not settled yet.
 *
 * The chain: X_t in 0..K (K = capacity, system size), up at rate λ(t) below K, down at
 * min(j, c)·μ. Its law p(t) solves dp_j/dt = λ p_{j−1} + min(j+1, c)μ p_{j+1} − (λ·1{j<K} +
 * min(j, c)μ) p_j, integrated with classic Runge–Kutta (RK4); the integral ∫E[f(X_t)] dt rides
 * along as one more component, so window averages need no quadrature of their own. An
 * unbounded queue is cut at `states` (far above any state with noticeable mass at the loads
 * used; the mass reaching the cut is reported so a caller can check it).
 *
 * Units are free (the tests use ms): rates per unit time, times in that unit.
 */

export interface Phase {
  /** When this arrival rate starts (the first phase starts at 0). */
  from: number;
  lambda: number;
}

export interface TransientOptions {
  /** Service rate of one worker. */
  mu: number;
  c: number;
  /** System capacity (workers + waiting room); Infinity: unbounded, cut at `states`. */
  K?: number;
  /** Highest state kept for an unbounded queue (default 600). */
  states?: number;
  /** RK4 step (default: 1/(1.5·(λmax + cμ)), the fastest rate out of a state; RK4 is stable to about 2.8/(2(λ + cμ))). */
  step?: number;
  /** Law at time 0 (default: empty). */
  initial?: number[];
}

export interface Transient {
  /** ∫₀ᵗ E[f(X_s)] ds for each function, at every step's end (index i: time i·step). */
  integrals: number[][];
  step: number;
  /** Largest probability ever found in the top state (should be tiny for an unbounded queue). */
  topMass: number;
  /** The law at the end. */
  law: number[];
}

/**
 * Integrates the chain from 0 to `end` under the phases' arrival rates, tracking ∫E[f] for each
 * `fs`. Throws on phases out of order or a bad capacity.
 */
export function transient(phases: Phase[], end: number, fs: ((j: number) => number)[], o: TransientOptions): Transient {
  if (phases.length === 0 || phases[0].from !== 0 || phases.some((p, i) => i > 0 && p.from <= phases[i - 1].from)) {
    throw new RangeError('phases must start at 0 and be in strictly increasing order');
  }
  const top = o.K === undefined || o.K === Infinity ? (o.states ?? 600) : o.K;
  if (!Number.isInteger(top) || top < o.c) throw new RangeError(`capacity ${top} must be a whole number ≥ c = ${o.c}`);
  const step = o.step ?? 1 / (1.5 * (Math.max(...phases.map((p) => p.lambda)) + o.c * o.mu));
  const chain = new Chain(top, o.c, o.mu, o.initial);
  const weights = fs.map((f) => Float64Array.from({ length: top + 1 }, (_, j) => f(j)));
  const integrals = fs.map(() => [0]);
  const steps = Math.round(end / step);
  // Each phase starts at a whole step: its rate applies from step index `at` on.
  const starts = phases.map((p) => ({ at: Math.round(p.from / step), lambda: p.lambda }));
  let topMass = 0;
  for (let i = 0; i < steps; i++) {
    // Phases start on the nearest step end: steps are a few ms and phase boundaries whole
    // minutes, so a boundary moves by at most half a step.
    const before = weights.map((w) => chain.expect(w));
    const change = chain.advance(rateAt(starts, i), step);
    weights.forEach((w, m) => {
      // ∫E[f] over the step by Simpson's rule: p at the start, the RK4 midpoint, p at the end.
      const I = integrals[m];
      I.push(I[I.length - 1] + (step / 6) * (before[m] + 4 * chain.expectMid(w) + chain.expect(w)));
    });
    topMass = Math.max(topMass, chain.p[top]);
    // Settled (no probability moved by more than 1e-15 in a step): the law stays put until the
    // next phase, so its expectations are carried forward without integrating.
    if (change < SETTLED) i = skipToNextPhase(i, steps, step, starts, weights.map((w) => chain.expect(w)), integrals);
  }
  return { integrals, step, topMass, law: Array.from(chain.p) };
}

/** Average of E[f] over [a, b], from one of `transient`'s integrals (a and b on or near step ends). */
export function windowAverage(tr: Transient, which: number, a: number, b: number): number {
  const I = tr.integrals[which], at = (t: number) => I[Math.min(I.length - 1, Math.round(t / tr.step))];
  return (at(b) - at(a)) / (b - a);
}

/** Largest change of any probability over one step below which the law counts as settled. */
const SETTLED = 1e-15;

interface Start {
  /** Index of the first step at this rate. */
  at: number;
  lambda: number;
}

/** Appends the steps up to the next phase (or the end) at the settled expectations; returns the last index done. */
function skipToNextPhase(i: number, steps: number, step: number, starts: Start[], ef: number[], integrals: number[][]): number {
  const next = starts.find((p) => p.at > i);
  const last = Math.min(steps, next === undefined ? steps : next.at) - 1;
  integrals.forEach((I, m) => {
    for (let k = i + 1; k <= last; k++) I.push(I[I.length - 1] + step * ef[m]);
  });
  return Math.max(i, last);
}

function rateAt(starts: Start[], i: number): number {
  let lambda = starts[0].lambda;
  for (const p of starts) if (p.at <= i) lambda = p.lambda;
  return lambda;
}

/** The law p of the chain, advanced by RK4 in place (typed arrays: millions of steps of hundreds of states). */
class Chain {
  readonly p: Float64Array;
  private readonly down: Float64Array;
  private readonly k = [0, 1, 2, 3].map(() => new Float64Array(0));
  private readonly tmp: Float64Array;
  /** The RK4 midpoint state of the last step, (p + h/2·k2). */
  private readonly mid: Float64Array;

  constructor(readonly top: number, c: number, mu: number, initial?: number[]) {
    const n = top + 1;
    this.p = new Float64Array(n);
    if (initial) for (let j = 0; j < Math.min(n, initial.length); j++) this.p[j] = initial[j];
    else this.p[0] = 1;
    this.down = Float64Array.from({ length: n }, (_, j) => Math.min(j, c) * mu);
    this.k = this.k.map(() => new Float64Array(n));
    this.tmp = new Float64Array(n);
    this.mid = new Float64Array(n);
  }

  expect(w: Float64Array): number {
    return dot(this.p, w);
  }

  expectMid(w: Float64Array): number {
    return dot(this.mid, w);
  }

  /** One RK4 step of length h at arrival rate λ; returns the largest change of any probability. */
  advance(lambda: number, h: number): number {
    const { p, k, tmp, mid } = this, n = p.length;
    this.derivative(p, lambda, k[0]);
    for (let j = 0; j < n; j++) tmp[j] = p[j] + (h / 2) * k[0][j];
    this.derivative(tmp, lambda, k[1]);
    for (let j = 0; j < n; j++) mid[j] = p[j] + (h / 2) * k[1][j];
    this.derivative(mid, lambda, k[2]);
    for (let j = 0; j < n; j++) tmp[j] = p[j] + h * k[2][j];
    this.derivative(tmp, lambda, k[3]);
    let change = 0;
    for (let j = 0; j < n; j++) {
      const d = (h / 6) * (k[0][j] + 2 * k[1][j] + 2 * k[2][j] + k[3][j]);
      p[j] += d;
      change = Math.max(change, Math.abs(d));
    }
    return change;
  }

  private derivative(q: Float64Array, lambda: number, out: Float64Array): void {
    const top = this.top, down = this.down;
    for (let j = 0; j <= top; j++) {
      const inflow = (j > 0 ? lambda * q[j - 1] : 0) + (j < top ? down[j + 1] * q[j + 1] : 0);
      out[j] = inflow - ((j < top ? lambda : 0) + down[j]) * q[j];
    }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}
