/**
 * Distributions and random streams.
 *
 * Each statistical check draws n values from a fixed (seed, name) stream and compares a sample
 * statistic with its exact value within 4 standard errors (SE from the distribution's own
 * moments, not from the sample). Streams are seeded, so the checks are deterministic; a wrong
 * formula (a mean off by a few per cent, a variance off by a factor, a wrong z for p99, a
 * Box–Muller pair that is not independent) lands far outside 4 SE at these sample sizes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  constant,
  empirical,
  exponential,
  lognormal,
  lognormalFromMoments,
  lognormalFromQuantiles,
  normal,
  randomStream,
  uniform,
} from '../../src/engine/index.js';

const N = 200_000;
/** Standard normal quantile at 0.99. */
const Z99 = 2.3263478740408408;
const phi = (z: number): number => Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);

function draw(sample: () => number, n = N): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = sample();
  return xs;
}

function moments(xs: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { mean, variance: ss / (xs.length - 1) };
}

/** The q-quantile of the sample (order statistic at rank ceil(q n)). */
function sampleQuantile(xs: Float64Array, q: number): number {
  const sorted = Float64Array.from(xs).sort();
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

function within4SE(label: string, got: number, expected: number, se: number): void {
  const z = (got - expected) / se;
  expect(Math.abs(z) <= 4, `${label}: got ${got.toPrecision(6)}, expected ${expected.toPrecision(6)} (SE ${se.toPrecision(3)}, z = ${z.toFixed(2)})`).toBe(true);
}

/**
 * Sample mean within 4 SE of `mean` (SE = sd/√n) and sample variance within 4 SE of `variance`
 * (SE = √((μ4 − σ⁴)/n), μ4 the fourth central moment).
 */
function checkMoments(label: string, xs: Float64Array, mean: number, variance: number, mu4: number): void {
  const n = xs.length;
  const m = moments(xs);
  within4SE(`${label} mean`, m.mean, mean, Math.sqrt(variance / n));
  within4SE(`${label} variance`, m.variance, variance, Math.sqrt((mu4 - variance * variance) / n));
}

/** The share of the sample at or below x is within 4 SE of the exact CDF value p. */
function checkCdf(label: string, xs: Float64Array, x: number, p: number): void {
  let below = 0;
  for (const v of xs) if (v <= x) below++;
  within4SE(`${label} P(X <= ${x})`, below / xs.length, p, Math.sqrt((p * (1 - p)) / xs.length));
}

/** Sample quantile within 4 SE of the exact one; SE = √(q(1−q)/n) / f(x_q). */
function checkQuantile(label: string, xs: Float64Array, q: number, exact: number, density: number): void {
  within4SE(`${label} q${q}`, sampleQuantile(xs, q), exact, Math.sqrt((q * (1 - q)) / xs.length) / density);
}

/** Raw moment E[X^k] of exp(N(mu, sigma)). */
const lnRaw = (k: number, mu: number, sigma: number): number => Math.exp(k * mu + (k * k * sigma * sigma) / 2);

function lognormalMoments(mu: number, sigma: number): { mean: number; variance: number; mu4: number } {
  const [e1, e2, e3, e4] = [1, 2, 3, 4].map((k) => lnRaw(k, mu, sigma));
  return { mean: e1, variance: e2 - e1 * e1, mu4: e4 - 4 * e3 * e1 + 6 * e2 * e1 * e1 - 3 * e1 ** 4 };
}

describe('exponential', () => {
  it('has mean m and variance m² (and the exponential CDF), all values ≥ 0', () => {
    const m = 37.5;
    const xs = draw(exponential(randomStream(11, 'exp'), m));
    checkMoments('exponential', xs, m, m * m, 9 * m ** 4);
    for (const x of [m / 10, m, 3 * m]) checkCdf('exponential', xs, x, 1 - Math.exp(-x / m));
    expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
  });
});

describe('uniform', () => {
  it('has mean (a+b)/2 and variance (b−a)²/12, flat CDF, all values in [a, b)', () => {
    const a = 20, b = 140, w = b - a;
    const xs = draw(uniform(randomStream(12, 'uni'), a, b));
    checkMoments('uniform', xs, (a + b) / 2, (w * w) / 12, w ** 4 / 80);
    for (const p of [0.1, 0.5, 0.9]) checkCdf('uniform', xs, a + p * w, p);
    expect(xs.every((x) => x >= a && x < b)).toBe(true);
  });
});

describe('normal', () => {
  it('has mean mu and variance sigma², the normal CDF, and uncorrelated consecutive values', () => {
    const mu = -3, sigma = 2.5;
    const xs = draw(normal(randomStream(13, 'norm'), mu, sigma));
    checkMoments('normal', xs, mu, sigma * sigma, 3 * sigma ** 4);
    checkCdf('normal', xs, mu - sigma, 0.15865525393145707);
    checkCdf('normal', xs, mu, 0.5);
    checkCdf('normal', xs, mu + 2 * sigma, 0.9772498680518208);
    // Box–Muller returns values in pairs; both members (and neighbouring pairs) must be
    // independent: lag-1 correlation ~ N(0, 1/n).
    let c = 0;
    for (let i = 1; i < xs.length; i++) c += (xs[i] - mu) * (xs[i - 1] - mu);
    const corr = c / (xs.length - 1) / (sigma * sigma);
    within4SE('normal lag-1 correlation', corr, 0, 1 / Math.sqrt(xs.length));
  });
});

describe('lognormal', () => {
  it('exp(N(mu, sigma)) has the log-normal mean and variance', () => {
    const mu = Math.log(50), sigma = 0.4;
    const xs = draw(lognormal(randomStream(14, 'ln'), mu, sigma));
    const { mean, variance, mu4 } = lognormalMoments(mu, sigma);
    checkMoments('lognormal', xs, mean, variance, mu4);
    expect(xs.every((x) => x > 0)).toBe(true);
  });

  it('lognormalFromQuantiles(p50, p99): samples have median p50 and 99th percentile p99', () => {
    for (const [p50, p99] of [[15, 80], [40, 250], [100, 101]] as const) {
      const { mu, sigma } = lognormalFromQuantiles(p50, p99);
      expect(Math.exp(mu)).toBeCloseTo(p50, 9);
      expect(Math.exp(mu + Z99 * sigma)).toBeCloseTo(p99, 9);
      const xs = draw(lognormal(randomStream(15, `lnq:${p50}/${p99}`), mu, sigma), 400_000);
      // Density of the log-normal at its z-quantile: φ(z) / (x σ).
      checkQuantile(`lognormal(${p50},${p99})`, xs, 0.5, p50, phi(0) / (p50 * sigma));
      checkQuantile(`lognormal(${p50},${p99})`, xs, 0.99, p99, phi(Z99) / (p99 * sigma));
    }
  });

  it('lognormalFromMoments(mean, sd): samples have that mean and standard deviation', () => {
    for (const [mean, sd] of [[100, 50], [10, 3], [250, 250]] as const) {
      const { mu, sigma } = lognormalFromMoments(mean, sd);
      const exact = lognormalMoments(mu, sigma);
      expect(exact.mean).toBeCloseTo(mean, 9);
      expect(Math.sqrt(exact.variance)).toBeCloseTo(sd, 9);
      const n = 400_000;
      const xs = draw(lognormal(randomStream(16, `lnm:${mean}/${sd}`), mu, sigma), n);
      const m = moments(xs);
      within4SE(`lognormal(mean ${mean}, sd ${sd}) mean`, m.mean, mean, sd / Math.sqrt(n));
      // SE of the sample sd ≈ SE(s²) / (2σ).
      const seVar = Math.sqrt((exact.mu4 - exact.variance ** 2) / n);
      within4SE(`lognormal(mean ${mean}, sd ${sd}) sd`, Math.sqrt(m.variance), sd, seVar / (2 * sd));
    }
  });

  it('lognormalFromMoments with sd 0 is the constant mean', () => {
    const { mu, sigma } = lognormalFromMoments(42, 0);
    expect(sigma).toBe(0);
    expect(Math.exp(mu)).toBeCloseTo(42, 12);
  });
});

describe('empirical', () => {
  it('draws only the given values, each with its share, with their mean and variance', () => {
    const samples = [1, 2, 2, 10, 0];
    const xs = draw(empirical(randomStream(17, 'emp'), samples));
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const central = (k: number) => samples.reduce((s, x) => s + (x - mean) ** k, 0) / samples.length;
    checkMoments('empirical', xs, mean, central(2), central(4));
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 10]);
    for (const [value, share] of [[0, 0.2], [1, 0.2], [2, 0.4], [10, 0.2]] as const) {
      within4SE(`empirical share of ${value}`, counts.get(value)! / xs.length, share, Math.sqrt((share * (1 - share)) / xs.length));
    }
  });

  it('with one sample always returns it; with none throws', () => {
    const one = empirical(randomStream(1, 'one'), [7.5]);
    expect(Array.from({ length: 100 }, one).every((x) => x === 7.5)).toBe(true);
    expect(() => empirical(randomStream(1, 'none'), [])).toThrow(RangeError);
  });

  it('copies the samples: changing the array afterwards changes nothing', () => {
    const samples = [3, 3, 3];
    const sample = empirical(randomStream(1, 'copy'), samples);
    samples[0] = samples[1] = samples[2] = 99;
    expect(Array.from({ length: 50 }, sample).every((x) => x === 3)).toBe(true);
  });
});

