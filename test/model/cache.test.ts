import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Caches, guideOf, pickGuided, pickKey, zipfCdf } from '../../src/model/cache.js';
import { randomStream, type Random } from '../../src/engine/random.js';
import type { CacheSpec } from '../../src/scenario/types.js';

const REPS = 20;

/**
 * Caches that also tally, per service, what they answered: lookups answered from cache (`hit`
 * set) or sent to the origin, and stale answers (serveStale true). Caches count nothing; the
 * model counts the same in its Stats.
 */
class CountingCaches extends Caches {
  readonly hits: number[];
  readonly misses: number[];
  readonly staleServed: number[];

  constructor(specs: (CacheSpec | undefined)[], randoms: (Random | null)[]) {
    super(specs, randoms);
    this.hits = specs.map(() => 0);
    this.misses = specs.map(() => 0);
    this.staleServed = specs.map(() => 0);
  }

  override lookup(s: number, now: number): number {
    const key = super.lookup(s, now);
    if (this.hit) this.hits[s]++;
    else this.misses[s]++;
    return key;
  }

  override serveStale(s: number, key: number, now: number): boolean {
    const ok = super.serveStale(s, key, now);
    if (ok) this.staleServed[s]++;
    return ok;
  }
}

function keyspace(keys: number, zipf: number, ttlMs: number, serveStaleMs = 0): CacheSpec {
  return { keys, zipf, ttlMs, serveStaleMs, warmMs: 0 };
}

function ratioSpec(hitRatio: number, warmMs: number, serveStaleMs = 0): CacheSpec {
  return { hitRatio, warmMs, zipf: 0, ttlMs: 0, serveStaleMs };
}

/** Zipf(s) probabilities over `keys` ranks, computed independently of zipfCdf. */
function zipfProbs(keys: number, s: number): number[] {
  const w = Array.from({ length: keys }, (_, k) => 1 / Math.pow(k + 1, s));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

/** Closed form for a TTL cache under Poisson requests: Σ p_k·h_k with h_k = λ_k T / (1 + λ_k T). */
function ttlHitRatio(probs: number[], rate: number, ttl: number): number {
  return probs.reduce((acc, p) => acc + (p * (rate * p * ttl)) / (1 + rate * p * ttl), 0);
}

/**
 * Expected hit ratio over [a, b) after a flush at 0, for b ≤ T: a key is fresh at t < T iff it
 * was requested in [0, t), so P(hit at t) = 1 − e^{−λ_k t}; average that over the bin.
 */
function coldHitRatio(probs: number[], rate: number, a: number, b: number): number {
  return probs.reduce((acc, p) => {
    const l = rate * p;
    return acc + p * (1 - (Math.exp(-l * a) - Math.exp(-l * b)) / (l * (b - a)));
  }, 0);
}

function meanSe(xs: number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(v / xs.length) };
}

/**
 * Poisson requests at `rate` over [t0, t1) against service 0; the origin answers at once, so
 * every miss fills. Returns [hits, lookups] over the window.
 */
function drive(c: CountingCaches, rate: number, t0: number, t1: number, arrivals: Random): [number, number] {
  const h0 = c.hits[0], m0 = c.misses[0];
  for (let t = t0 - Math.log(1 - arrivals()) / rate; t < t1; t -= Math.log(1 - arrivals()) / rate) {
    const key = c.lookup(0, t);
    if (!c.hit) c.fill(0, key, t);
  }
  const hits = c.hits[0] - h0;
  return [hits, hits + c.misses[0] - m0];
}

function replica(spec: CacheSpec, r: number, tag: string): { c: CountingCaches; arrivals: Random } {
  const c = new CountingCaches([spec], [randomStream(r, `${tag}/cache`)]);
  return { c, arrivals: randomStream(r, `${tag}/arrivals`) };
}

