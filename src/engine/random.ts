import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * A named, seeded random stream (seedrandom's Alea: fast, 2^116 period). Each source of
 * randomness gets its own name, so that adding a feature or changing one service's parameters
 * does not shift the numbers every other source sees (common random numbers across variants).
 * Same (seed, name) → same sequence, on every platform.
 */
export function randomStream(seed: number | string, name: string): Random {
  return seedrandom.alea(`${seed}/${name}`);
}
