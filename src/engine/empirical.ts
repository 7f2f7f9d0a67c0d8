import type { Random } from './random.js';

/** Resamples the given values uniformly (the bootstrap distribution). `samples` must be non-empty. */
export function empirical(random: Random, samples: readonly number[]): () => number {
  if (samples.length === 0) throw new RangeError('empirical: needs at least one sample');
  const values = Float64Array.from(samples);
  const n = values.length;
  return () => values[Math.floor(random() * n)];
}
