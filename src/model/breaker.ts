import type { BreakerSpec } from '../scenario/types.js';

/** Breaker states as returned by `Breakers.state`. */
export const CLOSED = 0, OPEN = 1, HALF_OPEN = 2;

/**
 * Hystrix-style circuit breakers, one per call edge, as structure-of-arrays (no allocation per
 * call). A pure state machine: it never schedules anything; the caller passes the current time.
 *
 * - CLOSED: every call is allowed; results fill a rolling window of `buckets` buckets spanning
 *   `windowMs`. After a result, if the window holds ≥ `minimumRequests` results and the failure
 *   share is ≥ `errorThreshold`, the breaker opens.
 * - OPEN: calls are refused (short-circuited) until `sleepMs` after it opened; then the next
 *   `allow` turns it HALF_OPEN and lets exactly one trial through.
 * - HALF_OPEN: every other call is refused while the trial is out. The trial's success closes it
 *   with an empty window; its failure opens it again and the sleep restarts.
 *
 * Edges without a spec have no breaker: they always allow and record nothing.
 */
export class Breakers {
  /** Times each edge went from closed to open (failed trials re-open without counting here). */
  readonly opened: Float64Array;
  /** Half-open trials let through per edge. */
  readonly trials: Float64Array;

  private readonly has: Uint8Array;
  private readonly bucketMs: Float64Array;
  private readonly nBuckets: Int32Array;
  private readonly minimum: Float64Array;
  private readonly threshold: Float64Array;
  private readonly sleepMs: Float64Array;
  /** Start of each edge's slice of okCounts/failCounts. */
  private readonly base: Int32Array;
  private readonly okCounts: Int32Array;
  private readonly failCounts: Int32Array;
  /** Absolute index (floor(t / bucketMs)) of each edge's newest bucket. */
  private readonly head: Float64Array;
  private readonly okSum: Int32Array;
  private readonly failSum: Int32Array;
  private readonly st: Uint8Array;
  private readonly openedAt: Float64Array;
  /** When the trial was let through; results of attempts sent before it are stale. */
  private readonly trialAt: Float64Array;
  private readonly trialOut: Uint8Array;
  private readonly notClosedSince: Float64Array;
  private readonly openAcc: Float64Array;

  constructor(specs: (BreakerSpec | undefined)[]) {
    const n = specs.length;
    this.opened = new Float64Array(n);
    this.trials = new Float64Array(n);
    this.has = new Uint8Array(n);
    this.bucketMs = new Float64Array(n);
    this.nBuckets = new Int32Array(n);
    this.minimum = new Float64Array(n);
    this.threshold = new Float64Array(n);
    this.sleepMs = new Float64Array(n);
    this.base = new Int32Array(n);
    let total = 0;
    for (let e = 0; e < n; e++) {
      const s = specs[e];
      this.base[e] = total;
      if (!s) continue;
      const buckets = Math.max(1, Math.floor(s.buckets));
      this.has[e] = 1;
      this.nBuckets[e] = buckets;
      this.bucketMs[e] = s.windowMs / buckets;
      this.minimum[e] = s.minimumRequests;
      this.threshold[e] = s.errorThreshold;
      this.sleepMs[e] = s.sleepMs;
      total += buckets;
    }
    this.okCounts = new Int32Array(total);
    this.failCounts = new Int32Array(total);
    this.head = new Float64Array(n);
    this.okSum = new Int32Array(n);
    this.failSum = new Int32Array(n);
    this.st = new Uint8Array(n);
    this.openedAt = new Float64Array(n);
    this.trialAt = new Float64Array(n);
    this.trialOut = new Uint8Array(n);
    this.notClosedSince = new Float64Array(n);
    this.openAcc = new Float64Array(n);
  }

  /** 0 closed, 1 open, 2 half-open. Edges without a breaker are always closed. */
  state(e: number): number {
    return this.st[e];
  }

  /**
   * Whether a call on edge `e` may go out at `now`. Returns true when closed, or once for the
   * half-open trial when the sleep has elapsed; otherwise false (the call is short-circuited).
   */
  allow(e: number, now: number): boolean {
    const s = this.st[e];
    if (s === CLOSED) return true;
    if (s === OPEN && now - this.openedAt[e] >= this.sleepMs[e]) {
      this.st[e] = HALF_OPEN;
      this.trialOut[e] = 1;
      this.trialAt[e] = now;
      this.trials[e]++;
      return true;
    }
    return false;
  }

