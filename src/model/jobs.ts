/**
 * Requests in flight, as structure-of-arrays indexed by job id. A job is one request at one
 * service: a user's request at its entry service is a root job; each call makes a child job at
 * the callee. Ids are recycled through a free list, so memory follows the number of requests in
 * flight, never the number served. Arrays double when full, up to `limit` live jobs.
 */
export class JobPool {
  service: Int32Array;
  /** Calling job, or -1 for a root job (a user's request). */
  parent: Int32Array;
  feature: Int32Array;
  /** Call edge that created this job, or -1 for a root job. */
  edge: Int32Array;
  /** Index of the next call to make in the service's call list. */
  nextCall: Int32Array;
  /** Time the job reached its service (for a root job: when the user sent it). */
  arrived: Float64Array;
  live: Uint8Array;
  /** Jobs in flight now. */
  count = 0;
  private free: Int32Array;
  private freeLen = 0;
  private capacity = 0;

  constructor(readonly limit: number, initial = 1024) {
    this.service = new Int32Array(0);
    this.parent = new Int32Array(0);
    this.feature = new Int32Array(0);
    this.edge = new Int32Array(0);
    this.nextCall = new Int32Array(0);
    this.arrived = new Float64Array(0);
    this.live = new Uint8Array(0);
    this.free = new Int32Array(0);
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
    this.service = resizeInt(this.service, cap);
    this.parent = resizeInt(this.parent, cap);
    this.feature = resizeInt(this.feature, cap);
    this.edge = resizeInt(this.edge, cap);
    this.nextCall = resizeInt(this.nextCall, cap);
    const arrived = new Float64Array(cap);
    arrived.set(this.arrived);
    this.arrived = arrived;
    const live = new Uint8Array(cap);
    live.set(this.live);
    this.live = live;
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeLen));
    // Hand out low ids first: pop order is from the end.
    for (let j = cap - 1; j >= old; j--) free[this.freeLen++] = j;
    this.free = free;
    this.capacity = cap;
  }
}

function resizeInt(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
