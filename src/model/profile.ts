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
import { RateCurve } from './rate-curve.js';

export type { RateCurve } from './rate-curve.js';

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
