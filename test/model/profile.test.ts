/**
 * Rate curves against the load formulas of src/scenario/types.ts.
 *
 * The reference `specRate` below evaluates each LoadSpec's formula directly (no polylines, no
 * breakpoints) and multiplies them, as the spec says; expected counts are fine numeric
 * integrals of it. Statistical checks sum R seeded replications and accept
 * |observed − expected| ≤ 4·sqrt(expected) (Poisson sd): a false alarm has probability ~6e-5 per
 * check, while a wrong ramp, a missing factor or a sampler that skips area moves the count of a
 * window by far more. All seeds are fixed, so a pass is reproducible.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rateCurve, type RateCurve } from '../../src/model/profile.js';
import { randomStream } from '../../src/engine/random.js';
import type { LoadSpec } from '../../src/scenario/types.js';

// ---------------------------------------------------------------------------------------------
// Reference: the spec's formulas
// ---------------------------------------------------------------------------------------------

type Replay = Extract<LoadSpec, { kind: 'replay' }>;

/** The replay's rate at t (before startMs: `base`; before the first point: the first rate). */
function replayRate(l: Replay, base: number, t: number): number {
  if (t < l.startMs) return base;
  const u = t - l.startMs;
  const p = l.points;
  let k = 0;
  while (k + 1 < p.length && p[k + 1].tMs <= u) k++;
  if (l.interpolate === 'step' || k + 1 === p.length || u < p[0].tMs) return p[k].ratePerMs;
  const f = (u - p[k].tMs) / (p[k + 1].tMs - p[k].tMs);
  return p[k].ratePerMs + (p[k + 1].ratePerMs - p[k].ratePerMs) * f;
}

function multiplier(l: LoadSpec, base: number, t: number): number {
  switch (l.kind) {
    case 'spike': {
      const end = l.startMs + l.durationMs;
      if (t < l.startMs || t >= end) return 1;
      if (t < l.startMs + l.rampUpMs) return 1 + ((l.factor - 1) * (t - l.startMs)) / l.rampUpMs;
      if (t > end - l.rampDownMs) return 1 + ((l.factor - 1) * (end - t)) / l.rampDownMs;
      return l.factor;
    }
    case 'step': return t >= l.startMs && t < l.startMs + l.durationMs ? l.factor : 1;
    case 'ramp':
      if (t < l.startMs) return 1;
      if (t >= l.startMs + l.durationMs) return l.to;
      return l.from + ((l.to - l.from) * (t - l.startMs)) / l.durationMs;
    case 'daily':
      return l.min + ((l.max - l.min) * (1 + Math.cos((2 * Math.PI * (t - l.peakAtMs)) / l.periodMs))) / 2;
    case 'replay': return replayRate(l, base, t) / base;
  }
}

function specRate(base: number, loads: LoadSpec[], t: number): number {
  let rate = base;
  for (const l of loads) rate *= multiplier(l, base, t);
  return rate;
}

/** Midpoint rule with `steps` steps: error ≤ step·jump at each jump, tiny elsewhere. */
function integrate(f: (t: number) => number, a: number, b: number, steps = 20_000): number {
  const h = (b - a) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += f(a + (i + 0.5) * h);
  return sum * h;
}

