import type { DistSpec } from '../scenario/types.js';
import { constant, empirical, exponential, lognormal, uniform, type Random } from '../engine/index.js';

/** A sampler for a normalised distribution, drawing from `random`. */
export function sampler(spec: DistSpec, random: Random): () => number {
  switch (spec.kind) {
    case 'constant': return constant(spec.value);
    case 'exponential': return exponential(random, spec.mean);
    case 'uniform': return uniform(random, spec.min, spec.max);
    case 'lognormal': return lognormal(random, spec.mu, spec.sigma);
    case 'empirical': return empirical(random, spec.samples);
  }
}
