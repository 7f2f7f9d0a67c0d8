/**
 * Keyspace caches over data that changes at the origin (`cache.changes`, `cache.invalidate`):
 * a key's data changes as a Poisson process of mean interval m; a hit on an entry filled before
 * its key's next change is outdated; with invalidate the change ends the entry instead.
 *
 * Closed forms, for one key asked for so often (every δ = 1 ms, T = 1 s, m = 2 s) that it is
 * refilled the moment it expires: each entry lives a cycle of length T (T + δ, δ negligible), and
 * its data changes X ~ Exp(m) after the fill.
 * - Without invalidate, the share of a cycle's hits that are outdated is max(0, T − X) / T, with
 *   mean 1 − (m/T)(1 − e^{−T/m}) = 0.2131 and SD ≤ 0.5, so over ~2,000 cycles its mean is within
 *   4.5 × 0.5 / √2000 = 0.05.
 * - With invalidate, a cycle lasts min(T, X), of mean m(1 − e^{−T/m}) = 787 ms: 1.27 misses per
 *   second instead of 1 (SD of a cycle ≤ T, so 2,500 cycles pin the mean within 4.5 × 1000/√2500 = 90 ms),
 *   and no hit is ever outdated.
 */
import { describe, expect, it } from 'vitest';
import { Caches } from '../../src/model/cache.js';
import { randomStream } from '../../src/engine/random.js';
import type { CacheSpec } from '../../src/scenario/types.js';
import { problemsOf, scenarioOf, yaml } from '../scenario/helpers.js';

const T = 1000, M = 2000;
const spec = (invalidate?: boolean): CacheSpec => ({ keys: 1, zipf: 0, ttlMs: T, warmMs: 0, serveStaleMs: 0, changeMeanMs: M, ...(invalidate === undefined ? {} : { invalidate }) });

/** Asks for the one key every ms over [0, ms); a miss fills it at once. */
function drive(c: Caches, ms: number): { hits: number; outdated: number; misses: number } {
  let hits = 0, outdated = 0, misses = 0;
  for (let t = 0; t < ms; t++) {
    const key = c.lookup(0, t);
    if (!c.hit) { misses++; c.fill(0, key, t); continue; }
    hits++;
    if (c.outdated) outdated++;
  }
  return { hits, outdated, misses };
}

describe('keyspace cache over changing data', () => {
  it('outdated hits: the share after the data changed in each entry’s life, 1 − (m/T)(1 − e^{−T/m})', () => {
    const r = drive(new Caches([spec()], [randomStream(7, 'cache')]), 2_000 * T);
    const expected = 1 - (M / T) * (1 - Math.exp(-T / M));
    expect(expected).toBeCloseTo(0.2131, 3);
    expect(Math.abs(r.outdated / r.hits - expected)).toBeLessThanOrEqual(0.05);
    // Without invalidate the change does not end the entry: one miss per T (+ δ).
    expect(Math.abs(r.misses - 2_000)).toBeLessThanOrEqual(3);
  });

  it('invalidate: no hit is outdated, and entries end at the change, m(1 − e^{−T/m}) = 787 ms on average', () => {
    const ms = 2_000_000, r = drive(new Caches([spec(true)], [randomStream(7, 'cache')]), ms);
    expect(r.outdated).toBe(0);
    const cycle = M * (1 - Math.exp(-T / M));
    expect(Math.abs(ms / r.misses - cycle)).toBeLessThanOrEqual(90);
  });

  it('data that never changes (no changes) is never outdated, and the random stream is used as before', () => {
    const plain: CacheSpec = { keys: 1, zipf: 0, ttlMs: T, warmMs: 0, serveStaleMs: 0 };
    const a = drive(new Caches([plain], [randomStream(7, 'cache')]), 100 * T);
    expect(a.outdated).toBe(0);
    expect(drive(new Caches([{ ...plain, changeMeanMs: Infinity }], [randomStream(7, 'cache')]), 100 * T)).toEqual(a);
  });
});

describe('cache.changes and cache.invalidate in a scenario file', () => {
  const base = ['name: t', 'duration: 1h', 'features:', '  f: { rate: 1/s, entry: api }', 'services:', '  api:', '    workers: 1', '    serviceTime: 1ms'];
  it('reads them in keyspace mode', () => {
    const s = scenarioOf(yaml(...base, '    cache: { keys: 10, ttl: 1h, changes: 30m, invalidate: true }'));
    expect(s.services[0].cache).toEqual({ keys: 10, ttlMs: 3_600_000, zipf: 1, warmMs: 0, serveStaleMs: 0, changeMeanMs: 1_800_000, invalidate: true });
  });

  it('reports invalidate without changes, and both in hit-ratio mode, with where and the fix', () => {
    expect(problemsOf(yaml(...base, '    cache: { keys: 10, ttl: 1h, invalidate: true }'))).toEqual([
      expect.stringMatching(/^x\.yaml:9:\d+: services\.api\.cache\.invalidate: needs changes/),
    ]);
    const ratio = problemsOf(yaml(...base, '    cache: { hitRatio: 80%, changes: 30m }'));
    expect(ratio).toEqual([expect.stringMatching(/^x\.yaml:9:\d+: services\.api\.cache\.changes: only applies with keys/)]);
  });
});
