/**
 * Time-varying arrival rates ("load storms"): the product of a feature's load entries as one
 * piecewise-linear rate curve, sampled by inverting its cumulative rate Λ(t) = ∫₀ᵗ rate.
 *
 * Each entry becomes a polyline (linear between knots, a repeated knot time is a jump). The
 * curve's breakpoints are the union of every entry's knots inside (0, endMs); between two
 * breakpoints each entry is linear, so the product is exact where at most one entry varies
 * and is approximated by PRODUCT_PIECES linear pieces where two or more vary (the product of
 * linear functions is a polynomial). A daily cosine is approximated by DAILY_PIECES_PER_PERIOD
 * chords per period. After endMs the rate holds its value at endMs.
 */
import type { LoadSpec } from '../scenario/types.js';

/** Chords per period of a daily cosine: the chord integral is within ~4e-5 of the cosine's. */
const DAILY_PIECES_PER_PERIOD = 288;
/**
 * Cap on a daily curve's chords, so a tiny period over a long run cannot exhaust memory: past
 * 455 periods in one run, each period gets fewer than 288 chords (coarser, still continuous).
 */
const MAX_DAILY_PIECES = 1 << 17;
/** Linear pieces approximating a product where two or more entries vary in the same segment. */
const PRODUCT_PIECES = 32;

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

/**
 * The arrival rate of one feature: `baseRatePerMs` times the product of `loads` (those that apply
 * to this feature; the caller filters), over [0, endMs]. Replay entries give the rate itself
 * (before their startMs, the base rate); a spike, step or ramp is a multiplier of 1 outside its
 * window (a ramp jumps from 1 to `from` at its start). With no loads the curve is constant.
 *
 * Preconditions, which a parsed scenario meets (src/scenario validates them, with located
 * problems; nothing is checked again here): the base rate, endMs, every factor, multiplier,
 * time and duration finite and ≥ 0 (a step's duration may be Infinity; a daily period > 0);
 * every replay with at least one point, its times and rates finite and ≥ 0, times increasing;
 * and a base rate > 0 when two or more replays apply (their product is r₁·(r₂/base)). Inputs
 * outside them give a meaningless curve (NaN or infinite rates) or a TypeError, not a RangeError.
 */
export function rateCurve(baseRatePerMs: number, loads: LoadSpec[], endMs: number): RateCurve {
  const { scale, lines } = polylines(baseRatePerMs, loads, endMs);
  const out = new Segments();
  const cuts = breakpoints(lines, endMs);
  const before = new Float64Array(lines.length);
  const after = new Float64Array(lines.length);
  for (let c = 0; c + 1 < cuts.length; c++) {
    const a = cuts[c];
    const b = cuts[c + 1];
    let varying = 0;
    for (let j = 0; j < lines.length; j++) {
      after[j] = valueAfter(lines[j], a);
      before[j] = valueBefore(lines[j], b);
      if (after[j] !== before[j]) varying++;
    }
    const pieces = varying >= 2 ? PRODUCT_PIECES : 1;
    for (let p = 0; p < pieces; p++) {
      const f0 = p / pieces;
      const f1 = (p + 1) / pieces;
      const x0 = p === 0 ? a : a + (b - a) * f0;
      const x1 = p + 1 === pieces ? b : a + (b - a) * f1;
      out.push(x0, x1, scale * product(after, before, f0), scale * product(after, before, f1));
    }
  }
  let tail = scale;
  for (const line of lines) tail *= valueAfter(line, endMs);
  out.push(endMs, Infinity, tail, tail);
  return out.curve();
}

// ---------------------------------------------------------------------------------------------
// Construction (runs once per feature; allocation is fine here)
// ---------------------------------------------------------------------------------------------

/** Linear between knots; a repeated time is a jump; held before the first knot and after the last. */
interface Polyline {
  t: number[];
  v: number[];
}

/** Output segments, merging neighbours of equal constant rate so a quiet stretch stays one piece. */
class Segments {
  private readonly t: number[] = [];
  private readonly r0: number[] = [];
  private readonly r1: number[] = [];

  push(a: number, b: number, r0: number, r1: number): void {
    const n = this.r0.length;
    const flat = r0 === r1 && n > 0 && this.r0[n - 1] === r0 && this.r1[n - 1] === r0;
    if (flat) {
      this.t[n] = b;
      return;
    }
    if (n === 0) this.t.push(a);
    this.t.push(b);
    this.r0.push(r0);
    this.r1.push(r1);
  }

  curve(): RateCurve {
    return new RateCurve(Float64Array.from(this.t), Float64Array.from(this.r0), Float64Array.from(this.r1));
  }
}

/** Π over entries of each one's value at fraction f of the segment (entries are linear in it). */
function product(after: Float64Array, before: Float64Array, f: number): number {
  let value = 1;
  for (let j = 0; j < after.length; j++) {
    value *= f === 0 ? after[j] : f === 1 ? before[j] : after[j] + (before[j] - after[j]) * f;
  }
  return value;
}

