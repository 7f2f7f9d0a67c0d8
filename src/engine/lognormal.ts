import type { Random } from './random.js';
import { normal } from './normal.js';

/** z for the 99th percentile of the standard normal. */
const Z99 = 2.3263478740408408;

/** Log-normal values: exp(N(mu, sigma)). */
export function lognormal(random: Random, mu: number, sigma: number): () => number {
  const n = normal(random, mu, sigma);
  return () => Math.exp(n());
}

/** (mu, sigma) of the log-normal with the given median and 99th percentile (p99 > p50 > 0). */
export function lognormalFromQuantiles(p50: number, p99: number): { mu: number; sigma: number } {
  const mu = Math.log(p50);
  return { mu, sigma: (Math.log(p99) - mu) / Z99 };
}

/** (mu, sigma) of the log-normal with the given mean and standard deviation (mean > 0). */
export function lognormalFromMoments(mean: number, sd: number): { mu: number; sigma: number } {
  const s2 = Math.log(1 + (sd * sd) / (mean * mean));
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2) };
}
