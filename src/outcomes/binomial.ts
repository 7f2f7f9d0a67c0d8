/**
 * An exact Binomial(n, p) sampler by geometric skips: the gaps between successes in n
 * Bernoulli(p) trials are Geometric(p), so the successes are counted by jumping from one to the
 * next instead of flipping every coin. It uses about n·min(p, 1 − p) + 1 uniforms: cheap for the
 * small chances of a ticket or a lost user, whatever the number of users.
 */
import type { Random } from '../engine/random.js';

/**
 * A draw of Binomial(n, p) using uniforms from `random`. Exact: 0 when n = 0 or p = 0, n when
 * p = 1; for p > 0.5 it draws the failures (n − Binomial(n, 1 − p)) so the cost stays
 * O(n·min(p, 1 − p) + 1). Throws a RangeError when n is not a whole number ≥ 0 or p is not in [0, 1].
 */
export function binomial(n: number, p: number, random: Random): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial: n must be a whole number ≥ 0, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial: p must be in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  return p > 0.5 ? n - skips(n, 1 - p, random) : skips(n, p, random);
}

/** Successes in n trials: jump by Geometric(p) gaps until past the last trial. */
function skips(n: number, p: number, random: Random): number {
  // log1p keeps tiny chances exact: log(1 − 1e-12) would round to 0.
  const logQ = Math.log1p(-p);
  let successes = 0;
  let position = 0;
  for (;;) {
    // 1 − u is in (0, 1]: log never sees 0. floor(log(v) / log(1 − p)) is the number of
    // failures before the next success, P(≥ k) = (1 − p)^k.
    const failures = Math.floor(Math.log(1 - random()) / logQ);
    position += failures + 1;
    if (position > n) return successes;
    successes++;
  }
}
