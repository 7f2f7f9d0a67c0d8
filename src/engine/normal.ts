import type { Random } from './random.js';

/**
 * Normally distributed values (Box–Muller; the second value of each pair is kept for the
 * next call, so each pair costs two uniforms, one log, one sqrt and one sin/cos).
 */
export function normal(random: Random, mu: number, sigma: number): () => number {
  // The spare lives in a typed array: a double stored in a closure variable is boxed anew on each write.
  const spare = new Float64Array(1).fill(NaN);
  return () => {
    const z = spare[0];
    if (z === z) {
      spare[0] = NaN;
      return mu + sigma * z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const theta = 2 * Math.PI * random();
    spare[0] = r * Math.sin(theta);
    return mu + sigma * r * Math.cos(theta);
  };
}
