import type { Random } from '../engine/random.js';
import type { BackoffSpec, RetryBudgetSpec } from '../scenario/types.js';
import { EPS } from './tolerance.js';

/**
 * The wait before retry number `retry` (1 for the first retry), in ms.
 *
 * - kind none: 0. constant: `baseMs`. exponential: min(capMs, baseMs·multiplier^(retry−1)).
 * - jitter none: that delay d. full: U(0, d). equal: d/2 + U(0, d/2).
 * - decorrelated (AWS "Exponential Backoff and Jitter"): min(capMs, U(baseMs, 3·prevDelay)),
 *   where `prevDelay` is the delay this function returned for the previous retry; for the first
 *   retry baseMs is used whatever `prevDelay` says. The kind's own delay d is not used.
 *
 * Draws one number from `random` when jittered, none otherwise.
 */
export function backoffDelay(spec: BackoffSpec, retry: number, prevDelay: number, random: Random): number {
  if (spec.kind === 'none') return 0;
  const base = spec.baseMs;
  if (spec.jitter === 'decorrelated') {
    const prev = retry <= 1 ? base : prevDelay;
    const hi = Math.max(base, 3 * prev);
    return Math.min(spec.capMs, base + random() * (hi - base));
  }
  const d = spec.kind === 'constant' ? base : Math.min(spec.capMs, base * Math.pow(spec.multiplier, retry - 1));
  switch (spec.jitter) {
    case 'full': return random() * d;
    case 'equal': return d / 2 + random() * (d / 2);
    default: return d;
  }
}

/**
 * Retry budgets, one token bucket per call edge (structure-of-arrays). A bucket starts full at
 * `maxTokens`; it earns `ratio` per original request (earn 'request', Finagle-style) or per
 * success (earn 'success', gRPC-style), capped at `maxTokens`; a retry spends one whole token.
 * Edges without a budget always allow retries and earn nothing.
 */
export class RetryBudgets {
  private readonly tokens: Float64Array;
  private readonly max: Float64Array;
  /** Tokens earned per original request (0 when the edge earns on success or has no budget). */
  private readonly perRequest: Float64Array;
  /** Tokens earned per success (0 when the edge earns on request or has no budget). */
  private readonly perSuccess: Float64Array;
  private readonly has: Uint8Array;

  constructor(specs: (RetryBudgetSpec | undefined)[]) {
    const n = specs.length;
    this.tokens = new Float64Array(n);
    this.max = new Float64Array(n);
    this.perRequest = new Float64Array(n);
    this.perSuccess = new Float64Array(n);
    this.has = new Uint8Array(n);
    for (let e = 0; e < n; e++) {
      const s = specs[e];
      if (!s) continue;
      this.has[e] = 1;
      this.max[e] = s.maxTokens;
      this.tokens[e] = s.maxTokens;
      if (s.earn === 'request') this.perRequest[e] = s.ratio;
      else this.perSuccess[e] = s.ratio;
    }
  }

  /** An original attempt (not a retry) went out on edge `e`. */
  onRequest(e: number): void {
    const r = this.perRequest[e];
    if (r > 0) this.tokens[e] = Math.min(this.max[e], this.tokens[e] + r);
  }

  /** An attempt on edge `e` succeeded (original or retry). */
  onSuccess(e: number): void {
    const r = this.perSuccess[e];
    if (r > 0) this.tokens[e] = Math.min(this.max[e], this.tokens[e] + r);
  }

  /**
   * Whether a retry on edge `e` may go out: spends one token and returns true when at least one
   * is there; otherwise returns false (the retry is denied). Always true without a budget.
   */
  tryRetry(e: number): boolean {
    if (this.has[e] === 0) return true;
    if (this.tokens[e] >= 1 - EPS) {
      this.tokens[e] -= 1;
      return true;
    }
    return false;
  }

  /** Tokens in edge `e`'s bucket now (0 without a budget). */
  available(e: number): number {
    return this.tokens[e];
  }
}
