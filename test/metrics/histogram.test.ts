/**
 * Streaming metrics: LogHistogram (quantiles within 1% of the exact sorted quantiles, exact
 * count/mean/min/max, fixed memory; quantiles of the values added since a mark within 1/256 of
 * the exact ones of those values), Levels (exact time integrals of piecewise-constant levels)
 * and BucketSeries (fixed-width time buckets).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HistogramMark, LogHistogram } from '../../src/metrics/histogram.js';
import { Levels } from '../../src/metrics/levels.js';
import { BucketSeries, bucketWidth } from '../../src/metrics/series.js';

/** The exact q-quantile with the histogram's rank convention: the ceil(q·n)-th smallest value. */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

const QS = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

/** Internal bucket counts (to check memory stays fixed). */
const countsOf = (h: LogHistogram): Float64Array => (h as unknown as { counts: Float64Array }).counts;

/**
 * Log-normal-ish data: exp of a roughly normal variable (sum of 4 uniforms), scaled. Values stay
 * within about 0.02 .. 5e6, above the histogram's default floor (1e-3), below which values share
 * bucket 0 by design.
 */
const lognormalish = fc
  .record({
    scale: fc.double({ min: 20, max: 5000, noNaN: true }),
    spread: fc.double({ min: 0.05, max: 2, noNaN: true }),
    zs: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 2000 }),
  })
  .map(({ scale, spread, zs }) => zs.map((u) => scale * Math.exp(spread * (u[0] + u[1] + u[2] + u[3] - 2) * 1.7)));

