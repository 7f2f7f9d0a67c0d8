/**
 * A growable FIFO of int32 values on a typed array (power-of-two ring). Used for queues of
 * entity indices; it can also pop from the back, so one structure serves FIFO and LIFO.
 */
export class IntRing {
  length = 0;
  private data: Int32Array;
  private head = 0;
  private mask: number;

  constructor(capacity = 16) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.data = new Int32Array(cap);
    this.mask = cap - 1;
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[(this.head + this.length++) & this.mask] = value;
  }

  /** Removes and returns the oldest value; -1 when empty. */
  shift(): number {
    if (this.length === 0) return -1;
    const v = this.data[this.head];
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return v;
  }

  /** Removes and returns the newest value; -1 when empty. */
  pop(): number {
    if (this.length === 0) return -1;
    return this.data[(this.head + --this.length) & this.mask];
  }

  /** The oldest value without removing it; -1 when empty. */
  peek(): number {
    return this.length === 0 ? -1 : this.data[this.head];
  }

  /** The i-th oldest value (0 ≤ i < length). */
  at(i: number): number {
    return this.data[(this.head + i) & this.mask];
  }

  clear(): void {
    this.length = 0;
    this.head = 0;
  }

  private grow(): void {
    const old = this.data, n = old.length;
    const data = new Int32Array(n * 2);
    for (let i = 0; i < n; i++) data[i] = old[(this.head + i) & this.mask];
    this.data = data;
    this.head = 0;
    this.mask = data.length - 1;
  }
}
