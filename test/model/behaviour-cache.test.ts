/**
 * Published behaviour (case story 3): a cache that may serve stale entries rides out an origin
 * outage shorter than its staleness limit ("caching licences for 5 minutes rides out brief
 * outages"); a longer outage starts failing once the entries are older than the limit. And a
 * cache flush sends a stampede of misses to the origin, after which the hit ratio recovers.
 *
 * Set-up: users call `catalog` at λ = 200/s; it has a keyspace cache of 1000 keys with Zipf(1)
 * popularity (key k gets λ_k = λ·p_k), TTL 60 s, and 50 workers with exponential 20 ms work (no
 * queueing). The cache starts warm and the warmup covers 3 TTLs.
 *
 * Closed forms (renewal-reward; S̄ = mean origin work, L = staleness limit). Each key cycles
 * through: expired, waiting for its next request (Exp(λ_k)); that request misses and fetches
 * (S̄, during which λ_k·S̄ more requests miss too); fresh for the TTL. Cycle C_k = TTL + 1/λ_k + S̄.
 * - Steady hit ratio: H = 1 − Σ_k (1 + λ_k·S̄)/C_k / λ.
 * - During an outage nothing is refilled, so the key's expiry e_k is frozen at its value at the
 *   start t_o. P(key fresh at t_o with more than u left) = (TTL − u)⁺/C_k, so without stale
 *   serving the requests failing in [t_o, t_o + D] (D ≥ TTL) number Σ_k λ_k·(D − TTL²/(2·C_k)).
 * - With stale serving a request at t_o + u fails only if e_k < t_o + u − L. For u ≤ L that
 *   needs a key already expired and unrequested for more than L − u at t_o:
 *   P = e^{−λ_k(L−u)}/(λ_k·C_k), so failures in [t_o, t_o + D] (D ≤ L) number
 *   Σ_k (e^{−λ_k(L−D)} − e^{−λ_k·L})/(λ_k·C_k) (≈ 0.4 for D = 2 min, L = 5 min: "≈ none").
 *   From t_o + L + TTL on every entry is older than L: every request fails.
 * - After a flush every key is absent: in the first bucket (width w) key k misses once if it is
 *   requested at all, plus the requests during its fetch: Σ_k (1 − e^{−λ_k·w})(1 + λ_k·S̄).
 *
 * Outages are tried two ways: an `outage` in fail-fast mode (the origin is down) and an
 * `errors` fault of rate 1 (the origin does its work, then fails). Both are origin failures
 * the cache sees on a miss; the closed forms are the same.
 */
import { describe, expect, it } from 'vitest';
import type { FaultSpec, Scenario } from '../../src/scenario/types.js';
import type { RunResult, SeriesResult } from '../../src/model/result.js';
import { exp, expectAgrees, replicate, seedsFrom, sumWindow, zipfProbabilities } from '../support/behaviour.js';

const SEEDS = seedsFrom(1, 8);
const KEYS = 1000, ZIPF = 1, TTL = 60_000, S_MEAN = 20, LAMBDA = 0.2, LIMIT = 300_000;
const WARMUP = 180_000, T_O = 240_000;

const lam = zipfProbabilities(KEYS, ZIPF).map((p) => LAMBDA * p);
const cycle = lam.map((l) => TTL + 1 / l + S_MEAN);
const steadyHitRatio = 1 - lam.reduce((a, l, k) => a + (1 + l * S_MEAN) / cycle[k], 0) / LAMBDA;
const failuresWithoutStale = (D: number) => lam.reduce((a, l, k) => a + l * (D - (TTL * TTL) / (2 * cycle[k])), 0);
const failuresWithStale = (D: number) =>
  lam.reduce((a, l, k) => a + (Math.exp(-l * (LIMIT - D)) - Math.exp(-l * LIMIT)) / (l * cycle[k]), 0);
const flushMisses = (w: number) => lam.reduce((a, l) => a + (1 - Math.exp(-l * w)) * (1 + l * S_MEAN), 0);

function scenario(name: string, serveStaleMs: number, faults: FaultSpec[], durationMs: number): Scenario {
  return {
    name, durationMs, warmupMs: WARMUP, seed: 1,
    features: [{ name: 'browse', ratePerMs: LAMBDA, entry: 'catalog' }],
    services: [{
      name: 'catalog', workers: 50, queue: Infinity, serviceTime: exp(S_MEAN), calls: [],
      cache: { keys: KEYS, zipf: ZIPF, ttlMs: TTL, serveStaleMs, warmMs: 0 },
    }],
    faults,
  };
}

const FAULTS: Record<string, (durationMs: number) => FaultSpec> = {
  'outage (fail-fast)': (durationMs) => ({ kind: 'outage', service: 'catalog', startMs: T_O, durationMs, mode: 'fail-fast' }),
  'errors (rate 1)': (durationMs) => ({ kind: 'errors', service: 'catalog', startMs: T_O, durationMs, rate: 1 }),
};

const failedIn = (r: RunResult, from: number, to: number) => sumWindow(r.series, r.series.features.browse.failed, from, to);
const arrivalsIn = (r: RunResult, from: number, to: number) => sumWindow(r.series, r.series.features.browse.arrivals, from, to);