describe('LogHistogram', () => {
  it('quantiles are within 1% of the exact sorted quantiles for random log-normal-ish data', () => {
    fc.assert(
      fc.property(lognormalish, (data) => {
        const h = new LogHistogram();
        for (const x of data) h.add(x);
        const sorted = [...data].sort((a, b) => a - b);
        for (const q of QS) {
          const exact = exactQuantile(sorted, q);
          const got = h.quantile(q);
          expect(Math.abs(got - exact), `q=${q}: got ${got}, exact ${exact} (n=${data.length})`).toBeLessThanOrEqual(0.01 * exact);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('quantiles are within 1% on a large sample spanning many decades', () => {
    const h = new LogHistogram();
    const data: number[] = [];
    // Deterministic values from 0.002 to 2e7 (about 10 decades), in scrambled order.
    for (let i = 0; i < 50_000; i++) {
      const x = 0.002 * Math.pow(10, ((i * 7919) % 50_000) / 5000);
      data.push(x);
      h.add(x);
    }
    const sorted = [...data].sort((a, b) => a - b);
    for (const q of QS) {
      const exact = exactQuantile(sorted, q);
      expect(Math.abs(h.quantile(q) - exact)).toBeLessThanOrEqual(0.01 * exact);
    }
  });

  it('count, mean, min and max are exact', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 500 }), (data) => {
        const h = new LogHistogram();
        for (const x of data) h.add(x);
        expect(h.count).toBe(data.length);
        // The same summation order as the histogram, so equality is exact.
        let sum = 0;
        for (const x of data) sum += x;
        expect(h.mean).toBe(sum / data.length);
        expect(h.min).toBe(Math.min(...data));
        expect(h.max).toBe(Math.max(...data));
        // Quantiles never leave [min, max]; the 1-quantile is the max to bucket resolution
        // (values at or below the 1e-3 floor share bucket 0).
        for (const q of QS) {
          expect(h.quantile(q)).toBeGreaterThanOrEqual(h.min);
          expect(h.quantile(q)).toBeLessThanOrEqual(h.max);
        }
        expect(Math.abs(h.quantile(1) - h.max)).toBeLessThanOrEqual(Math.max(0.01 * h.max, 1e-3));
      }),
      { numRuns: 200 },
    );
  });

  it('quantiles are monotone in q', () => {
    fc.assert(
      fc.property(lognormalish, (data) => {
        const h = new LogHistogram();
        for (const x of data) h.add(x);
        let prev = -Infinity;
        for (let q = 0; q <= 1.0000001; q += 0.01) {
          const v = h.quantile(Math.min(q, 1));
          expect(v).toBeGreaterThanOrEqual(prev);
          prev = v;
        }
      }),
      { numRuns: 50 },
    );
  });

  it('handles zeros: all-zero data gives 0 everywhere; a majority of zeros gives p50 0 and exact upper quantiles', () => {
    const h = new LogHistogram();
    for (let i = 0; i < 1000; i++) h.add(0);
    expect([h.count, h.mean, h.min, h.max]).toEqual([1000, 0, 0, 0]);
    for (const q of QS) expect(h.quantile(q)).toBe(0);

    const m = new LogHistogram();
    const data = [...Array(900).fill(0), ...Array.from({ length: 100 }, (_, i) => 10 + i)];
    for (const x of data) m.add(x);
    expect(m.quantile(0.5)).toBe(0);
    expect(m.quantile(0.9)).toBe(0);
    const sorted = [...data].sort((a, b) => a - b);
    for (const q of [0.95, 0.99, 1]) expect(Math.abs(m.quantile(q) - exactQuantile(sorted, q))).toBeLessThanOrEqual(0.01 * exactQuantile(sorted, q));
    expect(m.min).toBe(0);
    expect(m.mean).toBeCloseTo((10 + 109) / 2 / 10, 12);
  });

  it('an empty histogram reports count 0, mean 0 and quantiles 0', () => {
    const h = new LogHistogram();
    expect(h.count).toBe(0);
    expect(h.mean).toBe(0);
    for (const q of QS) expect(h.quantile(q)).toBe(0);
    expect(h.fractionAbove(1)).toBe(0);
  });

  it('a single value is every quantile', () => {
    for (const x of [0.0005, 1, 123.456, 9.9e9]) {
      const h = new LogHistogram();
      h.add(x);
      for (const q of QS) expect(h.quantile(q)).toBe(x);
    }
  });

  it('values beyond the top bucket keep an exact max and do not disturb lower quantiles', () => {
    const h = new LogHistogram();
    h.add(1);
    h.add(1e15);
    expect(h.count).toBe(2);
    expect(h.max).toBe(1e15);
    expect(Math.abs(h.quantile(0.5) - 1)).toBeLessThanOrEqual(0.01);
    expect(h.quantile(1)).toBeLessThanOrEqual(1e15);
  });

  it('uses fixed memory: the counts array does not grow with the number of values', () => {
    const h = new LogHistogram();
    const before = countsOf(h);
    const length = before.length;
    for (let i = 0; i < 200_000; i++) h.add((i % 9973) * 0.37 + 1e-4 * i);
    expect(countsOf(h)).toBe(before);
    expect(countsOf(h).length).toBe(length);
    expect(h.count).toBe(200_000);
  });

  it('fractionAbove is the share above x to bucket resolution', () => {
    const h = new LogHistogram();
    for (let i = 1; i <= 1000; i++) h.add(i);
    expect(h.fractionAbove(0)).toBe(1);
    expect(h.fractionAbove(2000)).toBe(0);
    // Within one bucket (1%) of the exact share.
    expect(Math.abs(h.fractionAbove(500) - 0.5)).toBeLessThanOrEqual(0.006);
    expect(Math.abs(h.fractionAbove(900) - 0.1)).toBeLessThanOrEqual(0.01);
  });

  it('reads between adds see every value so far (values are binned in batches behind the scenes)', () => {
    const h = new LogHistogram();
    let sum = 0, min = Infinity, max = -Infinity;
    for (let i = 1; i <= 2000; i++) {
      const x = ((i * 7919) % 1009) * 0.013;
      h.add(x);
      sum += x; // same order as the histogram: the sum must match to the last bit
      min = Math.min(min, x);
      max = Math.max(max, x);
      if (i % 97 === 0 || i === 511 || i === 512 || i === 513) {
        expect([h.count, h.sum, h.min, h.max]).toEqual([i, sum, min, max]);
      }
    }
  });

  it('reset() empties it', () => {
    const h = new LogHistogram();
    for (let i = 1; i <= 10; i++) h.add(i);
    h.reset();
    expect([h.count, h.sum, h.mean, h.min, h.max]).toEqual([0, 0, 0, Infinity, -Infinity]);
    expect(h.quantile(0.5)).toBe(0);
    h.add(5);
    expect(h.quantile(0.5)).toBe(5);
  });
});

/** Its bucket's midpoint is within half a bucket (1/256 of an octave) of a value above 2^-10. */
const RESOLUTION = 1 / 256;

describe('LogHistogram.quantileSince', () => {
  it('is the quantile of each interval\'s own values, within 1/256, whatever came before', () => {
    const chunks = fc.array(lognormalish.chain((a) => fc.subarray(a)), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(chunks, fc.constantFrom(0.5, 0.95, 0.99, 1), (parts, q) => {
        const h = new LogHistogram(), mark = new HistogramMark();
        for (const part of parts) {
          for (const x of part) h.add(x);
          const got = h.quantileSince(q, mark);
          if (part.length === 0) { expect(got).toBeNaN(); continue; }
          const exact = exactQuantile([...part].sort((a, b) => a - b), q);
          expect(Math.abs(got - exact), `q=${q}: got ${got}, exact ${exact} (n=${part.length})`).toBeLessThanOrEqual(RESOLUTION * exact);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('separates intervals whose values differ: a slow interval after fast ones, then fast again', () => {
    const h = new LogHistogram(), mark = new HistogramMark();
    const interval = (from: number, n: number) => {
      for (let i = 0; i < n; i++) h.add(from + i); // from .. from + n − 1: the p95 is from + ceil(0.95 n) − 1
      return h.quantileSince(0.95, mark);
    };
    const near = (got: number, exact: number) => expect(Math.abs(got - exact), `${got} vs ${exact}`).toBeLessThanOrEqual(exact * RESOLUTION);
    near(interval(100, 1000), 1049);
    near(interval(10_000, 700), 10_664);
    near(interval(100, 20), 118);
    expect(h.quantileSince(0.95, mark)).toBeNaN();
    // The whole histogram still holds every value: reading intervals takes nothing out of it.
    expect(h.count).toBe(1720);
    expect(h.max).toBe(10_699);
  });

  it('is clamped to the histogram\'s min and max: one repeated value comes back exactly', () => {
    const h = new LogHistogram(), mark = new HistogramMark();
    for (let i = 0; i < 3000; i++) h.add(37.3);
    expect(h.quantileSince(0.95, mark)).toBe(37.3);
    for (let i = 0; i < 10; i++) h.add(37.3);
    expect(h.quantileSince(0.5, mark)).toBe(37.3);
  });

  it('keeps two marks on one histogram apart: each reads the values since its own last read', () => {
    // A mark read after another one has read (or after a reset) cannot rely on what changed since the other's read.
    const h = new LogHistogram(), every = new HistogramMark(), second = new HistogramMark();
    const since: number[] = [], sinceSecond: number[] = [];
    const add = (x: number) => { h.add(x); since.push(x); sinceSecond.push(x); };
    const check = (mark: HistogramMark, values: number[]) => {
      const exact = exactQuantile([...values].sort((a, b) => a - b), 0.95);
      expect(Math.abs(h.quantileSince(0.95, mark) - exact)).toBeLessThanOrEqual(exact * RESOLUTION);
      values.length = 0;
    };
    for (let round = 0; round < 6; round++) {
      // Slow values early, fast ones later: a read that missed the slow ones would come out low.
      for (let i = 0; i < 300; i++) add(round % 2 ? 5 + i : 5000 + 7 * i);
      check(every, since);
      if (round % 2) check(second, sinceSecond);
    }
  });
});

describe('Levels', () => {
  it('integrates piecewise-constant levels exactly, per entity', () => {
    const l = new Levels(2);
    l.set(0, 0, 2); // level 2 from t=0
    l.set(1, 5, 1); // entity 1: level 1 from t=5
    l.set(0, 10, 3); // area 0: 2·10 = 20
    l.set(0, 10, 0); // instant change: no area
    l.set(1, 8, 4); // area 1: 1·3 = 3
    l.flush(20); // area 0: +0; area 1: +4·12 = 48
    expect(Array.from(l.area)).toEqual([20, 51]);
    expect(Array.from(l.level)).toEqual([0, 4]);
    l.flush(25);
    expect(Array.from(l.area)).toEqual([20, 71]);
  });

  it('matches a brute-force integral on random step functions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 50 }), value: fc.integer({ min: 0, max: 20 }) }), { maxLength: 100 }),
        fc.integer({ min: 0, max: 50 }),
        (steps, tail) => {
          const l = new Levels(1);
          let now = 0, level = 0, area = 0;
          for (const { dt, value } of steps) {
            now += dt;
            area += level * dt;
            level = value;
            l.set(0, now, value);
          }
          l.flush(now + tail);
          area += level * tail;
          expect(l.area[0]).toBe(area);
          expect(l.level[0]).toBe(level);
        },
      ),
    );
  });
});

describe('BucketSeries', () => {
  it('splits [start, end] into fixed-width buckets, the last one possibly short', () => {
    const s = new BucketSeries(2, 100, 350, 100);
    expect(s.buckets).toBe(3);
    expect(s.values.length).toBe(6);
  });

  it('reads a row as a plain array of its buckets', () => {
    const s = new BucketSeries(2, 0, 300, 100);
    s.values.set([1, 2, 3, 4, 5, 6]);
    expect(s.row(0)).toEqual([1, 2, 3]);
    expect(s.row(1)).toEqual([4, 5, 6]);
  });

  it('has at least one bucket, and memory fixed by rows × buckets', () => {
    const s = new BucketSeries(3, 10, 10, 1000);
    expect(s.buckets).toBe(1);
    expect(s.values.length).toBe(3);
  });

  it('bucketWidth gives round widths and about 600 points at most', () => {
    expect(bucketWidth(60_000)).toBe(100);
    expect(bucketWidth(30 * 60_000)).toBe(5000);
    expect(bucketWidth(2 * 3_600_000)).toBe(15_000);
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e10, noNaN: true }), (span) => {
        const w = bucketWidth(span);
        expect(w).toBeGreaterThan(0);
        expect(Math.ceil(span / w)).toBeLessThanOrEqual(600);
      }),
    );
  });
});
