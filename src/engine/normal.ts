import type { Random } from './random.js';

/**
 * Normally distributed values (Box–Muller; the second value of each pair is kept for the
 * next call, so each pair costs two uniforms, one log, one sqrt and one sin/cos).
 */
export function normal(random: Random, mu: number, sigma: number): () => number {
  let spare = NaN;
  return () => {
    if (spare === spare) {
      const z = spare;
      spare = NaN;
      return mu + sigma * z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const theta = 2 * Math.PI * random();
    spare = r * Math.sin(theta);
    return mu + sigma * r * Math.cos(theta);
  };
}
