/**
 * Tail probabilities and quantiles of the normal, Student t, Poisson and binomial distributions, for
 * choosing test tolerances (test/support/family.ts). Written out here rather than taken from a
 * package: the project has no statistics dependency, and these few functions are short.
 *
 * Methods (Press et al., Numerical Recipes, 3rd ed., §6.1–6.4; Abramowitz & Stegun 26.2, 26.7):
 * - ln Γ by the Lanczos approximation (g = 7, 9 terms; ~15 significant digits).
 * - The regularised incomplete gamma P(a, x), Q(a, x): series for x < a + 1, Lentz's continued
 *   fraction otherwise. Normal tail: P(|Z| > z) = Q(1/2, z²/2). Poisson: P(N ≥ k) = P(k, m).
 * - The regularised incomplete beta I_x(a, b) by its continued fraction. Student t with ν degrees
 *   of freedom: P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2). Binomial: P(S ≥ k) = I_q(k, n − k + 1).
 * - Quantiles by bisection on the (monotone) tail, to relative precision 1e-12; exact two-sided
 *   acceptance regions of counts by bisection on the integers.
 * test/support/stats.test.ts checks them against published tables.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x), x > 0. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-16, TINY = 1e-300, ITERATIONS = 10_000;

/**
 * Regularised incomplete gamma: [P(a, x), Q(a, x)], P = γ(a, x)/Γ(a), Q = 1 − P. Each is computed
 * directly where it is the small one, so tails keep their relative precision.
 */
export function incompleteGamma(a: number, x: number): [p: number, q: number] {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`incompleteGamma(${a}, ${x})`);
  if (x === 0) return [0, 1];
  const front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    // Series for P(a, x).
    let term = 1 / a, sum = term;
    for (let n = 1; n < ITERATIONS && Math.abs(term) > Math.abs(sum) * EPS; n++) sum += (term *= x / (a + n));
    const p = sum * front;
    return [p, 1 - p];
  }
  // Continued fraction for Q(a, x) (modified Lentz).
  let b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d;
  for (let i = 1; i < ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b; if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c; if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  const q = front * h;
  return [1 - q, q];
}

/** Regularised incomplete beta I_x(a, b). */
export function betaI(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1)) throw new RangeError(`betaI(${x}, ${a}, ${b})`);
  if (x === 0 || x === 1) return x;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast for x < (a + 1)/(a + b + 2); use the symmetry otherwise.
  if (x > (a + 1) / (a + b + 2)) return 1 - betaI(1 - x, b, a);
  let c = 1, d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < ITERATIONS; m++) {
    const m2 = 2 * m;
    let an = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + an * d; if (Math.abs(d) < TINY) d = TINY;
    c = 1 + an / c; if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    an = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + an * d; if (Math.abs(d) < TINY) d = TINY;
    c = 1 + an / c; if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return (front * h) / a;
}

/** P(|Z| > z) for a standard normal Z. */
export const normalTwoSided = (z: number): number => (z <= 0 ? 1 : incompleteGamma(0.5, (z * z) / 2)[1]);

/** P(|T| > t) for Student's t with `df` degrees of freedom (df = Infinity: the normal). */
export function studentTwoSided(t: number, df: number): number {
  if (df === Infinity) return normalTwoSided(t);
  if (!(df > 0)) throw new RangeError(`studentTwoSided: df must be > 0, got ${df}`);
  return t <= 0 ? 1 : betaI(df / (df + t * t), df / 2, 0.5);
}

