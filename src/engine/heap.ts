/**
 * A 4-ary min-heap of events on parallel typed arrays, ordered by (time, insertion sequence),
 * after mourner/flatqueue (four children per node halves the depth: fewer moves per pop, which
 * is what a simulation does most). Each event is (time, kind, arg): `kind` is a small integer the caller
 * dispatches on, `arg` an integer payload (usually an entity index). Nothing is allocated per event;
 * the arrays double when full.
 *
 * Sequence and kind share one float64 key (seq * 256 + kind), so ties in time break by insertion
 * order with a single comparison and one fewer array to move. Exact up to 2^45 insertions.
 */
export class EventHeap {
  length = 0;
  private times: Float64Array;
  private keys: Float64Array;
  private args: Int32Array;
  private seq = 0;

  constructor(capacity = 1024) {
    capacity = Math.max(1, capacity); // doubling from 0 would stay 0
    this.times = new Float64Array(capacity);
    this.keys = new Float64Array(capacity);
    this.args = new Int32Array(capacity);
  }

  /**
   * Inserts an event.
   * @throws RangeError when `kind` is not an integer in [0, 255] (it shares a key with the sequence).
   */
  push(time: number, kind: number, arg: number): void {
    if ((kind & 255) !== kind) badKind(kind);
    this.insert(time, this.seq++ * 256 + kind, arg);
  }

  /**
   * Inserts an event with its key (sequence * 256 + kind) already made: for an owner that keeps
   * the sequence itself and moves events between structures without changing their order.
   */
  insert(time: number, key: number, arg: number): void {
    if (this.length === this.times.length) this.grow();
    const times = this.times, keys = this.keys, args = this.args;
    let pos = this.length++;
    while (pos > 0) {
      const parent = (pos - 1) >> 2;
      const pt = times[parent];
      if (time > pt || (time === pt && key > keys[parent])) break;
      times[pos] = pt;
      keys[pos] = keys[parent];
      args[pos] = args[parent];
      pos = parent;
    }
    times[pos] = time;
    keys[pos] = key;
    args[pos] = arg;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.length > 0 ? this.times[0] : Infinity;
  }

  /** Kind of the earliest event (valid only when not empty). */
  peekKind(): number {
    return kindOf(this.keys[0]);
  }

  /** Key (sequence * 256 + kind) of the earliest event (valid only when not empty). */
  peekKey(): number {
    return this.keys[0];
  }

  /** Arg of the earliest event (valid only when not empty). */
  peekArg(): number {
    return this.args[0];
  }

  /**
   * Removes the earliest event; read it first with peekTime/peekKind/peekArg.
   * @throws RangeError when the heap is empty.
   */
  pop(): void {
    if (this.length === 0) empty();
    const n = --this.length;
    if (n === 0) return;
    const times = this.times, keys = this.keys, args = this.args;
    const time = times[n], key = keys[n], arg = args[n];
    let pos = 0;
    for (;;) {
      const first = (pos << 2) + 1;
      if (first >= n) break;
      // The earliest of up to four children (keys are read only on a tie in time: rare).
      let child = first, ct = times[first];
      const last = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < last; c++) {
        const t = times[c];
        if (t < ct || (t === ct && keys[c] < keys[child])) { child = c; ct = t; }
      }
      if (ct > time || (ct === time && keys[child] > key)) break;
      times[pos] = ct;
      keys[pos] = keys[child];
      args[pos] = args[child];
      pos = child;
    }
    times[pos] = time;
    keys[pos] = key;
    args[pos] = arg;
  }

  clear(): void {
    this.length = 0;
    this.seq = 0;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap), keys = new Float64Array(cap), args = new Int32Array(cap);
    times.set(this.times);
    keys.set(this.keys);
    args.set(this.args);
    this.times = times;
    this.keys = keys;
    this.args = args;
  }
}

/** The kind in a key (sequence * 256 + kind). Not `% 256`: a float modulo is a library call in V8; floor arithmetic stays inline. */
export function kindOf(key: number): number {
  return key - Math.floor(key * (1 / 256)) * 256;
}

// Out of line, so push and pop stay small enough to inline.
function badKind(kind: number): never {
  throw new RangeError(`EventHeap: kind must be an integer in [0, 255], got ${kind}`);
}

function empty(): never {
  throw new RangeError('EventHeap: pop on an empty heap');
}
