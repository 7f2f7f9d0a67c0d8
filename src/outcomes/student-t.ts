/**
 * Quantiles of Student's t distribution, for confidence intervals over a few replications.
 * Exact to about 1e-9 for df ≥ 1: the tail is the regularized incomplete beta function
 * (P(T > t) = ½·I_{df/(df+t²)}(df/2, ½), Lentz's continued fraction) inverted by bisection;
 * above 1000 degrees of freedom the Cornish-Fisher expansion around the normal quantile.
 */

/** The p-quantile (0 < p < 1) of Student's t with `df` ≥ 1 degrees of freedom (Infinity: normal). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile: p must be in (0, 1), got ${p}`);
  if (!(df >= 1)) throw new RangeError(`tQuantile: df must be at least 1, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  if (df > 1000) return cornishFisher(normalQuantile(p), df);
  const tail = 1 - p;
  let hi = 1;
  while (upperTail(hi, df) > tail) hi *= 2;
  let lo = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (upperTail(mid, df) > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** P(T > t) for t ≥ 0. */
function upperTail(t: number, df: number): number {
  const x = df / (df + t * t);
  const a = df / 2, b = 0.5;
  // Use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges faster.
  if (x < (a + 1) / (a + b + 2)) return 0.5 * betaDirect(a, b, x, (t * t) / (df + t * t));
  return 0.5 * (1 - betaDirect(b, a, (t * t) / (df + t * t), x));
}

/** I_x(a, b) by its continued fraction (accurate when x < (a+1)/(a+b+2)); `y` is 1 − x computed without cancellation. */
function betaDirect(a: number, b: number, x: number, y: number): number {
  if (x <= 0) return 0;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(y));
  return (front * betaFraction(a, b, x)) / a;
}

const TINY = 1e-300;

/** Lentz's evaluation of the continued fraction for the incomplete beta function. */
function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b, qap = a + 1, qam = a - 1;
  let c = 1, d = 1 - (qab * x) / qap;
  d = 1 / (Math.abs(d) < TINY ? TINY : d);
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 / nonZero(1 + even * d);
    c = nonZero(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 / nonZero(1 + odd * d);
    c = nonZero(1 + odd / c);
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

const nonZero = (v: number): number => (Math.abs(v) < TINY ? TINY : v);

const LANCZOS = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];

/** ln Γ(x) for x > 0 (Lanczos, relative error below 2e-10). */
function lnGamma(x: number): number {
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let series = 1.000000000190015;
  for (const c of LANCZOS) series += c / ++y;
  return -tmp + Math.log((2.5066282746310005 * series) / x);
}

/** t ≈ z + (z³ + z)/(4 df) + (5z⁵ + 16z³ + 3z)/(96 df²): error O(df⁻³). */
function cornishFisher(z: number, df: number): number {
  const z3 = z * z * z, z5 = z3 * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

/** The standard normal p-quantile, by bisection on the complementary error function. */
function normalQuantile(p: number): number {
  let lo = -40, hi = 40;
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (0.5 * erfc(-mid / Math.SQRT2) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** erfc(x) with fractional error below 1.2e-7 (Chebyshev fit, Numerical Recipes' erfcc). */
function erfc(x: number): number {
  const z = Math.abs(x), t = 1 / (1 + 0.5 * z);
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}
