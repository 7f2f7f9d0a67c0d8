/**
 * The story of scenarios/stale-stock.yaml (PRODUCT.md story 9): 80 landings a second (×3 over
 * [9m, 14m), 30 s ramps) on 20,000 products (Zipf 1), cached at the edge in front of an origin of
 * 20 workers (log-normal p50 80 ms, p99 400 ms: mean 101.6 ms, so at most 196.9 pages a second).
 * A product's data changes as a Poisson process of mean m = 10 minutes.
 *
 * Closed forms (a key asked for at rate λ_k = λ·p_k; an entry is filled by a miss and lives T):
 * - Hit ratio of a TTL cache under Poisson requests: Σ p_k · λ_k T / (1 + λ_k T) (each cycle is T
 *   of hits, λ_k T of them on average, then one miss after an idle Exp(λ_k)). Before the surge
 *   (λ = 80/s) that is a miss ratio of 0.2171 at T = 5 m and 0.4274 at T = 30 s.
 * - With invalidate an entry lives min(T, X), X ~ Exp(m): the same form with the entry's mean
 *   life T' = m(1 − e^{−T/m}) = 3.93 m: a miss ratio of 0.2378.
 * - Outdated hits: the hits of a cycle are spread evenly over its T, and those after the change
 *   (at X) are outdated, so the share is E[(T − X)⁺] / T = 1 − (m/T)(1 − e^{−T/m}) whatever λ_k:
 *   0.2131 at T = 5 m, 0.0246 at T = 30 s, 0 with invalidate.
 * Noise: the outdated share is carried by the popular keys' few cycles (key 0 takes 9.5% of the
 * landings and lives three 5-minute cycles in the run), so one run's share has an SD of about
 * 0.025 (Σ p_k² ≈ 0.015 times a cycle's variance ≤ 0.09 over ~3 cycles, rounded up): each run is
 * checked within ± 0.09 and the mean of eight within ± 0.045 (both over 3.5 SDs). At 30 s
 * cycles are ten times as many, so ± 0.01 per run. The miss ratios are counts of ~4,000 misses
 * a run, correlated the same way; ± 0.015 covers them and the warm start of rarely asked keys.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { seedsFrom, sumWindow, zipfProbabilities } from '../support/behaviour.js';
import { bundled, lazyRuns, lognormalMean, variantNamed } from './story-support.js';

const scenario = bundled('stale-stock');
const variant = (name: string): Scenario => variantNamed(scenario, name);
const SEEDS = seedsFrom(1, 8);
const runs = {
  base: lazyRuns(scenario, SEEDS),
  'short-ttl': lazyRuns(variant('short-ttl'), SEEDS),
  invalidate: lazyRuns(variant('invalidate'), SEEDS),
  'no-edge-cache': lazyRuns(variant('no-edge-cache'), seedsFrom(1, 4)),
};

const LAMBDA = 80, KEYS = 20_000, M = 600, T_LONG = 300, T_SHORT = 30; // per s, keys, seconds
const WARMUP = 300_000, SURGE = 540_000, PLATEAU = 570_000, SURGE_END = 840_000;
const CAPACITY = 20 / (lognormalMean(80, 400) / 1000); // ≈ 196.9 pages a second
const VALUE = 0.15, STALE_VALUE = 0.116;
const P = zipfProbabilities(KEYS, 1);
const missRatio = (t: number) => 1 - P.reduce((acc, p) => acc + (p * (LAMBDA * p * t)) / (1 + LAMBDA * p * t), 0);
const outdatedShare = (t: number) => 1 - (M / t) * (1 - Math.exp(-t / M));
const life = (t: number) => M * (1 - Math.exp(-t / M));

/** Share of landings before the surge that reached the origin (missed the edge cache). */
function missesBefore(r: RunResult): number {
  const s = r.series;
  return sumWindow(s, s.services.origin.arrivals, WARMUP, SURGE) / sumWindow(s, s.features.landing.arrivals, WARMUP, SURGE);
}
const outdated = (r: RunResult) => r.features.landing.users.stale / r.services.origin.cache!.hits;
/** Value lost to outdated pages and to pages never served (failed or given up on). */
const loss = (r: RunResult) => {
  const u = r.features.landing.users;
  return u.stale * (VALUE - STALE_VALUE) + (u.failed + u.abandoned) * VALUE;
};

