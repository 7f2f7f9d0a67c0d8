/** Linear sub-buckets per power of two: the widest bucket spans 1/128 of its octave. */
const SUB_BITS = 7, SUB = 1 << SUB_BITS;
/** Smallest and largest octaves kept: values up to 2^-10 share bucket 0; 2^40 and above share the last. */
const MIN_EXP = -10, MAX_EXP = 40;
const BUCKETS = (MAX_EXP - MIN_EXP) * SUB + 1;
const BIASED_MIN = MIN_EXP + 1023;

// Reading a double's exponent and top mantissa bits replaces a Math.log per value.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // the high word's index (endianness)

/** Values held back before they are binned (see `add`). */
const BATCH = 512;

/** Stamps of the last `quantileSince` read, unique across histograms: a mark knows whether it was the last one read. */
let stamps = 0;

/**
 * A streaming histogram on log-linear buckets (HdrHistogram-style): fixed memory whatever the
 * number of values, quantiles within 0.4% relative error (each octave is cut into 128 equal
 * buckets; a quantile reports its bucket's midpoint), exact count, mean, min and max.
 * Values up to 2^-10 (about a microsecond, in ms) share bucket 0.
 */
export class LogHistogram {
  private n = 0;
  private total = 0;
  private acc = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private readonly counts = new Float64Array(BUCKETS);
  private readonly pending = new Float64Array(BATCH);
  /** Smallest and largest value binned since the last `quantileSince`, and that read's stamp (-1: none since a reset). */
  private sinceLo = Infinity;
  private sinceHi = -Infinity;
  private stamp = 0;

  /**
   * Records one value (non-negative). Values are buffered and binned a batch at a time: a store
   * is all the caller's hot path pays, and the binning runs as a tight loop of its own, which
   * measured about twice as fast as binning one value between a simulation's events.
   */
  add(x: number): void {
    this.pending[this.n] = x;
    if (++this.n === BATCH) this.flush();
  }

  get count(): number { if (this.n > 0) this.flush(); return this.total; }
  get sum(): number { if (this.n > 0) this.flush(); return this.acc; }
  get min(): number { if (this.n > 0) this.flush(); return this.lo; }
  get max(): number { if (this.n > 0) this.flush(); return this.hi; }

  get mean(): number {
    const count = this.count;
    return count > 0 ? this.acc / count : 0;
  }

  /** The q-quantile (0 ≤ q ≤ 1), clamped to [min, max]; 0 when empty. */
  quantile(q: number): number {
    const count = this.count;
    if (count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(this.hi, Math.max(this.lo, midpoint(i)));
    }
    return this.hi;
  }

  /**
   * The q-quantile (0 ≤ q ≤ 1) of the values added since `mark` was last passed here (or made),
   * and moves `mark` up to now: a quantile per interval (a time-series bucket) from the one
   * histogram, at no cost to `add`. Same resolution as `quantile` (within 1/256 of the value above
   * 2^-10), clamped to the whole histogram's [min, max]; NaN when nothing was added. Costs one
   * pass over the buckets between the least and greatest value added since (when `mark` was the
   * last mark read here; else between min and max). A `reset` in between leaves the mark meaningless.
   */
  quantileSince(q: number, mark: HistogramMark): number {
    const count = this.count, n = count - mark.total;
    if (n === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * n)), counts = this.counts, before = mark.counts;
    // Outside the buckets of the values added since the mark was last read here, both counts are
    // equal (the mark is an earlier copy), and outside those of min and max both are 0.
    const same = mark.stamp === this.stamp;
    const last = bucketOf(same ? this.sinceHi : this.hi);
    let seen = 0, at = -1;
    for (let i = bucketOf(same ? this.sinceLo : this.lo); i <= last; i++) {
      const c = counts[i];
      seen += c - before[i];
      before[i] = c;
      if (at < 0 && seen >= rank) at = i;
    }
    mark.total = count;
    mark.stamp = this.stamp = ++stamps;
    this.sinceLo = Infinity;
    this.sinceHi = -Infinity;
    return Math.min(this.hi, Math.max(this.lo, midpoint(at)));
  }

  /** Share of recorded values greater than `x` (to bucket resolution). */
  fractionAbove(x: number): number {
    const count = this.count;
    if (count === 0) return 0;
    let above = 0;
    for (let i = bucketOf(x) + 1; i < BUCKETS; i++) above += this.counts[i];
    return above / count;
  }

  reset(): void {
    this.counts.fill(0);
    this.n = 0;
    this.total = 0;
    this.acc = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
    this.sinceLo = Infinity;
    this.sinceHi = -Infinity;
    this.stamp = -1;
  }

  /** Bins the buffered values, in the order they were added (so the sum is the same as one by one). */
  private flush(): void {
    const pending = this.pending, counts = this.counts, n = this.n;
    let acc = this.acc, lo = Infinity, hi = -Infinity;
    for (let k = 0; k < n; k++) {
      const x = pending[k];
      acc += x;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      counts[bucketOf(x)]++;
    }
    this.acc = acc;
    if (lo < this.lo) this.lo = lo;
    if (hi > this.hi) this.hi = hi;
    if (lo < this.sinceLo) this.sinceLo = lo;
    if (hi > this.sinceHi) this.sinceHi = hi;
    this.total += n;
    this.n = 0;
  }
}

/** Where a histogram stood (its bucket counts and total) when last read by `LogHistogram.quantileSince`. */
export class HistogramMark {
  total = 0;
  /** The stamp of its last read (0: never read). */
  stamp = 0;
  readonly counts = new Float64Array(BUCKETS);
}

function bucketOf(x: number): number {
  f64[0] = x;
  const hi = u32[HI];
  const e = (hi >>> 20) - BIASED_MIN; // sign bit is 0 for the non-negative values recorded
  if (e < 0 || x !== x) return 0;
  const i = e * SUB + ((hi >>> (20 - SUB_BITS)) & (SUB - 1)) + 1;
  return i < BUCKETS ? i : BUCKETS - 1;
}

function midpoint(i: number): number {
  if (i === 0) return 0;
  const e = Math.floor((i - 1) / SUB) + MIN_EXP, m = (i - 1) % SUB;
  return Math.pow(2, e) * (1 + (m + 0.5) / SUB);
}
