import { EventHeap, kindOf } from './heap.js';

/**
 * A calendar queue of events (Brown 1988) on parallel typed arrays, ordered by (time, insertion
 * sequence) exactly as EventHeap orders them, with the same interface. Time is cut into days of
 * `width`; day d's events go to bucket d mod nb, a list sorted by (time, sequence). The earliest
 * event is the head of the first bucket, from the current day on, whose head falls in the day
 * scanned: with a width of about three gaps between events, a push walks about one list node
 * and a pop scans about one bucket, whatever the number of events — O(1) amortised where a heap
 * pays log n moves, each a likely branch miss.
 *
 * Below SPILL (64) events a heap is cheaper, so the queue starts as an EventHeap and moves its
 * events into the calendar when they outnumber SPILL, and back below UNSPILL: the order is the
 * same either way, keys travel with their events.
 *
 * Measured (`node bench/event-set.js`: hold model, exponential increments, ns per pop + push,
 * 2-core EPYC, node 20): 2 pending, heap 19 / this 21 (in its heap); 50: 62 / 64 (heap; 48 as a
 * calendar); 300: 87 / 48; 3000: 125 / 54; 100,000: 197 / 100. In runs (`node bench/ab.js`, CPU)
 * the hold model flatters the calendar at a few dozen events: with SPILL at 24,
 * previews-vs-sync and three-tier (20-60 pending) ran 8-11% slower than at 64, hence 64.
 * webhook-outage (thousands of redeliveries pending) runs 11-17% faster than with the heap; the
 * rest are unchanged within noise.
 *
 * Days are integers computed once per event (`floor(time / width)`, monotone in time, so
 * ordering by day agrees with ordering by time and equal times share a bucket). The bucket count
 * doubles and halves with the population, and the width is re-estimated from the earliest
 * events when it does, or when pushes and pops start walking far (the spacing changed).
 */
export class CalendarQueue {
  length = 0;
  /** Calendars built so far (from the heap, resizes, retunes): for tests and benchmarks. */
  rebuilds = 0;
  /** The events while there are few (true), or the calendar's (false). */
  private small = true;
  /** Set when no width suited the spacing: the heap keeps every event from then on. */
  private heapOnly = false;
  private misfits = 0;
  private readonly heap = new EventHeap(SPILL + 1);
  // Nodes: one per pending event, recycled through a free list threaded on `next`.
  private times: Float64Array;
  private keys: Float64Array;
  private days: Float64Array;
  private args: Int32Array;
  private next: Int32Array;
  private free = -1;
  private used = 0;
  // Buckets: the head and tail node of each sorted list (-1 when empty).
  private heads = new Int32Array(0);
  private tails = new Int32Array(0);
  private nb = 0;
  private width = 1;
  private inv = 1;
  /** Day of the earliest event, when known; no pending event is earlier than this day. */
  private day = 0;
  /** The earliest node and its bucket, or -1 until a search finds it again. */
  private min = -1;
  private minBucket = 0;
  private seq = 0;
  /**
   * Walking cost since the last check, and operations; see `tune`. Whole-year scans (`direct`)
   * count apart, and a rebuild does not forget them: its own pops scan under the old width.
   */
  private walked = 0;
  private scans = 0;
  private ops = 0;
  private checkAt = CHECK;
  private order = new Int32Array(0);

  constructor(capacity = 1024) {
    capacity = Math.max(1, capacity);
    this.times = new Float64Array(capacity);
    this.keys = new Float64Array(capacity);
    this.days = new Float64Array(capacity);
    this.args = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.setBuckets(MIN_BUCKETS, 1);
  }

  /**
   * Inserts an event.
   * @throws RangeError when `kind` is not an integer in [0, 255] (it shares a key with the sequence).
   */
  push(time: number, kind: number, arg: number): void {
    if ((kind & 255) !== kind) badKind(kind);
    const key = this.seq++ * 256 + kind;
    if (this.small) {
      this.heap.insert(time, key, arg);
      if (++this.length > SPILL && !this.heapOnly) this.spill();
    } else {
      this.add(time, key, arg);
    }
  }

