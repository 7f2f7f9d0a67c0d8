/**
 * A streaming histogram on logarithmic buckets: fixed memory whatever the number of values,
 * quantiles within 0.5% relative error (each bucket spans a factor of 1.01 and reports its
 * geometric midpoint), exact count, mean, min and max. Values at or below `floor` share bucket 0.
 */
export class LogHistogram {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private readonly counts: Float64Array;
  private readonly floor: number;
  private readonly invLogGrowth: number;
  private readonly growth: number;

  /** Covers (floor, floor·1.01^buckets]; larger values land in the last bucket (max stays exact). */
  constructor(floor = 1e-3, buckets = 3300, growth = 1.01) {
    this.counts = new Float64Array(buckets);
    this.floor = floor;
    this.growth = growth;
    this.invLogGrowth = 1 / Math.log(growth);
  }

  /** Records one value (non-negative). */
  add(x: number): void {
    this.count++;
    this.sum += x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    let i = 0;
    if (x > this.floor) {
      i = Math.ceil(Math.log(x / this.floor) * this.invLogGrowth);
      if (i >= this.counts.length) i = this.counts.length - 1;
    }
    this.counts[i]++;
  }

  get mean(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }

  /** The q-quantile (0 ≤ q ≤ 1), clamped to [min, max]; 0 when empty. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, this.midpoint(i)));
    }
    return this.max;
  }

  /** Share of recorded values greater than `x` (to bucket resolution). */
  fractionAbove(x: number): number {
    if (this.count === 0) return 0;
    const b = x > this.floor ? Math.ceil(Math.log(x / this.floor) * this.invLogGrowth) : 0;
    let above = 0;
    for (let i = b + 1; i < this.counts.length; i++) above += this.counts[i];
    return above / this.count;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  private midpoint(i: number): number {
    if (i === 0) return 0;
    const hi = this.floor * Math.pow(this.growth, i);
    return hi / Math.sqrt(this.growth);
  }
}
