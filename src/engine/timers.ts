/**
 * Cancellable timers: a binary min-heap of ids by due time, with each id's position kept so a
 * timer can be cancelled in O(log n). For deadlines that are usually cancelled before they are
 * due (a client's patience, most often outlived by the answer): kept out of the event set, they
 * cost a heap the size of the timers *pending now*, instead of a far-future event per timer
 * that the event set carries until its time. The owner keeps one event in the event set for the
 * earliest timer. Ties in due time break by id, so the order is deterministic. Ids are small
 * non-negative integers (entity indexes); the arrays grow to the largest id seen.
 */
export class Timers {
  length = 0;
  private due = new Float64Array(0);
  private ids = new Int32Array(0);
  /** Position of each id in the heap, or -1 when it has no timer. */
  private pos = new Int32Array(0);

  /** Due time of the earliest timer (Infinity when none). */
  get next(): number {
    return this.length > 0 ? this.due[this.ids[0]] : Infinity;
  }

  /** The id of the earliest timer (call only when length > 0). */
  peek(): number {
    return this.ids[0];
  }

  has(id: number): boolean {
    return id < this.pos.length && this.pos[id] >= 0;
  }

  /** Sets id's timer for `due` (it must have none). */
  set(id: number, due: number): void {
    if (id >= this.pos.length) this.grow(id + 1);
    this.due[id] = due;
    this.ids[this.length] = id;
    this.pos[id] = this.length++;
    this.up(this.length - 1);
  }

  /** Cancels id's timer, if it has one. */
  cancel(id: number): void {
    if (!this.has(id)) return;
    const i = this.pos[id], last = this.ids[--this.length];
    this.pos[id] = -1;
    if (i === this.length) return;
    this.ids[i] = last;
    this.pos[last] = i;
    this.down(this.up(i));
  }

  /** Removes and returns the earliest timer's id (call only when length > 0). */
  pop(): number {
    const id = this.ids[0];
    this.cancel(id);
    return id;
  }

  private less(a: number, b: number): boolean {
    const da = this.due[a], db = this.due[b];
    return da < db || (da === db && a < b);
  }

  /** Moves the entry at `i` up while it is earlier than its parent; returns where it ends. */
  private up(i: number): number {
    const ids = this.ids, id = ids[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(id, ids[parent])) break;
      ids[i] = ids[parent];
      this.pos[ids[i]] = i;
      i = parent;
    }
    ids[i] = id;
    this.pos[id] = i;
    return i;
  }

  private down(i: number): void {
    const ids = this.ids, id = ids[i], n = this.length;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.less(ids[child + 1], ids[child])) child++;
      if (!this.less(ids[child], id)) break;
      ids[i] = ids[child];
      this.pos[ids[i]] = i;
      i = child;
    }
    ids[i] = id;
    this.pos[id] = i;
  }

  private grow(min: number): void {
    const cap = Math.max(min, this.pos.length * 2, 64);
    const due = new Float64Array(cap), ids = new Int32Array(cap), pos = new Int32Array(cap).fill(-1);
    due.set(this.due);
    ids.set(this.ids);
    pos.set(this.pos);
    this.due = due;
    this.ids = ids;
    this.pos = pos;
  }
}