/** Arrival times over [0, end) from a fresh curve and a seeded stream, e1 = −ln(1 − u). */
function arrivals(curve: RateCurve, end: number, seed: number): number[] {
  const random = randomStream(seed, 'profile-test');
  const out: number[] = [];
  for (let t = curve.next(0, -Math.log(1 - random())); t < end; t = curve.next(t, -Math.log(1 - random()))) out.push(t);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Named storms: base 0.5/ms over 10 s, windows of 1 s
// ---------------------------------------------------------------------------------------------

const BASE = 0.5;
const END = 10_000;
const all: string[] = [];
const spike: LoadSpec = { kind: 'spike', features: all, startMs: 2000, durationMs: 4000, factor: 5, rampUpMs: 1000, rampDownMs: 1500 };
const ramp: LoadSpec = { kind: 'ramp', features: all, startMs: 1000, durationMs: 5000, from: 1, to: 4 };

const CASES: { name: string; loads: LoadSpec[] }[] = [
  { name: 'spike with ramps', loads: [spike] },
  { name: 'step', loads: [{ kind: 'step', features: all, startMs: 3000, durationMs: 2000, factor: 3 }] },
  { name: 'ramp', loads: [ramp] },
  { name: 'daily (min 0)', loads: [{ kind: 'daily', features: all, min: 0, max: 2, peakAtMs: 2500, periodMs: 5000 }] },
  {
    name: 'replay, step, with a zero stretch',
    loads: [{ kind: 'replay', features: all, startMs: 2000, interpolate: 'step', points: [
      { tMs: 0, ratePerMs: 1 }, { tMs: 1000, ratePerMs: 0 }, { tMs: 3000, ratePerMs: 2 }, { tMs: 5000, ratePerMs: 0.2 }] }],
  },
  {
    name: 'replay, linear, through zero',
    loads: [{ kind: 'replay', features: all, startMs: 1000, interpolate: 'linear', points: [
      { tMs: 500, ratePerMs: 0.2 }, { tMs: 2000, ratePerMs: 0 }, { tMs: 4000, ratePerMs: 1.5 }, { tMs: 6000, ratePerMs: 0.5 }] }],
  },
  { name: 'spike × ramp (overlapping, both varying)', loads: [spike, ramp] },
  {
    name: 'daily × step × replay',
    loads: [
      { kind: 'daily', features: all, min: 0.5, max: 1.5, peakAtMs: 0, periodMs: 8000 },
      { kind: 'step', features: all, startMs: 4000, durationMs: Infinity, factor: 2 },
      { kind: 'replay', features: all, startMs: 6000, interpolate: 'linear', points: [{ tMs: 0, ratePerMs: 0.5 }, { tMs: 4000, ratePerMs: 2 }] },
    ],
  },
];

describe('RateCurve on named storms', () => {
  for (const { name, loads } of CASES) {
    describe(name, () => {
      const curve = rateCurve(BASE, loads, END);
      const spec = (t: number): number => specRate(BASE, loads, t);

      it('rateAt follows the load formulas', () => {
        const peak = Math.max(...Array.from({ length: 2001 }, (_, i) => spec((i * END) / 2000)));
        for (let i = 0; i <= 2000; i++) {
          const t = (i * END) / 2000 + 0.37; // off the breakpoints as well as on them (i·5 ms)
          expect(Math.abs(curve.rateAt(t) - spec(t))).toBeLessThanOrEqual(1e-3 * peak);
          expect(Math.abs(curve.rateAt(t - 0.37) - spec(t - 0.37))).toBeLessThanOrEqual(1e-3 * peak);
        }
        expect(curve.peak).toBeCloseTo(peak, 2);
      });

      it('integral matches a fine numeric integral of rateAt and of the formulas within 0.1%', () => {
        const own = curve.integral(0, END);
        expect(Math.abs(own - integrate((t) => curve.rateAt(t), 0, END, 200_000))).toBeLessThanOrEqual(1e-3 * own);
        expect(Math.abs(own - integrate(spec, 0, END, 200_000))).toBeLessThanOrEqual(1e-3 * own);
      });

      it('arrival counts per window match ∫rate within 4 sd; times never decrease', () => {
        const R = 20;
        const counts = new Array<number>(10).fill(0);
        let decreases = 0;
        for (let seed = 1; seed <= R; seed++) {
          const times = arrivals(rateCurve(BASE, loads, END), END, seed);
          for (let i = 1; i < times.length; i++) if (times[i] < times[i - 1]) decreases++;
          for (const t of times) counts[Math.floor(t / 1000)]++;
        }
        expect(decreases).toBe(0);
        for (let w = 0; w < 10; w++) {
          const mean = R * integrate(spec, w * 1000, (w + 1) * 1000, 4000);
          expect(Math.abs(counts[w] - mean), `window ${w}: ${counts[w]} vs ${mean.toFixed(1)}`).toBeLessThanOrEqual(4 * Math.sqrt(mean) + 1e-9);
        }
      });
    });
  }

  it('a replay rate of 0 gives no arrivals while it lasts, and arrivals resume after it', () => {
    const curve = rateCurve(BASE, CASES[4].loads, END);
    const times = arrivals(curve, END, 7);
    expect(times.filter((t) => t >= 3000 && t < 5000)).toEqual([]);
    expect(times.filter((t) => t >= 5000).length).toBeGreaterThan(1000);
  });
});

// ---------------------------------------------------------------------------------------------
// Exactness, common random numbers, the cursor, edge cases
// ---------------------------------------------------------------------------------------------

describe('RateCurve exactness and edges', () => {
  it('a curve without loads returns exactly now + e1 / base', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (base, now, e1) => rateCurve(base, [], 1e6).next(now, e1) === now + e1 / base,
      ),
      { seed: 11, numRuns: 500 },
    );
  });

  it('a storm leaves the arrivals before it untouched (common random numbers)', () => {
    const calm = arrivals(rateCurve(BASE, [], END), END, 3).filter((t) => t < 2000);
    const stormy = arrivals(rateCurve(BASE, [spike], END), END, 3).filter((t) => t < 2000);
    expect(calm.length).toBeGreaterThan(500);
    // Up to the last arrival before the spike, the draws and the times are identical.
    expect(stormy.slice(0, calm.length - 1)).toEqual(calm.slice(0, calm.length - 1));
  });

  it('the cursor does not change answers: jumps forward and back equal a fresh curve', () => {
    const loads = CASES[7].loads;
    const shared = rateCurve(BASE, loads, END);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 12_000, noNaN: true }), fc.double({ min: 0, max: 30, noNaN: true })), { maxLength: 30 }), (calls) => {
        const sorted = calls.slice(0, 15).sort((a, b) => a[0] - b[0]).concat(calls.slice(15));
        for (const [now, e1] of sorted) {
          const got = shared.next(now, e1);
          if (got !== rateCurve(BASE, loads, END).next(now, e1) || got < now) return false;
        }
        return true;
      }),
      { seed: 5, numRuns: 100 },
    );
  });

  it('returns Infinity when the rate is 0 from now on, and copes with a zero base rate', () => {
    expect(rateCurve(0, [], 1000).next(5, 1)).toBe(Infinity);
    const stop: LoadSpec = { kind: 'step', features: all, startMs: 500, durationMs: Infinity, factor: 0 };
    const stopped = rateCurve(1, [stop], 1000);
    expect(stopped.next(0, 400)).toBeCloseTo(400, 9);
    expect(stopped.next(0, 600)).toBe(Infinity);
    expect(stopped.next(2000, 0.1)).toBe(Infinity);
    const replay: LoadSpec = { kind: 'replay', features: all, startMs: 100, interpolate: 'step', points: [{ tMs: 0, ratePerMs: 2 }] };
    const fromZero = rateCurve(0, [replay], 1000);
    expect(fromZero.rateAt(50)).toBe(0);
    expect(fromZero.next(0, 1)).toBeCloseTo(100.5, 9);
    expect(rateCurve(2, [replay, replay], 1000).rateAt(500)).toBeCloseTo(2, 12); // 2 · (2/2) · (2/2)
  });

  it('solves the quadratic exactly inside a linear segment, including a near-constant one', () => {
    const gentle: LoadSpec = { kind: 'ramp', features: all, startMs: 0, durationMs: 1e6, from: 1, to: 1 + 1e-12 };
    const curve = rateCurve(1, [gentle], 1e6);
    expect(Math.abs(curve.next(10, 3) - 13)).toBeLessThan(1e-9);
    const steep = rateCurve(1, [{ kind: 'ramp', features: all, startMs: 0, durationMs: 100, from: 0, to: 2 }], 100);
    // rate = t/50, Λ(t) = t²/100: from 0, e1 = 1 lands at t = 10.
    expect(steep.next(0, 1)).toBeCloseTo(10, 12);
    expect(steep.integral(0, 10)).toBeCloseTo(1, 12);
  });

  it('a spike whose ramps overlap peaks where they meet; a ramp jumps to `from` at its start', () => {
    const triangle = rateCurve(1, [{ kind: 'spike', features: all, startMs: 0, durationMs: 100, factor: 3, rampUpMs: 100, rampDownMs: 100 }], 200);
    expect(triangle.rateAt(50)).toBeCloseTo(2, 12);
    expect(triangle.peak).toBeCloseTo(2, 12);
    const ramped = rateCurve(1, [{ kind: 'ramp', features: all, startMs: 10, durationMs: 10, from: 2, to: 4 }], 100);
    expect([ramped.rateAt(9.9), ramped.rateAt(10), ramped.rateAt(15), ramped.rateAt(50)]).toEqual([1, 2, 3, 4]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: random piecewise storms
// ---------------------------------------------------------------------------------------------

const T = 2000;
const time = fc.integer({ min: -500, max: 2500 });
// 0 or ≥ 1e-3: products of subnormal factors would make waits overflow to Infinity legitimately.
const factor = fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 6, noNaN: true }));
const duration = fc.integer({ min: 0, max: 2000 });
const loadArb: fc.Arbitrary<LoadSpec> = fc.oneof(
  fc.record({ startMs: time, up: duration, hold: duration, down: duration, factor }).map(({ startMs, up, hold, down, factor }): LoadSpec =>
    ({ kind: 'spike', features: all, startMs, durationMs: up + hold + down, factor, rampUpMs: up, rampDownMs: down })),
  fc.record({ startMs: time, durationMs: duration, factor }).map((r): LoadSpec => ({ kind: 'step', features: all, ...r })),
  fc.record({ startMs: time, durationMs: duration, from: factor, to: factor }).map((r): LoadSpec => ({ kind: 'ramp', features: all, ...r })),
  fc.record({ min: factor, max: factor, peakAtMs: time, periodMs: fc.integer({ min: 100, max: 5000 }) })
    .map((r): LoadSpec => ({ kind: 'daily', features: all, ...r })),
  fc.record({
    startMs: time,
    interpolate: fc.constantFrom('step' as const, 'linear' as const),
    gaps: fc.array(fc.integer({ min: 0, max: 800 }), { minLength: 1, maxLength: 6 }),
    rates: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 3, noNaN: true })), { minLength: 6, maxLength: 6 }),
  }).map(({ startMs, interpolate, gaps, rates }): LoadSpec => {
    let at = 0;
    const points = gaps.map((gap, i) => ({ tMs: (at += gap), ratePerMs: rates[i] }));
    return { kind: 'replay', features: all, startMs, interpolate, points };
  }),
);

