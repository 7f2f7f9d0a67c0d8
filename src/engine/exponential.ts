import type { Random } from './random.js';

/** Exponentially distributed values with the given mean (inverse transform). */
export function exponential(random: Random, mean: number): () => number {
  return () => -mean * Math.log(1 - random());
}