/** The x > 0 with tail(x) = p, for a tail decreasing from 1 at 0, by bisection. */
function invertTail(tail: (x: number) => number, p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tail probability must be in (0, 1), got ${p}`);
  let lo = 0, hi = 1;
  while (tail(hi) > p) hi *= 2;
  while (hi - lo > 1e-12 * hi) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > p) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The z with P(|Z| > z) = p. */
export const normalTwoSidedQuantile = (p: number): number => invertTail(normalTwoSided, p);

/** The t with P(|T_df| > t) = p. */
export const studentTwoSidedQuantile = (p: number, df: number): number => invertTail((t) => studentTwoSided(t, df), p);

/** P(N ≥ k) for N ~ Poisson(m). */
export function poissonAtLeast(k: number, m: number): number {
  if (k <= 0) return 1;
  return m === 0 ? 0 : incompleteGamma(k, m)[0];
}

/** P(N ≤ k) for N ~ Poisson(m). */
export function poissonAtMost(k: number, m: number): number {
  if (k < 0) return 0;
  return m === 0 ? 1 : incompleteGamma(k + 1, m)[1];
}

/** P(S ≥ k) for S ~ Binomial(n, q): I_q(k, n − k + 1). */
export function binomialAtLeast(k: number, n: number, q: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return betaI(q, k, n - k + 1);
}

/** P(S ≤ k) for S ~ Binomial(n, q): I_{1−q}(n − k, k + 1). */
export function binomialAtMost(k: number, n: number, q: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return betaI(1 - q, n - k, k + 1);
}

/**
 * The smallest integer k in [from, to] with ok(k), ok monotone (false then true), by bisection;
 * `to` if none.
 */
function firstTrue(from: number, to: number, ok: (k: number) => boolean): number {
  let lo = from, hi = to;
  if (ok(lo)) return lo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The two-sided acceptance region [lo, hi] of level p for a count with tails atLeast/atMost:
 * the widest integers with P(N < lo) ≤ p/2 and P(N > hi) ≤ p/2.
 */
function region(max: number, atLeast: (k: number) => number, atMost: (k: number) => number, p: number): [number, number] {
  const lo = firstTrue(0, max, (k) => atMost(k) > p / 2); // P(N ≤ lo − 1) ≤ p/2 < P(N ≤ lo)
  const hi = firstTrue(0, max, (k) => atLeast(k + 1) <= p / 2);
  return [lo, hi];
}

/** Exact two-sided region of level p for N ~ Poisson(m). */
export function poissonRegion(m: number, p: number): [number, number] {
  return region(Math.ceil(m + 40 * Math.sqrt(m) + 100), (k) => poissonAtLeast(k, m), (k) => poissonAtMost(k, m), p);
}

/** Exact two-sided region of level p for S ~ Binomial(n, q). */
export function binomialRegion(n: number, q: number, p: number): [number, number] {
  return region(n, (k) => binomialAtLeast(k, n, q), (k) => binomialAtMost(k, n, q), p);
}

/** The distribution of X + Y for independent X ~ a, Y ~ b (probability mass functions on 0, 1, …). */
export function convolve(a: number[], b: number[]): number[] {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) for (let j = 0; j < b.length; j++) out[i + j] += a[i] * b[j];
  return out;
}

/**
 * The two-sided acceptance region of level p for a count with probability mass function `pmf`
 * (the mass beyond the array, 1 − Σ pmf, lies above it).
 */
export function pmfRegion(pmf: number[], p: number): [number, number] {
  let cdf = 0, lo = -1, hi = -1;
  for (let k = 0; k < pmf.length; k++) {
    cdf += pmf[k];
    if (lo < 0 && cdf > p / 2) lo = k;
    if (hi < 0 && 1 - cdf <= p / 2) hi = k;
  }
  if (hi < 0) throw new RangeError(`pmfRegion: the pmf misses ${(1 - cdf).toPrecision(3)} of its mass; extend it`);
  return [lo, hi];
}

/** Standard normal CDF Φ(x), through erf(|x|/√2) = P(1/2, x²/2), the regularised lower incomplete gamma. */
export function normalCdf(x: number): number {
  const half = 0.5 * incompleteGamma(0.5, (x * x) / 2)[0];
  return x >= 0 ? 0.5 + half : 0.5 - half;
}
