/**
 * Calls in flight, as structure-of-arrays indexed by call id. A call is one caller's logical
 * request over one edge — the user's request to its entry service, or a service's call to a
 * dependency — and lives across its attempts (retries). Each attempt is a job at the callee.
 */
export class CallPool {
  /** Calling job, or -1 when the caller is a user (the call is the user's request). */
  job: Int32Array;
  feature: Int32Array;
  edge: Int32Array;
  /** Attempts made so far. */
  attempts: Int32Array;
  /** Job of the current attempt, or -1 (backing off, or an attempt that went nowhere). */
  child: Int32Array;
  /** When the current attempt times out (NaN when none is pending): matches its timeout-queue entry. */
  due: Float64Array;
  /** When the call started (for a user's request: when the user sent it). */
  started: Float64Array;
  /** Last backoff delay (decorrelated jitter needs it). */
  prevDelay: Float64Array;
  /** When the current attempt went out (a breaker's half-open trial is judged by it). */
  sent: Float64Array;
  live: Uint8Array;
  /** 1 while the current attempt hangs in a partition (it ends by timeout or when the partition heals). */
  hung: Uint8Array;
  count = 0;
  private free: Int32Array;
  private freeLen = 0;
  private capacity = 0;

  constructor(readonly limit: number, initial = 1024) {
    this.job = new Int32Array(0);
    this.feature = new Int32Array(0);
    this.edge = new Int32Array(0);
    this.attempts = new Int32Array(0);
    this.child = new Int32Array(0);
    this.due = new Float64Array(0);
    this.started = new Float64Array(0);
    this.prevDelay = new Float64Array(0);
    this.sent = new Float64Array(0);
    this.live = new Uint8Array(0);
    this.hung = new Uint8Array(0);
    this.free = new Int32Array(0);
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

  private grow(cap: number): void {
    const old = this.capacity;
    const int = (a: Int32Array) => { const b = new Int32Array(cap); b.set(a); return b; };
    const dbl = (a: Float64Array) => { const b = new Float64Array(cap); b.set(a); return b; };
    this.job = int(this.job);
    this.feature = int(this.feature);
    this.edge = int(this.edge);
    this.attempts = int(this.attempts);
    this.child = int(this.child);
    this.due = dbl(this.due);
    this.due.fill(NaN, old);
    this.started = dbl(this.started);
    this.prevDelay = dbl(this.prevDelay);
    this.sent = dbl(this.sent);
    const live = new Uint8Array(cap);
    live.set(this.live);
    this.live = live;
    const hung = new Uint8Array(cap);
    hung.set(this.hung);
    this.hung = hung;
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeLen));
    for (let c = cap - 1; c >= old; c--) free[this.freeLen++] = c;
    this.free = free;
    this.capacity = cap;
  }
}