describe('keyspace mode: steady state matches the TTL-cache closed form', () => {
  const rate = 1; // requests per ms
  const keys = 100;
  const ttl = 100;
  for (const zipf of [0, 1]) {
    it(`zipf ${zipf}: Σ λ_k h_k / Σ λ_k within 4 SE over ${REPS} replications`, () => {
      const ratios: number[] = [];
      for (let r = 0; r < REPS; r++) {
        const { c, arrivals } = replica(keyspace(keys, zipf, ttl), r, `steady${zipf}`);
        // The warm start over-fills rare keys; 5000 ms is ten of the rarest key's gaps.
        drive(c, rate, 0, 5000, arrivals);
        const [hits, n] = drive(c, rate, 5000, 55000, arrivals);
        ratios.push(hits / n);
      }
      const { mean, se } = meanSe(ratios);
      const expected = ttlHitRatio(zipfProbs(keys, zipf), rate, ttl);
      expect(se).toBeLessThan(0.005); // the test has power
      expect(Math.abs(mean - expected)).toBeLessThan(4 * se);
    });
  }
});

describe('keyspace mode: flush', () => {
  it('empties every entry: lookups right after it all miss', () => {
    const c = new CountingCaches([keyspace(50, 0.8, 1e9)], [randomStream(1, 'flush')]);
    for (let i = 0; i < 200; i++) c.lookup(0, 10);
    expect(c.hits[0]).toBe(200); // warm: the ttl is huge, every key is fresh
    c.flush(0, 20);
    for (let i = 0; i < 200; i++) c.lookup(0, 20);
    expect(c.hits[0]).toBe(200);
    expect(c.misses[0]).toBe(200);
  });

  it('hit ratio drops to ~0, follows the cold-start curve, then recovers to steady state', () => {
    const rate = 1, keys = 100, ttl = 100, flushAt = 3000;
    const probs = zipfProbs(keys, 0);
    const bins: [number, number][] = [[0, 5], [5, 25], [25, 50], [50, 100], [1000, 3000]];
    const ratios = bins.map(() => [] as number[]);
    for (let r = 0; r < REPS; r++) {
      const { c, arrivals } = replica(keyspace(keys, 0, ttl), r, 'recover');
      drive(c, rate, 0, flushAt, arrivals);
      c.flush(0, flushAt);
      let from = flushAt;
      bins.forEach(([a, b], i) => {
        drive(c, rate, from, flushAt + a, arrivals); // skip to the bin's start
        const [hits, n] = drive(c, rate, flushAt + a, flushAt + b, arrivals);
        ratios[i].push(n === 0 ? 0 : hits / n);
        from = flushAt + b;
      });
    }
    const stats = ratios.map(meanSe);
    expect(stats[0].mean).toBeLessThan(0.05);
    for (let i = 0; i < 4; i++) {
      const expected = coldHitRatio(probs, rate, bins[i][0], bins[i][1]);
      expect(Math.abs(stats[i].mean - expected)).toBeLessThan(4 * stats[i].se + 1e-9);
    }
    const steady = ttlHitRatio(probs, rate, ttl);
    expect(Math.abs(stats[4].mean - steady)).toBeLessThan(4 * stats[4].se);
  });
});

