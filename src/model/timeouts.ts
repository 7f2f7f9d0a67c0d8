/**
 * Pending attempt timeouts, one FIFO per call edge. An edge's timeout is a constant, so its
 * deadlines come due in the order they were set: the model keeps one heap event per edge (for
 * its oldest entry) instead of one per attempt. Answered attempts are not removed; their
 * entries are skipped when they reach the front (lazy cancellation: the call's `due` no longer
 * matches the entry's).
 */
export class TimeoutQueues {
  private calls: Int32Array[];
  private dues: Float64Array[];
  private readonly heads: Int32Array;
  private readonly lengths: Int32Array;

  constructor(edges: number) {
    this.calls = Array.from({ length: edges }, () => new Int32Array(16));
    this.dues = Array.from({ length: edges }, () => new Float64Array(16));
    this.heads = new Int32Array(edges);
    this.lengths = new Int32Array(edges);
  }

  /** Adds call `c` due at `due`; returns true when the queue was empty (schedule an event for it). */
  push(e: number, c: number, due: number): boolean {
    const n = this.lengths[e];
    if (n === this.calls[e].length) this.grow(e);
    const mask = this.calls[e].length - 1;
    const slot = (this.heads[e] + n) & mask;
    this.calls[e][slot] = c;
    this.dues[e][slot] = due;
    this.lengths[e] = n + 1;
    return n === 0;
  }

  /** Due time of the oldest entry; Infinity when empty. */
  frontDue(e: number): number {
    return this.lengths[e] === 0 ? Infinity : this.dues[e][this.heads[e]];
  }

  /** The oldest entry's call (check frontDue first). */
  front(e: number): number {
    return this.calls[e][this.heads[e]];
  }

  /** Removes the oldest entry and returns its call (check frontDue first). */
  shift(e: number): number {
    const c = this.calls[e][this.heads[e]];
    this.heads[e] = (this.heads[e] + 1) & (this.calls[e].length - 1);
    this.lengths[e]--;
    return c;
  }

  private grow(e: number): void {
    const calls = this.calls[e], dues = this.dues[e], n = calls.length, head = this.heads[e];
    const c2 = new Int32Array(n * 2), d2 = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      c2[i] = calls[(head + i) & (n - 1)];
      d2[i] = dues[(head + i) & (n - 1)];
    }
    this.calls[e] = c2;
    this.dues[e] = d2;
    this.heads[e] = 0;
  }
}
