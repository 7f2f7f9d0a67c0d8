import type { Random } from './random.js';

/** Uniform on [min, max). */
export function uniform(random: Random, min: number, max: number): () => number {
  const width = max - min;
  return () => min + width * random();
}
