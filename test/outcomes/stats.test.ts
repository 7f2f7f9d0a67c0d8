/** Confidence-interval arithmetic: Student t quantiles, means, sds and intervals, seeds. */
import { describe, expect, it } from 'vitest';
import { tQuantile } from '../../src/outcomes/student-t.js';
import { replicationSeeds, statOf, summaryOf } from '../../src/outcomes/replicate.js';

describe('tQuantile', () => {
  // t(0.975, df) to 9 digits (standard tables; ∞ is the normal 1.959963985).
  const known: [number, number][] = [
    [1, 12.706204736], [2, 4.302652730], [3, 3.182446305], [4, 2.776445105], [5, 2.570581836],
    [10, 2.228138852], [20, 2.085963447], [30, 2.042272456], [100, 1.983971519], [1000, 1.962339081],
    [Infinity, 1.959963985],
  ];
  for (const [df, t] of known) {
    it(`t(0.975, ${df}) = ${t}`, () => expect(tQuantile(0.975, df)).toBeCloseTo(t, 6));
  }

  it('other levels and the lower tail by symmetry', () => {
    expect(tQuantile(0.95, 1)).toBeCloseTo(6.313751515, 6);
    expect(tQuantile(0.995, 10)).toBeCloseTo(3.169272673, 6);
    expect(tQuantile(0.9, 3)).toBeCloseTo(1.637744354, 6);
    expect(tQuantile(0.025, 5)).toBeCloseTo(-2.570581836, 6);
    expect(tQuantile(0.5, 7)).toBe(0);
    expect(tQuantile(0.975, 10_000)).toBeCloseTo(1.960201, 6);
  });

  it('is continuous across the switch to Cornish-Fisher at df = 1000', () => {
    expect(Math.abs(tQuantile(0.975, 1000) - tQuantile(0.975, 1001))).toBeLessThan(1e-5);
  });

  it('rejects p outside (0, 1) and df below 1', () => {
    expect(() => tQuantile(1, 5)).toThrow(RangeError);
    expect(() => tQuantile(0.9, 0)).toThrow(RangeError);
  });
});

describe('statOf and summaryOf', () => {
  it('mean, sample sd and the t interval by hand', () => {
    const s = statOf([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    const sd = Math.sqrt(32 / 7);
    expect(s.sd).toBeCloseTo(sd, 12);
    expect(s.high - s.mean).toBeCloseTo((2.364624252 * sd) / Math.sqrt(8), 8);
    expect(s.mean - s.low).toBeCloseTo(s.high - s.mean, 12);
    expect(s.n).toBe(8);
  });

  it('one sample: a mean and no interval (NaN, null in JSON)', () => {
    const s = statOf([3]);
    expect(s.mean).toBe(3);
    expect([s.sd, s.low, s.high].every(Number.isNaN)).toBe(true);
    expect(JSON.parse(JSON.stringify(s))).toEqual({ mean: 3, sd: null, low: null, high: null, n: 1 });
  });

  it('identical samples: a zero-width interval', () => {
    expect(statOf([1.5, 1.5, 1.5])).toEqual({ mean: 1.5, sd: 0, low: 1.5, high: 1.5, n: 3 });
  });

  it('a metric missing from some samples counts as 0 there; metrics come out sorted', () => {
    const s = summaryOf([{ b: 1, a: 2 }, { a: 4 }, { a: 6, c: 3 }]);
    expect(Object.keys(s)).toEqual(['a', 'b', 'c']);
    expect(s.b.mean).toBeCloseTo(1 / 3, 12);
    expect(s.b.n).toBe(3);
    expect(s.c.mean).toBe(1);
  });
});

describe('replicationSeeds', () => {
  it('base, base + 1, ...: run i has the same seed however many runs there are', () => {
    expect(replicationSeeds(7, 4)).toEqual([7, 8, 9, 10]);
    expect(replicationSeeds(7, 10).slice(0, 4)).toEqual(replicationSeeds(7, 4));
  });

  it('rejects a bad base or count', () => {
    expect(() => replicationSeeds(-1, 3)).toThrow(RangeError);
    expect(() => replicationSeeds(1, 0)).toThrow(RangeError);
    expect(() => replicationSeeds(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
  });
});
