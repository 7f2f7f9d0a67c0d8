import { EPS } from './tolerance.js';

/**
 * Token-bucket rate limiters, one per feature (structure-of-arrays). A bucket holds up to
 * `burst` tokens and starts full; it refills at `ratePerMs` lazily, from the time elapsed since
 * it was last used; each admitted request takes one token. Features without a limit admit all.
 */
export class TokenBuckets {
  private readonly rate: Float64Array;
  private readonly burst: Float64Array;
  private readonly tokens: Float64Array;
  private readonly last: Float64Array;
  private readonly has: Uint8Array;

  constructor(specs: ({ ratePerMs: number; burst: number } | undefined)[]) {
    const n = specs.length;
    this.rate = new Float64Array(n);
    this.burst = new Float64Array(n);
    this.tokens = new Float64Array(n);
    this.last = new Float64Array(n);
    this.has = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const s = specs[i];
      if (!s) continue;
      this.has[i] = 1;
      this.rate[i] = s.ratePerMs;
      this.burst[i] = s.burst;
      this.tokens[i] = s.burst;
    }
  }

  /**
   * Whether a request of feature `i` arriving at `now` is admitted: refills by the time elapsed,
   * then takes one token if there is one; otherwise refuses it (returns false).
   * `now` must not decrease between calls for the same feature.
   */
  take(i: number, now: number): boolean {
    if (this.has[i] === 0) return true;
    const t = Math.min(this.burst[i], this.tokens[i] + (now - this.last[i]) * this.rate[i]);
    this.last[i] = now;
    if (t >= 1 - EPS) {
      this.tokens[i] = t - 1;
      return true;
    }
    this.tokens[i] = t;
    return false;
  }
}
