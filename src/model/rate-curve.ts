/**
 * A piecewise-linear arrival rate and its inverse cumulative rate: arrivals of a non-homogeneous
 * Poisson process are sampled as Λ⁻¹(Λ(now) + e), e ~ Exponential(1), so a storm changes when
 * arrivals come, not which random numbers they use. Built by `rateCurve` (profile.ts).
 */
/**
 * Piecewise-linear arrival rate of one feature over [0, endMs], sampled by inverting the cumulative rate.
 * Holds a cursor, so use one instance per feature per run. Built by `rateCurve`.
 */
export class RateCurve {
  /** Largest rate over [0, endMs] (for reports). */
  readonly peak: number;
  /** Segment i spans [t[i], t[i+1]); the last one ends at Infinity (the rate held after endMs). */
  private readonly t: Float64Array;
  /** Rate at the right of t[i] and at the left of t[i+1] (jumps allowed at breakpoints). */
  private readonly r0: Float64Array;
  private readonly r1: Float64Array;
  /** Slope of segment i (0 on the last, infinite segment). */
  private readonly k: Float64Array;
  /** Λ(t[i]): expected arrivals before segment i. */
  private readonly area: Float64Array;
  /** One segment: `next` uses the closed form now + e1 / flatRate. */
  private readonly flat: boolean;
  private readonly flatRate: number;
  /** Segment of the last `now` seen by `next`: time only moves forward, so searches are short. */
  private cursor = 0;

  /** Takes ownership of the arrays (t has one more entry than the rates, ending with Infinity). */
  constructor(t: Float64Array, r0: Float64Array, r1: Float64Array) {
    const n = r0.length;
    this.t = t;
    this.r0 = r0;
    this.r1 = r1;
    this.k = new Float64Array(n);
    this.area = new Float64Array(n);
    let peak = 0;
    for (let i = 0; i < n; i++) {
      const length = t[i + 1] - t[i];
      this.k[i] = length === Infinity ? 0 : (r1[i] - r0[i]) / length;
      if (i + 1 < n) this.area[i + 1] = this.area[i] + ((r0[i] + r1[i]) * length) / 2;
      peak = Math.max(peak, r0[i], r1[i]);
    }
    this.peak = peak;
    this.flat = n === 1;
    this.flatRate = r0[0];
  }

  /**
   * Next arrival time after `now` given e1, one Exponential(1) draw: t such that Λ(t) − Λ(now) = e1.
   * Infinity if the rate is 0 from `now` on. A constant curve returns exactly now + e1 / rate, so
   * variants with and without a storm consume the same draws. A negative `now` counts as 0 on a
   * varying curve. Calls may go back in time (the cursor walks back), though forward is cheapest.
   * Does not allocate.
   */
  next(now: number, e1: number): number {
    // Kept tiny so the engine inlines the common constant-rate case into the arrival path.
    if (this.flat) return this.flatRate > 0 ? now + e1 / this.flatRate : Infinity;
    return this.walk(now, e1);
  }

  private walk(now: number, e1: number): number {
    const from0 = now > 0 ? now : 0;
    let i = this.seek(from0);
    if (!(e1 > 0)) return from0;
    const t = this.t;
    const last = this.r0.length - 1;
    let from = from0;
    let rate = this.r0[i] + this.k[i] * (from - t[i]);
    let need = e1;
    while (i < last) {
      if (rate < 0) rate = 0; // rounding at a zero crossing; the true rate is never negative
      const area = ((rate + this.r1[i]) * (t[i + 1] - from)) / 2;
      if (need <= area) return this.solve(i, from, rate, need);
      need -= area;
      i++;
      from = t[i];
      rate = this.r0[i];
    }
    return rate > 0 ? from + need / rate : Infinity;
  }

  /** Rate (per ms) at time t; right-continuous at jumps; t < 0 reads as 0, t ≥ endMs as endMs. */
  rateAt(t: number): number {
    const x = t > 0 ? t : 0;
    const i = this.segmentOf(x);
    return this.r0[i] + this.k[i] * (x - this.t[i]);
  }

  /** Expected arrivals over [a, b] (Λ(b) − Λ(a)); times below 0 count as 0. */
  integral(a: number, b: number): number {
    return this.cumulative(b) - this.cumulative(a);
  }

  /** Λ(x): area under the curve over [0, x]. */
  private cumulative(t: number): number {
    const x = t > 0 ? t : 0;
    const i = this.segmentOf(x);
    const rx = this.r0[i] + this.k[i] * (x - this.t[i]);
    return this.area[i] + ((this.r0[i] + rx) * (x - this.t[i])) / 2;
  }

  /** Solves ∫ rate over [from, from + x] = d inside segment i (d ≤ the area left in it). */
  private solve(i: number, from: number, rate: number, d: number): number {
    const k = this.k[i];
    let x: number;
    if (k === 0) {
      x = d / rate;
    } else {
      // rate·x + k·x²/2 = d. The form 2d / (rate + √(rate² + 2kd)) has no cancellation when
      // k → 0 (the textbook (−rate + √…)/k loses all digits there).
      // A zero denominator only comes from rate = 0 with 2kd underflowing: then x = √(2d/k).
      const disc = rate * rate + 2 * k * d;
      const denominator = rate + Math.sqrt(disc > 0 ? disc : 0);
      x = denominator > 0 ? (2 * d) / denominator : Math.sqrt((2 * d) / k);
    }
    const at = from + x;
    const end = this.t[i + 1];
    return at < end ? at : end;
  }

  /** Moves the cursor to the segment holding t (t ≥ 0) and returns it. */
  private seek(x: number): number {
    const t = this.t;
    let i = this.cursor;
    while (t[i + 1] <= x) i++;
    while (t[i] > x) i--;
    this.cursor = i;
    return i;
  }

  /** Segment holding x ≥ 0, by binary search (leaves the cursor alone). */
  private segmentOf(x: number): number {
    let lo = 0;
    let hi = this.r0.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.t[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