  /** Inserts an event into the calendar, keeping the earliest known, and grows it when crowded. */
  private add(time: number, key: number, arg: number): void {
    let n = this.free;
    if (n >= 0) this.free = this.next[n];
    else { if (this.used === this.times.length) this.grow(); n = this.used++; }
    this.times[n] = time;
    this.keys[n] = key;
    this.args[n] = arg;
    const day = this.dayOf(time);
    this.days[n] = day;
    const b = this.link(n, time, day);
    if (this.min >= 0) {
      if (time < this.times[this.min]) { this.min = n; this.minBucket = b; this.day = day; }
    } else if (day < this.day) {
      this.day = day;
    }
    if (++this.length > 2 * this.nb) this.rebuild(this.nb * 2);
  }

  /** True while the events are in the calendar, false while in the heap (for tests and benchmarks). */
  get inCalendar(): boolean {
    return !this.small;
  }

  // The calendar is never empty: below UNSPILL events they are in the heap.

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.small ? this.heap.peekTime() : this.times[this.first()];
  }

  /** Kind of the earliest event (valid only when not empty). */
  peekKind(): number {
    return this.small ? this.heap.peekKind() : kindOf(this.keys[this.first()]);
  }

  /** Arg of the earliest event (valid only when not empty). */
  peekArg(): number {
    return this.small ? this.heap.peekArg() : this.args[this.first()];
  }

  /**
   * Removes the earliest event; read it first with peekTime/peekKind/peekArg.
   * @throws RangeError when the queue is empty.
   */
  pop(): void {
    // Kept small, the calendar's work out of line, so the heap's path inlines into the kernel.
    if (this.small) {
      if (this.length === 0) empty();
      this.heap.pop();
      this.length--;
    } else {
      this.popCalendar();
    }
  }

  /** The calendar's earliest node (it must not be empty). */
  private first(): number {
    if (this.min < 0) this.search();
    return this.min;
  }

  private popCalendar(): void {
    const n = this.take();
    this.next[n] = this.free;
    this.free = n;
    if (--this.length < UNSPILL) this.toHeap(this.order, 0, false);
    else if (this.length < this.nb >> 1 && this.nb > MIN_BUCKETS) this.rebuild(this.nb >> 1);
    else if (++this.ops >= this.checkAt) this.tune();
  }

  /** Unlinks the calendar's earliest node (it must not be empty) and returns it. */
  private take(): number {
    const n = this.first(), b = this.minBucket, after = this.next[n];
    this.heads[b] = after;
    if (after < 0) this.tails[b] = -1;
    this.min = -1;
    return n;
  }

  clear(): void {
    this.length = 0;
    this.seq = 0;
    this.heap.clear();
    this.small = true;
    this.heapOnly = false;
    this.misfits = 0;
    this.free = -1;
    this.used = 0;
    this.min = -1;
  }

  /** The heap's events move into the calendar, in order, each keeping its key. */
  private spill(): void {
    const heap = this.heap, count = heap.length, order = this.orderFor(count);
    for (let i = 0; i < count; i++) {
      if (this.used === this.times.length) this.grow();
      const n = this.used++;
      this.times[n] = heap.peekTime();
      this.keys[n] = heap.peekKey();
      this.args[n] = heap.peekArg();
      heap.pop();
      order[i] = n;
    }
    this.small = false;
    // As many buckets as growth would have reached, so the next push does not rebuild at once.
    let nb = MIN_BUCKETS;
    while (2 * nb < count) nb *= 2;
    this.fill(order, count, nb);
  }

  /** The day of `time`, clamped so that day + 1 stays exact (far-future and infinite times share the last day, far-past ones the first). */
  private dayOf(time: number): number {
    const day = Math.floor(time * this.inv);
    return day < MAX_DAY ? (day > -MAX_DAY ? day : -MAX_DAY) : MAX_DAY;
  }

  /**
   * Bucket of `day`: day mod nb. `&` takes its operand modulo 2^32 (ToInt32), which nb divides,
   * so this is exact for every integer day, however large, without a float modulo.
   */
  private bucketOf(day: number): number {
    return day & (this.nb - 1);
  }

  /** Links node `n` into its day's bucket, after every node of equal or earlier time; returns the bucket. */
  private link(n: number, time: number, day: number): number {
    const b = this.bucketOf(day), times = this.times, next = this.next, tail = this.tails[b];
    if (tail < 0) {
      this.heads[b] = n;
      this.tails[b] = n;
      next[n] = -1;
    } else if (time >= times[tail]) {
      next[tail] = n;
      this.tails[b] = n;
      next[n] = -1;
    } else {
      let p = this.heads[b];
      if (time < times[p]) {
        next[n] = p;
        this.heads[b] = n;
      } else {
        // The tail is later than `time`, so the walk stops before running off the list.
        let q = next[p], steps = 1;
        while (times[q] <= time) { p = q; q = next[q]; steps++; }
        next[n] = q;
        next[p] = n;
        this.walked += steps;
      }
    }
    return b;
  }

  /** Finds the earliest event: the first bucket, from the current day on, whose head is due that day. */
  private search(): void {
    const heads = this.heads, days = this.days, mask = this.nb - 1;
    let day = this.day, b = this.bucketOf(day);
    for (let i = 0; i < this.nb; i++) {
      const h = heads[b];
      if (h >= 0 && days[h] <= day) {
        this.min = h;
        this.minBucket = b;
        this.day = day;
        this.walked += i;
        return;
      }
      day++;
      b = (b + 1) & mask;
    }
    this.scans += this.nb;
    this.direct();
  }

  /** A whole year of buckets had nothing due: take the earliest head directly. */
  private direct(): void {
    const heads = this.heads, times = this.times, keys = this.keys;
    let best = -1, bucket = 0;
    for (let b = 0; b < this.nb; b++) {
      const h = heads[b];
      if (h < 0) continue;
      if (best < 0 || times[h] < times[best] || (times[h] === times[best] && keys[h] < keys[best])) { best = h; bucket = b; }
    }
    this.min = best;
    this.minBucket = bucket;
    this.day = this.days[best];
  }

  /**
   * Every CHECK pops: when pushes and pops walked more than RETUNE_COST steps each, the spacing
   * of events has changed since the width was set, so re-estimate it. Retunes in a row double
   * the interval to the next check; after MAX_MISFITS in a row that left the cost above
   * MISFIT_COST the events go back to the heap.
   */
  private tune(): void {
    const cost = (this.walked + this.scans) / this.ops;
    this.walked = 0;
    this.scans = 0;
    this.ops = 0;
    if (cost <= RETUNE_COST || this.length < 2) { this.checkAt = CHECK; this.misfits = 0; return; }
    this.misfits = cost > MISFIT_COST ? this.misfits + 1 : 0;
    if (this.misfits > MAX_MISFITS) {
      // Retunes in a row left pops scanning (a heavy tail: the earliest events, sampled for the
      // width, are far denser than the rest): the heap for the rest of the run, O(log n) for sure.
      this.toHeap(this.order, 0, true);
      return;
    }
    this.rebuild(this.nb);
    this.checkAt = Math.min(this.checkAt * 2, CHECK << 10);
  }

  /**
   * Re-buckets every event into `nb` buckets with a width estimated from the earliest events:
   * takes them out in order (the old calendar's own pops), then refills.
   */
  private rebuild(nb: number): void {
    const count = this.length, order = this.orderFor(count), budget = this.scans + 128 * (count + this.nb);
    for (let i = 0; i < count; i++) {
      order[i] = this.take();
      // The old width has pops scanning whole years (a heavy tail): no width will do, the heap will.
      if (this.scans > budget) { this.toHeap(order, i + 1, true); return; }
    }
    this.fill(order, count, nb);
  }

  /**
   * Every event into the heap (keys kept, so the order is the same): `order`'s first `taken`
   * (taken out already), then the calendar's, bucket by bucket (no scanning for the earliest).
   * `forGood`: it stays the heap for the rest of the run.
   */
  private toHeap(order: Int32Array, taken: number, forGood: boolean): void {
    const heap = this.heap, times = this.times, keys = this.keys, args = this.args, next = this.next;
    for (let i = 0; i < taken; i++) heap.insert(times[order[i]], keys[order[i]], args[order[i]]);
    for (let b = 0; b < this.nb; b++) {
      for (let n = this.heads[b]; n >= 0; n = next[n]) heap.insert(times[n], keys[n], args[n]);
    }
    this.heapOnly = forGood;
    this.small = true;
    this.free = -1;
    this.used = 0;
    this.min = -1;
  }

  /**
   * Sets up `nb` empty buckets with a width for the `count` nodes of `order` (earliest first) and
   * appends each to its bucket, which keeps every list sorted with no comparisons.
   */
  private fill(order: Int32Array, count: number, nb: number): void {
    this.rebuilds++;
    this.setBuckets(nb, this.estimateWidth(order, count));
    for (let i = 0; i < count; i++) {
      const n = order[i], day = this.dayOf(this.times[n]), b = this.bucketOf(day), tail = this.tails[b];
      this.days[n] = day;
      this.next[n] = -1;
      if (tail < 0) this.heads[b] = n;
      else this.next[tail] = n;
      this.tails[b] = n;
    }
    this.min = -1;
    this.day = count > 0 ? this.days[order[0]] : 0;
    this.walked = 0;
    this.ops = 0;
  }

  private orderFor(count: number): Int32Array {
    if (this.order.length < count) this.order = new Int32Array(Math.max(count, this.order.length * 2));
    return this.order;
  }

  /**
   * Three times the mean gap between the earliest events (up to SAMPLE of them), leaving out
   * gaps over twice the first mean, as Brown does: big enough that a bucket usually holds the
   * next event, small enough that it rarely holds many. Keeps the old width without a usable gap.
   */
  private estimateWidth(order: Int32Array, count: number): number {
    const times = this.times;
    let k = Math.min(count, SAMPLE);
    while (k > 1 && times[order[k - 1]] === Infinity) k--;
    if (k < 2) return this.width;
    const first = times[order[0]], last = times[order[k - 1]];
    const mean = (last - first) / (k - 1);
    if (!(mean > 0) || mean === Infinity) return this.width;
    let sum = 0, gaps = 0;
    for (let i = 1; i < k; i++) {
      const gap = times[order[i]] - times[order[i - 1]];
      if (gap <= 2 * mean) { sum += gap; gaps++; }
    }
    const width = gaps > 0 && sum > 0 ? (3 * sum) / gaps : 3 * mean;
    return Number.isFinite(width) ? width : this.width;
  }

  private setBuckets(nb: number, width: number): void {
    if (this.heads.length !== nb) {
      this.heads = new Int32Array(nb);
      this.tails = new Int32Array(nb);
    }
    this.heads.fill(-1);
    this.tails.fill(-1);
    this.nb = nb;
    this.width = width;
    this.inv = 1 / width;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    this.times = grown(this.times, new Float64Array(cap));
    this.keys = grown(this.keys, new Float64Array(cap));
    this.days = grown(this.days, new Float64Array(cap));
    this.args = grown(this.args, new Int32Array(cap));
    this.next = grown(this.next, new Int32Array(cap));
  }
}

/** Events above which the heap's move into the calendar, and below which they move back. */
const SPILL = 64, UNSPILL = 16;
/** The fewest buckets kept: below this, a year's scan is already short. */
const MIN_BUCKETS = 16;
/** Days beyond this are one day: day + 1 must stay an exact integer. */
const MAX_DAY = 2 ** 50;
/** Earliest events sampled for the width. */
const SAMPLE = 32;
/** Pops between checks of the walking cost, and the cost per operation that triggers a retune. */
const CHECK = 4096;
const RETUNE_COST = 2;
/**
 * A cost per operation no width should leave (sequential bucket steps are cheap: a few are
 * fine), and how many retunes in a row may leave it before the heap takes over for good.
 */
const MISFIT_COST = 16, MAX_MISFITS = 3;

function grown<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

// Out of line, so push and pop stay small enough to inline.
function badKind(kind: number): never {
  throw new RangeError(`CalendarQueue: kind must be an integer in [0, 255], got ${kind}`);
}

function empty(): never {
  throw new RangeError('CalendarQueue: pop on an empty queue');
}