describe('stale-stock: a long TTL serves outdated stock, a short one loads the origin, invalidation avoids both', () => {
  it('is the scenario these figures were derived from', () => {
    const origin = scenario.services.find((s) => s.name === 'origin')!;
    expect(origin.cache).toEqual({ keys: KEYS, ttlMs: T_LONG * 1000, zipf: 1, warmMs: 0, serveStaleMs: 0, changeMeanMs: M * 1000 });
    expect(variant('short-ttl').services.find((s) => s.name === 'origin')!.cache).toMatchObject({ ttlMs: T_SHORT * 1000 });
    expect(variant('invalidate').services.find((s) => s.name === 'origin')!.cache).toMatchObject({ ttlMs: T_LONG * 1000, invalidate: true });
    expect(scenario.features[0]).toMatchObject({ ratePerMs: LAMBDA / 1000, value: { success: VALUE, stale: STALE_VALUE } });
    expect(origin.workers).toBe(20);
  });

  it('misses reach the origin as a TTL cache predicts: 21.7% at 5 minutes, 42.7% at 30 s, 23.8% with invalidation', () => {
    const cases = [['base', T_LONG], ['short-ttl', T_SHORT], ['invalidate', life(T_LONG)]] as const;
    for (const [arm, t] of cases) {
      for (const r of runs[arm]()) expect(Math.abs(missesBefore(r) - missRatio(t)), `${arm} seed ${r.seed}: miss ratio ${missesBefore(r).toFixed(4)}`).toBeLessThanOrEqual(0.015);
    }
  });

  it('a 5-minute TTL serves 21% of its hits outdated (1 − (m/T)(1 − e^{−T/m})); 30 s, 2.5%; invalidation, none', () => {
    const base = runs.base().map(outdated);
    base.forEach((x, i) => expect(Math.abs(x - outdatedShare(T_LONG)), `seed ${SEEDS[i]}: ${x.toFixed(4)}`).toBeLessThanOrEqual(0.09));
    const mean = base.reduce((a, x) => a + x, 0) / base.length;
    expect(Math.abs(mean - outdatedShare(T_LONG)), `mean ${mean.toFixed(4)}`).toBeLessThanOrEqual(0.045);
    for (const r of runs['short-ttl']()) expect(Math.abs(outdated(r) - outdatedShare(T_SHORT)), `seed ${r.seed}`).toBeLessThanOrEqual(0.01);
    for (const r of runs.invalidate()) expect(r.features.landing.users.stale, `seed ${r.seed}`).toBe(0);
    for (const r of runs.base()) {
      expect(r.features.landing.causes.stale.map((c) => `${c.reason} at ${c.service}`), `seed ${r.seed}`).toEqual(['outdated at origin']);
    }
  });

  it('without the edge cache the origin cannot take the surge: it serves at most its 197 pages a second, and pages fail', () => {
    for (const r of runs['no-edge-cache']()) {
      const s = r.series, f = s.features.landing, window = (SURGE_END - PLATEAU) / 1000;
      // Before the surge the origin runs at 41%: only the rare reader with under ~0.3 s of patience
      // gives up (P = Φ(ln(0.3/4) / 0.668) ≈ 5·10⁻⁵ of landings); allow 1 in 1,000.
      expect(sumWindow(s, f.failed, WARMUP, SURGE) + sumWindow(s, f.abandoned, WARMUP, SURGE), `seed ${r.seed}: before the surge`)
        .toBeLessThanOrEqual(1e-3 * sumWindow(s, f.arrivals, WARMUP, SURGE));
      // Served pages are bounded by the origin's capacity (2% for Poisson work-time noise).
      expect(sumWindow(s, f.succeeded, PLATEAU, SURGE_END), `seed ${r.seed}`).toBeLessThanOrEqual(1.02 * CAPACITY * window);
      expect(sumWindow(s, f.failed, PLATEAU, SURGE_END) + sumWindow(s, f.abandoned, PLATEAU, SURGE_END), `seed ${r.seed}`)
        .toBeGreaterThan((3 * LAMBDA - CAPACITY) * window * 0.9);
    }
  });

  it('the lesson in money: outdated pages cost more than the short TTL’s, invalidation loses nearly nothing, no cache loses most', () => {
    SEEDS.forEach((seed, i) => {
      const [base, short, inv] = [runs.base()[i], runs['short-ttl']()[i], runs.invalidate()[i]];
      expect(loss(short), `seed ${seed}: short-ttl loses less than base`).toBeLessThan(0.5 * loss(base));
      expect(loss(inv), `seed ${seed}: invalidate loses nearly nothing`).toBeLessThan(0.02 * loss(base));
      // The price: the short TTL's origin renders about twice as many pages, invalidation ~10% more.
      expect(short.services.origin.arrivals / base.services.origin.arrivals, `seed ${seed}`).toBeGreaterThan(1.6);
      expect(inv.services.origin.arrivals / base.services.origin.arrivals, `seed ${seed}`).toBeLessThan(1.25);
    });
    runs['no-edge-cache']().forEach((r, i) => expect(loss(r), `seed ${r.seed}`).toBeGreaterThan(2 * loss(runs.base()[i])));
  });
});