  /**
   * Records the result of an attempt that `allow` let through (timeouts count as failures).
   * `sentAt`, when given, is when that attempt was allowed: while half-open, results of attempts
   * sent before the trial are stale and ignored, so only the trial decides. Without it, the first
   * result arriving while half-open is taken as the trial's. Results arriving while open are
   * ignored (the window is reset on closing anyway).
   */
  record(e: number, now: number, ok: boolean, sentAt = Infinity): void {
    const s = this.st[e];
    if (s === CLOSED) {
      if (this.has[e] === 1) this.recordClosed(e, now, ok);
    } else if (s === HALF_OPEN && this.trialOut[e] === 1 && sentAt >= this.trialAt[e]) {
      this.trialOut[e] = 0;
      if (ok) {
        this.close(e, now);
      } else {
        this.st[e] = OPEN;
        this.openedAt[e] = now;
      }
    }
  }

  /**
   * The attempt `allow` just let through on edge `e` was not sent after all (e.g. a bulkhead
   * refused it). If it was the half-open trial, the breaker goes back to open with its sleep
   * already over, so the next `allow` lets a new trial through; otherwise nothing changes.
   * Without this, an unsent trial would leave the breaker half-open for ever.
   */
  abandon(e: number): void {
    if (this.st[e] !== HALF_OPEN || this.trialOut[e] === 0) return;
    this.st[e] = OPEN;
    this.trialOut[e] = 0;
    this.trials[e]--;
  }

  /** Total time edge `e` spent open or half-open up to `now`. */
  openMs(e: number, now: number): number {
    return this.openAcc[e] + (this.st[e] === CLOSED ? 0 : now - this.notClosedSince[e]);
  }

  /**
   * Results (successes and failures) in edge `e`'s rolling window at `now`. The window is frozen
   * while open or half-open and emptied when the breaker closes.
   */
  windowTotal(e: number, now: number): number {
    if (this.has[e] === 1 && this.st[e] === CLOSED) this.rotate(e, now);
    return this.okSum[e] + this.failSum[e];
  }

  /** Failures in edge `e`'s rolling window at `now`. */
  windowFailures(e: number, now: number): number {
    if (this.has[e] === 1 && this.st[e] === CLOSED) this.rotate(e, now);
    return this.failSum[e];
  }

  private recordClosed(e: number, now: number, ok: boolean): void {
    this.rotate(e, now);
    const slot = this.base[e] + (this.head[e] % this.nBuckets[e]);
    if (ok) {
      this.okCounts[slot]++;
      this.okSum[e]++;
    } else {
      this.failCounts[slot]++;
      this.failSum[e]++;
    }
    const total = this.okSum[e] + this.failSum[e];
    if (total >= this.minimum[e] && this.failSum[e] >= this.threshold[e] * total) {
      this.st[e] = OPEN;
      this.openedAt[e] = now;
      this.notClosedSince[e] = now;
      this.opened[e]++;
    }
  }

  private close(e: number, now: number): void {
    this.st[e] = CLOSED;
    this.openAcc[e] += now - this.notClosedSince[e];
    this.clearWindow(e);
    this.head[e] = Math.floor(now / this.bucketMs[e]);
  }

  /**
   * Advances edge `e`'s newest bucket to the one containing `now`, emptying the buckets that
   * fall out of the window. Lazy: costs one step per elapsed bucket, at most one full clear.
   */
  private rotate(e: number, now: number): void {
    const target = Math.floor(now / this.bucketMs[e]);
    let h = this.head[e];
    if (target <= h) return;
    const n = this.nBuckets[e], b = this.base[e];
    if (target - h >= n) {
      this.clearWindow(e);
    } else {
      while (h < target) {
        h++;
        const slot = b + (h % n);
        this.okSum[e] -= this.okCounts[slot];
        this.failSum[e] -= this.failCounts[slot];
        this.okCounts[slot] = 0;
        this.failCounts[slot] = 0;
      }
    }
    this.head[e] = target;
  }

  private clearWindow(e: number): void {
    const b = this.base[e], end = b + this.nBuckets[e];
    this.okCounts.fill(0, b, end);
    this.failCounts.fill(0, b, end);
    this.okSum[e] = 0;
    this.failSum[e] = 0;
  }
}