describe('keyspace mode: entries and stale serving', () => {
  it('an entry is fresh from fill until now + ttl, exclusive; a hit does not extend it', () => {
    const c = new CountingCaches([keyspace(1, 0, 100)], [randomStream(2, 'fresh')]);
    c.flush(0, 0);
    c.lookup(0, 1000);
    expect(c.hit).toBe(false);
    c.fill(0, 0, 1000);
    for (const t of [1000, 1050, 1099.999]) {
      c.lookup(0, t);
      expect(c.hit).toBe(true);
    }
    c.lookup(0, 1100);
    expect(c.hit).toBe(false);
    expect([c.hits[0], c.misses[0]]).toEqual([3, 2]);
  });

  it('serveStale: true up to serveStaleMs past expiry, false beyond and after a flush', () => {
    const c = new CountingCaches([keyspace(1, 0, 100, 50)], [randomStream(3, 'stale')]);
    c.flush(0, 0);
    expect(c.serveStale(0, 0, 10)).toBe(false); // nothing ever stored
    c.fill(0, 0, 1000);
    expect(c.serveStale(0, 0, 1100)).toBe(true);
    expect(c.serveStale(0, 0, 1150)).toBe(true);
    expect(c.serveStale(0, 0, 1150.001)).toBe(false);
    expect(c.staleServed[0]).toBe(2);
    c.fill(0, 0, 2000);
    c.flush(0, 2120);
    expect(c.serveStale(0, 0, 2120)).toBe(false);
    expect(c.staleServed[0]).toBe(2);
  });

  it('serveStaleMs 0 never serves stale', () => {
    const c = new CountingCaches([keyspace(1, 0, 100, 0)], [randomStream(4, 'never')]);
    c.fill(0, 0, 1000);
    expect(c.serveStale(0, 0, 1100)).toBe(false);
    expect(c.staleServed[0]).toBe(0);
  });

  it('property: serveStale ⇔ filled, not flushed since, and now − expiry ≤ serveStaleMs', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 1, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 3e4, noNaN: true }),
        fc.boolean(),
        (fillAt, ttl, limit, after, flushed) => {
          const c = new Caches([keyspace(3, 1, ttl, limit)], [randomStream(5, 'prop')]);
          c.flush(0, 0);
          c.fill(0, 1, fillAt);
          const now = fillAt + after;
          if (flushed) c.flush(0, now);
          const expected = !flushed && now - (fillAt + ttl) <= limit;
          expect(c.serveStale(0, 1, now)).toBe(expected);
          expect(c.serveStale(0, 0, now)).toBe(false); // key 0 was never filled
        },
      ),
    );
  });

  it('starts warm: every key fresh with expiry uniform in [0, ttl)', () => {
    const ttl = 1000, keys = 4000;
    const c = new CountingCaches([keyspace(keys, 0, ttl)], [randomStream(6, 'warm')]);
    // The share of keys still fresh at t should be 1 − t/ttl; lookups (without fills) sample it.
    for (const t of [0, 250, 500, 750, 999.9]) {
      const h0 = c.hits[0];
      const n = 20000;
      for (let i = 0; i < n; i++) c.lookup(0, t);
      const p = 1 - t / ttl;
      const ratio = (c.hits[0] - h0) / n;
      // Two sources of noise: which keys are fresh (4000 keys) and which keys are drawn.
      const se = Math.sqrt(p * (1 - p) / keys + p * (1 - p) / n);
      expect(Math.abs(ratio - p)).toBeLessThan(4 * se + 1e-9);
    }
  });
});

describe('keyspace mode: key popularity', () => {
  it('zipfCdf ends at exactly 1 and zipf 0 is uniform', () => {
    const u = zipfCdf(4, 0);
    expect(Array.from(u)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(zipfCdf(1000, 1.3)[999]).toBe(1);
  });

  it('property: pickKey is the smallest k with u < cdf[k], so always a valid key', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (keys, s, u) => {
          const cdf = zipfCdf(keys, s);
          const k = pickKey(cdf, u);
          expect(k).toBeGreaterThanOrEqual(0);
          expect(k).toBeLessThan(keys);
          expect(u < cdf[k]).toBe(true);
          if (k > 0) expect(u >= cdf[k - 1]).toBe(true);
        },
      ),
    );
  });

  it('property: pickGuided picks what pickKey does, at any u and at the edges of cells and keys', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 50 }),
        (keys, s, us) => {
          const cdf = zipfCdf(keys, s), guide = guideOf(cdf);
          // Where a cell starts, where a key's share ends, and the doubles either side of both.
          const below = (x: number) => x - Math.max(Number.EPSILON * x, Number.MIN_VALUE);
          const edges = Array.from({ length: Math.min(keys, 40) }, (_, i) => [i / keys, cdf[i], below(i / keys), below(cdf[i])]).flat();
          for (const u of [...us, ...edges, 0, 1 - Number.EPSILON / 2].filter((x) => x >= 0 && x < 1)) {
            expect(pickGuided(cdf, guide, u), `u = ${u}`).toBe(pickKey(cdf, u));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lookup draws keys with Zipf frequencies (each of 20 keys within 4.5 SE)', () => {
    const keys = 20, n = 200000, probs = zipfProbs(keys, 1.1);
    const c = new Caches([keyspace(keys, 1.1, 0)], [randomStream(7, 'freq')]);
    const counts = new Float64Array(keys);
    for (let i = 0; i < n; i++) counts[c.lookup(0, i)]++;
    for (let k = 0; k < keys; k++) {
      const se = Math.sqrt((probs[k] * (1 - probs[k])) / n);
      expect(Math.abs(counts[k] / n - probs[k])).toBeLessThan(4.5 * se);
    }
  });
});

