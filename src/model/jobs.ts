/**
 * Job flags. MEASURED: the request this job belongs to counts in the results (decided once: at
 * the user's arrival, or at a message's enqueue, against the end of warmup). CACHE_MISS: the job
 * went past its service's cache (its answer fills it, or a stale copy stands in). DIRECT: sent
 * over a plain edge without a call record; `caller` is the calling job, or -1 for the user.
 */
export const FAILED = 1, DEGRADED = 2, STALE = 4, MESSAGE = 8, MEASURED = 16, CACHE_MISS = 32, DIRECT = 64;

/**
 * Requests in flight at services, as structure-of-arrays indexed by job id. A job is one
 * attempt of one call at the callee (a user's request at its entry service, or a service's
 * call to a dependency), or a message being consumed. Ids are recycled through a free list, so
 * memory follows the number of jobs in flight, never the number served. Arrays double when
 * full, up to `limit` live jobs.
 */
export class JobPool {
  service = new Int32Array(0);
  /** Call this job answers, or -1 when nobody waits for it (its caller gave up, or a message, or DIRECT). */
  parent = new Int32Array(0);
  /** For a DIRECT job: the calling job, or -1 when the caller is the feature's user. */
  caller = new Int32Array(0);
  /** Edge the job was sent over (for per-edge counts of DIRECT jobs). */
  edge = new Int32Array(0);
  feature = new Int32Array(0);
  /** Index of the next call step in the service's call plan. */
  nextStep = new Int32Array(0);
  /** Calls of the current step still out. */
  pending = new Int32Array(0);
  /** Deliveries of a message so far. */
  deliveries = new Int32Array(0);
  /** Cache key looked up for this job (cache mode only). */
  key = new Int32Array(0);
  /**
   * Why the job failed, or else why it is degraded (a packed cause, see reasons.ts). Meaningful
   * only while FAILED or DEGRADED is set (it is set with them, and never reset: stale otherwise).
   */
  cause = new Int32Array(0);
  flags = new Uint8Array(0);
  live = new Uint8Array(0);
  /** Time the job reached its service (-Infinity while in transit). */
  arrived = new Float64Array(0);
  /** For a DIRECT job, when its caller sent it; for a message, when it was first enqueued. */
  born = new Float64Array(0);
  /** The caller's deadline, when deadlines propagate (Infinity otherwise). */
  deadline = new Float64Array(0);
  /** Jobs in flight now. */
  count = 0;
  private free = new Int32Array(0);
  private freeLen = 0;
  private capacity = 0;

  constructor(readonly limit: number, initial = 1024) {
    this.grow(initial);
  }

  /** A fresh job id, or -1 when `limit` jobs are already in flight. */
  alloc(): number {
    if (this.freeLen === 0) {
      if (this.capacity >= this.limit) return -1;
      this.grow(Math.min(this.capacity * 2, this.limit));
    }
    const j = this.free[--this.freeLen];
    this.live[j] = 1;
    this.count++;
    return j;
  }

  release(j: number): void {
    this.live[j] = 0;
    this.count--;
    this.free[this.freeLen++] = j;
  }

  /** Upper bound (exclusive) of job ids ever handed out; scan `live` below it. */
  get size(): number {
    return this.capacity;
  }

  private grow(cap: number): void {
    const old = this.capacity;
    for (const k of ['service', 'parent', 'caller', 'edge', 'feature', 'nextStep', 'pending', 'deliveries', 'key', 'cause'] as const) {
      const b = new Int32Array(cap);
      b.set(this[k]);
      this[k] = b;
    }
    for (const k of ['flags', 'live'] as const) {
      const b = new Uint8Array(cap);
      b.set(this[k]);
      this[k] = b;
    }
    for (const k of ['arrived', 'born', 'deadline'] as const) {
      const b = new Float64Array(cap);
      b.set(this[k]);
      this[k] = b;
    }
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeLen));
    // Hand out low ids first: pop order is from the end.
    for (let j = cap - 1; j >= old; j--) free[this.freeLen++] = j;
    this.free = free;
    this.capacity = cap;
  }
}