describe('RateCurve on random storms', () => {
  it('arrivals over [0, T] match ∫rate within 4 SE over replications', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.array(loadArb, { minLength: 1, maxLength: 3 }), (base, loads) => {
        const R = 30;
        const expected = R * integrate((t) => specRate(base, loads, t), 0, T, 20_000);
        let seen = 0;
        let previous = -1;
        for (let seed = 1; seed <= R; seed++) {
          for (const t of arrivals(rateCurve(base, loads, T), T, seed)) {
            if (t < previous) return false;
            previous = t;
            seen++;
          }
          previous = -1;
        }
        return Math.abs(seen - expected) <= 4 * Math.sqrt(expected) + 1e-9;
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('next(now, e1) lands where the cumulative rate has grown by exactly e1', () => {
    const call = fc.tuple(fc.double({ min: 0, max: 2500, noNaN: true }), fc.double({ min: 0, max: 40, noNaN: true }));
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 1, noNaN: true }), fc.array(loadArb, { minLength: 1, maxLength: 3 }), fc.array(call, { minLength: 1, maxLength: 50 }), (base, loads, calls) => {
        const curve = rateCurve(base, loads, T);
        for (const [now, e1] of calls.sort((a, b) => a[0] - b[0])) {
          const t = curve.next(now, e1);
          // Past T the rate holds, so an endless wait means the rate is 0 from max(now, T) on.
          if (t === Infinity) {
            if (curve.rateAt(T) !== 0 || curve.integral(now, T) > e1 + 1e-9) return false;
          } else if (t < now || Math.abs(curve.integral(now, t) - e1) > 1e-8 + 1e-9 * e1) {
            return false;
          }
        }
        return true;
      }),
      { seed: 9, numRuns: 300 },
    );
  });
});
