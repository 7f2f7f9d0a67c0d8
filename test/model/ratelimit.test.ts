/** TokenBuckets: a burst is admitted at once, and the long-run admitted rate is the limit. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomStream } from '../../src/engine/random.js';
import { TokenBuckets } from '../../src/model/ratelimit.js';

/** TokenBuckets that also tally, per feature, the requests `take` refused (it counts nothing itself). */
class CountingBuckets extends TokenBuckets {
  readonly refused: number[];

  constructor(specs: ({ ratePerMs: number; burst: number } | undefined)[]) {
    super(specs);
    this.refused = specs.map(() => 0);
  }

  override take(i: number, now: number): boolean {
    const ok = super.take(i, now);
    if (!ok) this.refused[i]++;
    return ok;
  }
}

describe('TokenBuckets', () => {
  it('a feature without a limit admits everything', () => {
    const b = new CountingBuckets([undefined]);
    for (let i = 0; i < 1_000; i++) expect(b.take(0, 0)).toBe(true);
    expect(b.refused[0]).toBe(0);
  });

  it('starts full: a burst is admitted at once, the next request refused', () => {
    const b = new CountingBuckets([{ ratePerMs: 0.01, burst: 5 }]);
    const got = Array.from({ length: 6 }, () => b.take(0, 1_000));
    expect(got).toEqual([true, true, true, true, true, false]);
    expect(b.refused[0]).toBe(1);
    expect(b.take(0, 1_099)).toBe(false); // 0.99 tokens
    expect(b.take(0, 1_100)).toBe(true);
  });

  it('refills lazily up to the burst only', () => {
    const b = new TokenBuckets([{ ratePerMs: 1, burst: 3 }]);
    for (let i = 0; i < 3; i++) b.take(0, 0);
    let admitted = 0;
    for (let i = 0; i < 10; i++) if (b.take(0, 1_000_000)) admitted++;
    expect(admitted).toBe(3);
  });

  it('the long-run admitted rate is the limit under Poisson overload', () => {
    const rnd = randomStream(3, 'ratelimit');
    const limit = 0.1, burst = 20, horizon = 1_000_000;
    const b = new TokenBuckets([undefined, { ratePerMs: limit, burst }]);
    let t = 0, admitted = 0;
    while (t < horizon) {
      t += -Math.log(1 - rnd()) / 0.5; // 5x the limit
      if (t < horizon && b.take(1, t)) admitted++;
    }
    expect(admitted).toBeGreaterThanOrEqual(limit * horizon - 1);
    expect(admitted).toBeLessThanOrEqual(limit * horizon + burst);
  });

  it('never admits more than burst + rate·elapsed (property)', () => {
    fc.assert(fc.property(
      fc.double({ min: 0.001, max: 2, noNaN: true }), fc.integer({ min: 1, max: 50 }),
      fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 300 }),
      (rate, burst, gaps) => {
        const b = new TokenBuckets([{ ratePerMs: rate, burst }]);
        let t = 0, admitted = 0;
        for (const g of gaps) {
          t += g;
          if (b.take(0, t)) admitted++;
        }
        expect(admitted).toBeLessThanOrEqual(burst + rate * t + 1e-6);
      }));
  });
});