describe('a cache with serve-stale rides out an origin outage shorter than its staleness limit', () => {
  const SHORT = 120_000, LONG = 480_000;

  for (const [kind, fault] of Object.entries(FAULTS)) {
    describe(kind, () => {
      let noStale: RunResult[] | undefined;
      const noStaleRuns = () => (noStale ??= replicate(scenario(`${kind} 2 min, no stale`, 0, [fault(SHORT)], T_O + SHORT + 60_000), SEEDS));

      it('2 min outage, serveStale 0: the requests that miss fail (closed form)', () => {
        const expected = failuresWithoutStale(SHORT) / (LAMBDA * SHORT);
        expectAgrees('failed share during the outage', noStaleRuns().map((r) => failedIn(r, T_O, T_O + SHORT) / arrivalsIn(r, T_O, T_O + SHORT)), expected);
      });

      it('2 min outage, serveStale 5 min: ≈ no failures; the misses are answered stale instead', () => {
        const rs = replicate(scenario(`${kind} 2 min, stale 5 min`, LIMIT, [fault(SHORT)], T_O + SHORT + 60_000), SEEDS);
        const expected = failuresWithStale(SHORT);
        // Poisson count with a mean below 1: SE from the closed form, floor of 1 request.
        expectAgrees('failures during the outage', rs.map((r) => failedIn(r, T_O, T_O + SHORT)), expected,
          { se: Math.sqrt(expected / rs.length), floor: 1 });
        rs.forEach((r, i) => {
          const cache = r.services.catalog.cache!;
          expect(cache.staleServed, `seed ${r.seed}: stale answers`).toBeGreaterThan(0);
          // Common random numbers: both runs see the same requests and (no refills during the
          // outage) the same misses, so every failure without stale serving is a stale answer
          // or one of the rare failures here.
          expect(r.features.browse.stale + r.features.browse.failed, `seed ${r.seed}`).toBe(noStaleRuns()[i].features.browse.failed);
        });
      });

      it('8 min outage > 5 min limit: ≈ no failures for the first 4 min, then every request fails once entries are older than the limit', () => {
        const rs = replicate(scenario(`${kind} 8 min, stale 5 min`, LIMIT, [fault(LONG)], T_O + LONG), SEEDS);
        const early = 240_000, expected = failuresWithStale(early);
        expectAgrees('failures in the first 4 min', rs.map((r) => failedIn(r, T_O, T_O + early)), expected,
          { se: Math.sqrt(expected / rs.length), floor: 1 });
        const from = T_O + LIMIT + TTL + 5_000, to = T_O + LONG;
        for (const r of rs) {
          const a = arrivalsIn(r, from, to), f = failedIn(r, from, to);
          // Failures are counted when they happen, arrivals when they arrive: they differ by the
          // requests straddling a window end, each side Poisson with mean ≤ λ·S̄ (4 here).
          const tol = 4 * Math.sqrt(2 * LAMBDA * S_MEAN) + 1;
          expect(Math.abs(f - a), `seed ${r.seed}: ${f} failed of ${a} arrived after limit + TTL`).toBeLessThanOrEqual(tol);
          expect(a).toBeGreaterThan(0.9 * LAMBDA * (to - from));
        }
      });
    });
  }
});

describe('cache flush: a stampede of misses on the origin, then the hit ratio recovers', () => {
  const missesPerBucket = (s: SeriesResult) =>
    s.features.browse.arrivals.map((a, b) => a * (1 - (s.services.catalog.cacheHitRatio[b] ?? 1)));
  const hitRatio = (s: SeriesResult, from: number, to: number) =>
    1 - sumWindow(s, missesPerBucket(s), from, to) / sumWindow(s, s.features.browse.arrivals, from, to);
  const T_F = T_O, END = T_F + 600_000;
  let cached: RunResult[] | undefined;
  const rs = () => (cached ??= replicate(scenario('flush', 0, [{ kind: 'cache-flush', service: 'catalog', startMs: T_F, durationMs: 0 }], END), SEEDS));

  it('before the flush the hit ratio is the steady-state closed form', () => {
    // The per-bucket hit ratio is rounded to 3 decimals: ≤ 0.0005 error.
    expectAgrees('hit ratio before the flush', rs().map((r) => hitRatio(r.series, WARMUP, T_F)), steadyHitRatio, { floor: 0.0005 });
  });

  it('in the first bucket after the flush the origin gets the closed-form stampede (≈ 7× the steady misses)', () => {
    const w = rs()[0].series.bucketMs;
    const expected = flushMisses(w);
    const steady = (1 - steadyHitRatio) * LAMBDA * w;
    expect(expected).toBeGreaterThan(5 * steady);
    expectAgrees('misses in the first bucket after the flush', rs().map((r) => {
      const s = r.series, b = s.t.indexOf(T_F);
      expect(b, 'the flush is aligned with a bucket start').toBeGreaterThanOrEqual(0);
      return missesPerBucket(s)[b];
    }), expected, { floor: 0.02 * expected });
  });

  it('4–10 minutes after the flush the hit ratio is back at the steady state', () => {
    // Keys refilled together right after the flush expire together for a while (their cycles
    // start in phase), a transient that a long window averages out.
    expectAgrees('hit ratio 4–10 min after the flush', rs().map((r) => hitRatio(r.series, T_F + 240_000, END)), steadyHitRatio,
      { floor: 0.0005 });
  });
});