describe('constant', () => {
  it('always returns its value', () => {
    const c = constant(120);
    expect(Array.from({ length: 10 }, c)).toEqual(Array(10).fill(120));
  });
});

describe('random streams', () => {
  const take = (seed: number | string, name: string, n = 1000) => Array.from({ length: n }, randomStream(seed, name));

  it('the same (seed, name) gives the same sequence', () => {
    expect(take(7, 'arrivals:browse')).toEqual(take(7, 'arrivals:browse'));
    expect(take(0, 'x')).toEqual(take(0, 'x'));
  });

  it('a different name or a different seed gives a different sequence', () => {
    const base = take(7, 'arrivals:browse');
    for (const other of [take(7, 'arrivals:checkout'), take(8, 'arrivals:browse'), take(7, 'service:web'), take(70, 'arrivals:browse')]) {
      expect(other).not.toEqual(base);
      // Not merely shifted or mostly equal: almost no position agrees.
      const same = other.filter((x, i) => x === base[i]).length;
      expect(same).toBeLessThan(5);
    }
  });

  it('gives uniform values in [0, 1) with mean 1/2 and variance 1/12', () => {
    const xs = Float64Array.from(take(3, 'u', N));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    checkMoments('stream', xs, 0.5, 1 / 12, 1 / 80);
  });

  it('streams of different names are uncorrelated', () => {
    const a = take(5, 'a', N), b = take(5, 'b', N);
    let c = 0;
    for (let i = 0; i < N; i++) c += (a[i] - 0.5) * (b[i] - 0.5);
    const corr = c / N / (1 / 12);
    within4SE('cross-stream correlation', corr, 0, 1 / Math.sqrt(N));
  });
});

describe('no unseeded randomness', () => {
  it('no file under src/ calls Math.random', () => {
    const src = fileURLToPath(new URL('../../src', import.meta.url));
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|js|mjs|cjs|tsx)$/.test(entry)) files.push(path);
      }
    };
    walk(src);
    expect(files.length).toBeGreaterThan(10); // really looked at the sources
    const offenders = files.filter((f) => /Math\s*\.\s*random/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