describe('hit-ratio mode', () => {
  it('long-run ratio is hitRatio; key id is 0; fill does nothing', () => {
    const c = new CountingCaches([ratioSpec(0.7, 1000)], [randomStream(8, 'ratio')]);
    const n = 200000;
    let nonZeroKeys = 0;
    for (let i = 0; i < n; i++) {
      if (c.lookup(0, i) !== 0) nonZeroKeys++;
      c.fill(0, 0, i);
    }
    expect(nonZeroKeys).toBe(0);
    const se = Math.sqrt((0.7 * 0.3) / n);
    expect(Math.abs(c.hits[0] / n - 0.7)).toBeLessThan(4 * se);
    expect(c.hits[0] + c.misses[0]).toBe(n);
  });

  it('after a flush the ratio climbs the line hitRatio · (t − flush) / warmMs, then holds', () => {
    const h = 0.8, warm = 1000, flushAt = 5000, perBin = 20000;
    const c = new CountingCaches([ratioSpec(h, warm)], [randomStream(9, 'line')]);
    c.flush(0, flushAt);
    for (let b = 0; b < 12; b++) {
      // perBin lookups evenly over [b·100, (b+1)·100) ms after the flush
      let expected = 0, variance = 0;
      const h0 = c.hits[0];
      for (let i = 0; i < perBin; i++) {
        const since = (b + i / perBin) * 100;
        const p = h * Math.min(1, since / warm);
        expected += p;
        variance += p * (1 - p);
        c.lookup(0, flushAt + since);
      }
      expect(Math.abs(c.hits[0] - h0 - expected)).toBeLessThan(4 * Math.sqrt(variance) + 1e-9);
    }
  });

  it('warmMs 0: a flush has no lasting effect', () => {
    const c = new Caches([ratioSpec(1, 0)], [randomStream(10, 'zero')]);
    c.flush(0, 100);
    c.lookup(0, 100);
    expect(c.hit).toBe(true);
  });

  it('serveStale with probability hitRatio · warmth; never when serveStaleMs is 0', () => {
    const n = 100000;
    const c = new CountingCaches([ratioSpec(0.6, 1000, 30000)], [randomStream(11, 'rstale')]);
    c.flush(0, 0);
    let served = 0;
    for (let i = 0; i < n; i++) if (c.serveStale(0, 0, 500)) served++;
    const p = 0.6 * 0.5;
    expect(Math.abs(served / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    expect(c.staleServed[0]).toBe(served);
    const off = new Caches([ratioSpec(1, 0, 0)], [randomStream(11, 'off')]);
    expect(off.serveStale(0, 0, 10)).toBe(false);
  });
});

describe('Caches', () => {
  it('has() per service; services without a cache need no stream', () => {
    const c = new Caches([undefined, ratioSpec(0.5, 0), keyspace(3, 0, 10)], [null, randomStream(1, 'a'), randomStream(1, 'b')]);
    expect([c.has(0), c.has(1), c.has(2)]).toEqual([false, true, true]);
  });

  it('rejects a cache without a stream, without keys or hitRatio, or with bad keys', () => {
    expect(() => new Caches([keyspace(3, 0, 10)], [null])).toThrow();
    expect(() => new Caches([{ warmMs: 0, zipf: 0, ttlMs: 1, serveStaleMs: 0 }], [randomStream(1, 'x')])).toThrow(RangeError);
    expect(() => new Caches([keyspace(0, 0, 10)], [randomStream(1, 'x')])).toThrow(RangeError);
    expect(() => new Caches([keyspace(2.5, 0, 10)], [randomStream(1, 'x')])).toThrow(RangeError);
  });

  it('is deterministic: same seed, same keys and hits', () => {
    const run = () => {
      const { c, arrivals } = replica(keyspace(500, 1, 50), 42, 'det');
      const keys: number[] = [];
      for (let t = 0; t < 2000; t -= Math.log(1 - arrivals()) / 2) {
        const k = c.lookup(0, t);
        keys.push(k, c.hit ? 1 : 0);
        if (!c.hit) c.fill(0, k, t);
      }
      return keys;
    };
    expect(run()).toEqual(run());
  });
});