/**
 * One polyline per entry and the scale they multiply. Without replays the scale is the base
 * rate. The first replay carries the rate itself (the base rate before it starts) and the scale
 * is 1, which avoids base·(r/base) and so works for a base rate of 0; later replays are
 * multipliers r/base, 1 before they start.
 */
function polylines(base: number, loads: LoadSpec[], endMs: number): { scale: number; lines: Polyline[] } {
  let scale = base;
  let replays = 0;
  const lines: Polyline[] = [];
  for (const load of loads) {
    if (load.kind !== 'replay') {
      lines.push(multiplierLine(load, endMs));
    } else if (replays++ === 0) {
      scale = 1;
      lines.push(replayLine(load, base, 1));
    } else {
      lines.push(replayLine(load, 1, 1 / base));
    }
  }
  return { scale, lines };
}

function multiplierLine(load: Exclude<LoadSpec, { kind: 'replay' }>, endMs: number): Polyline {
  switch (load.kind) {
    case 'spike': return spikeLine(load);
    case 'step': {
      const s = load.startMs;
      const e = s + load.durationMs;
      return e === Infinity ? { t: [s, s], v: [1, load.factor] } : { t: [s, s, e, e], v: [1, load.factor, load.factor, 1] };
    }
    case 'ramp': {
      const s = load.startMs;
      return { t: [s, s, s + load.durationMs], v: [1, load.from, load.to] };
    }
    case 'daily': return dailyLine(load, endMs);
  }
}

function spikeLine(load: Extract<LoadSpec, { kind: 'spike' }>): Polyline {
  const { startMs: s, durationMs, factor, rampUpMs: up, rampDownMs: down } = load;
  const e = s + durationMs;
  if (up + down <= durationMs) return { t: [s, s + up, e - down, e], v: [1, factor, factor, 1] };
  // The ramps are longer than the spike: they meet before reaching the factor (a triangle).
  const peakAt = (s * down + e * up) / (up + down);
  const reached = up > 0 ? (peakAt - s) / up : (e - peakAt) / down;
  return { t: [s, peakAt, e], v: [1, 1 + (factor - 1) * reached, 1] };
}

/** Chords of the cosine over [0, endMs], DAILY_PIECES_PER_PERIOD per period (capped). */
function dailyLine(load: Extract<LoadSpec, { kind: 'daily' }>, endMs: number): Polyline {
  const { min, max, peakAtMs, periodMs } = load;
  const wanted = Math.ceil((DAILY_PIECES_PER_PERIOD * endMs) / periodMs);
  const n = Math.min(MAX_DAILY_PIECES, Math.max(1, wanted));
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i <= n; i++) {
    const x = (endMs * i) / n;
    t.push(x);
    v.push(min + ((max - min) * (1 + Math.cos((2 * Math.PI * (x - peakAtMs)) / periodMs))) / 2);
  }
  return { t, v };
}

/** The replay's rate times `scale`, `before` until startMs; the first point's rate holds from startMs. */
function replayLine(load: Extract<LoadSpec, { kind: 'replay' }>, before: number, scale: number): Polyline {
  const s = load.startMs;
  const points = load.points;
  const t = [s, s];
  const v = [before, points[0].ratePerMs * scale];
  for (let k = 0; k < points.length; k++) {
    const at = s + points[k].tMs;
    if (load.interpolate === 'step' && k > 0) {
      t.push(at);
      v.push(points[k - 1].ratePerMs * scale);
    }
    t.push(at);
    v.push(points[k].ratePerMs * scale);
  }
  return { t, v };
}

/** Sorted distinct times: 0, endMs and every knot strictly between. */
function breakpoints(lines: Polyline[], endMs: number): number[] {
  const all = [0, endMs];
  for (const line of lines) for (const t of line.t) if (t > 0 && t < endMs) all.push(t);
  all.sort((a, b) => a - b);
  const out: number[] = [];
  for (const t of all) if (out.length === 0 || out[out.length - 1] !== t) out.push(t);
  return out;
}

/** Right limit at x: the value just after x. */
function valueAfter(line: Polyline, x: number): number {
  const k = countAtMost(line.t, x) - 1;
  if (k < 0) return line.v[0];
  if (k === line.t.length - 1) return line.v[k];
  return lerp(line, k, x);
}

/** Left limit at x: the value just before x. */
function valueBefore(line: Polyline, x: number): number {
  const k = countBelow(line.t, x);
  if (k === 0) return line.v[0];
  if (k === line.t.length) return line.v[k - 1];
  return lerp(line, k - 1, x);
}

/** Value at x between knots k and k + 1 (t[k] < t[k+1]); an infinite knot means held. */
function lerp(line: Polyline, k: number, x: number): number {
  const t0 = line.t[k];
  const t1 = line.t[k + 1];
  if (t1 === Infinity) return line.v[k];
  return line.v[k] + (line.v[k + 1] - line.v[k]) * ((x - t0) / (t1 - t0));
}

/** Number of sorted values < x. */
function countBelow(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of sorted values ≤ x. */
function countAtMost(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
