/**
 * Calls in flight, as structure-of-arrays indexed by call id. A call is one caller's logical
 * request over one edge — the user's request to its entry service, or a service's call to a
 * dependency — and lives across its attempts (retries). Each attempt is a job at the callee.
 */
export class CallPool {
  /** Calling job, or -1 when the caller is a user (the call is the user's request). */
  job = new Int32Array(0);
  feature = new Int32Array(0);
  edge = new Int32Array(0);
  /** Attempts made so far. */
  attempts = new Int32Array(0);
  /** Job of the current attempt, or -1 (backing off, or an attempt that went nowhere). */
  child = new Int32Array(0);
  /** Neighbours in the edge's list of attempts hanging in a partition (see HungAttempts), -1 at the ends. */
  hungNext = new Int32Array(0);
  hungPrev = new Int32Array(0);
  /** When the current attempt times out (NaN when none is pending): matches its timeout-queue entry. */
  due = new Float64Array(0);
  /** When the call started (for a user's request: when the user sent it). */
  started = new Float64Array(0);
  /** Last backoff delay (decorrelated jitter needs it). */
  prevDelay = new Float64Array(0);
  /** When the current attempt went out (a breaker's half-open trial is judged by it). */
  sent = new Float64Array(0);
  live = new Uint8Array(0);
  /** 1 while the current attempt hangs in a partition (it ends by timeout or when the partition heals). */
  hung = new Uint8Array(0);
  /** MEASURED (see jobs.ts) when the request the call belongs to counts in the results, else 0. */
  measured = new Uint8Array(0);
  count = 0;
  private free = new Int32Array(0);
  private freeLen = 0;
  private capacity = 0;

  constructor(readonly limit: number, initial = 1024) {
    this.grow(initial);
  }

  /** A fresh call id, or -1 when `limit` calls are already in flight. */
  alloc(): number {
    if (this.freeLen === 0) {
      if (this.capacity >= this.limit) return -1;
      this.grow(Math.min(this.capacity * 2, this.limit));
    }
    this.count++;
    const c = this.free[--this.freeLen];
    this.live[c] = 1;
    return c;
  }

  release(c: number): void {
    this.count--;
    this.live[c] = 0;
    this.hung[c] = 0;
    this.due[c] = NaN;
    this.free[this.freeLen++] = c;
  }

  /** Upper bound (exclusive) of call ids ever handed out; scan `live` below it. */
  get size(): number {
    return this.capacity;
  }

  private grow(cap: number): void {
    const old = this.capacity;
    for (const k of ['job', 'feature', 'edge', 'attempts', 'child', 'hungNext', 'hungPrev'] as const) {
      const b = new Int32Array(cap);
      b.set(this[k]);
      this[k] = b;
    }
    for (const k of ['due', 'started', 'prevDelay', 'sent'] as const) {
      const b = new Float64Array(cap);
      b.set(this[k]);
      this[k] = b;
    }
    this.due.fill(NaN, old);
    for (const k of ['live', 'hung', 'measured'] as const) {
      const b = new Uint8Array(cap);
      b.set(this[k]);
      this[k] = b;
    }
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeLen));
    for (let c = cap - 1; c >= old; c--) free[this.freeLen++] = c;
    this.free = free;
    this.capacity = cap;
  }
}

/**
 * Attempts hanging in a partition, one doubly linked list per edge threaded through the call
 * pool (hungNext/hungPrev), oldest first. An attempt leaves its list the moment it ends (by
 * timeout, or when the partition heals), so memory follows the attempts hanging now, never the
 * number that ever hung.
 */
export class HungAttempts {
  private readonly head: Int32Array;
  private readonly tail: Int32Array;

  constructor(private readonly calls: CallPool, edges: number) {
    this.head = new Int32Array(edges).fill(-1);
    this.tail = new Int32Array(edges).fill(-1);
  }

  /** Call `c`'s current attempt hangs on edge `e`. */
  add(e: number, c: number): void {
    const calls = this.calls, last = this.tail[e];
    calls.hung[c] = 1;
    calls.hungPrev[c] = last;
    calls.hungNext[c] = -1;
    if (last >= 0) calls.hungNext[last] = c;
    else this.head[e] = c;
    this.tail[e] = c;
  }

  /** Call `c`'s attempt on edge `e` no longer hangs (call only while `calls.hung[c]` is 1). */
  remove(e: number, c: number): void {
    const calls = this.calls, prev = calls.hungPrev[c], next = calls.hungNext[c];
    calls.hung[c] = 0;
    if (prev >= 0) calls.hungNext[prev] = next;
    else this.head[e] = next;
    if (next >= 0) calls.hungPrev[next] = prev;
    else this.tail[e] = prev;
  }

  /** The oldest call hanging on edge `e`, or -1. */
  first(e: number): number {
    return this.head[e];
  }
}
