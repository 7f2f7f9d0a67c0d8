/**
 * The story of scenarios/licence-outage.yaml: 140 stream starts a second, each needing auth, a
 * licence and the CDN. The licence service is down (fail-fast) for one minute at 10m. Licences
 * are cached for 5 minutes (50,000 titles, Zipf(1) popularity) and may be served up to 10
 * minutes past expiry when the service fails.
 *
 * Figures derived from the file (λ = 140/s; title k is requested at a_k = λ·p_k with
 * p_k ∝ 1/(k+1); ttl = 300 s, S = serveStale = 600 s, outage [T0, T0 + D) = [600 s, 660 s)):
 * - Without the cache every start in the outage minute fails: λ·D = 8,400.
 * - With it, a start fails only when its title's entry is more than S past expiry. The model's
 *   cache starts warm (every entry expiring uniformly in [0, ttl) — src/model/cache.ts); a miss
 *   refills an entry for ttl and any entry refilled after time 0 is within S of expiry until
 *   t = 900 s. So at t in the outage, title k fails iff its first expiry e < t − S and it has
 *   not been requested since e: probability (e^{−a·S} − e^{−a·t})/(a·ttl). Integrating a·P over
 *   the outage: Σ_k [D·e^{−a_k S} − (e^{−a_k T0} − e^{−a_k (T0+D)})/a_k] / ttl ≈ 107 starts (1.3%).
 * - Long after the warm start (once ttl + S = 15 minutes have passed), a title's refills form a
 *   renewal process with gaps ttl + Exp(a); the age A since the last refill has
 *   P(A > x) = e^{−a(x−ttl)}/(1 + a·ttl) for x ≥ ttl, and no refill happens during the outage,
 *   so a start u seconds in fails iff A > ttl + S − u: Σ_k (e^{−a_k (S−D)} − e^{−a_k S})/(1 + a_k ttl)
 *   ≈ 895 starts (11%).
 *
 * FINDING: the description says "the brief outage passes without black screens". It does not:
 * rarely watched titles whose licence was last fetched more than 15 minutes ago (5 fresh + 10
 * stale) have nothing to serve. The bundled run shows ≈ 107 black screens only because its outage
 * comes 10 minutes after the cache's warm start; the same outage later in the day shows ≈ 895.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { seedsFrom, sumWindow, zipfProbabilities } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';
import { bundled, lazyRuns } from './story-support.js';

const family = comparisons('scenarios/story-licence-outage');

const scenario = bundled('licence-outage');
const SEEDS = seedsFrom(1, 6);
const runs = lazyRuns(scenario, SEEDS);

const LAMBDA = 140, KEYS = 50_000, TTL = 300, STALE = 600, T0 = 600, D = 60; // per s, s
const WARMUP = 120_000, END = 1_200_000;
/** Failures are recorded when the start fails (≈ 10 ms after arriving): count to the next bucket edge. */
const OUTAGE_WINDOW = [T0 * 1000, (T0 + D) * 1000 + 2_000] as const;

const rates = zipfProbabilities(KEYS, 1).map((p) => LAMBDA * p);
const warmStartFailures = rates.reduce((acc, a) =>
  acc + (D * Math.exp(-a * STALE) - (Math.exp(-a * T0) - Math.exp(-a * (T0 + D))) / a) / TTL, 0);
const steadyFailures = rates.reduce((acc, a) => acc + (Math.exp(-a * (STALE - D)) - Math.exp(-a * STALE)) / (1 + a * TTL), 0);

const failedIn = (r: RunResult, from: number, to: number) => sumWindow(r.series, r.series.features.watch.failed, from, to);
const arrivedIn = (r: RunResult, from: number, to: number) => sumWindow(r.series, r.series.features.watch.arrivals, from, to);

describe('licence-outage: a one-minute licence outage against a 5-minute licence cache that serves stale', () => {
  it('is the scenario these figures were derived from', () => {
    expect(scenario.faults).toEqual([{ kind: 'outage', service: 'licence', startMs: T0 * 1000, durationMs: D * 1000, mode: 'fail-fast' }]);
    expect(scenario.services.find((s) => s.name === 'licence')?.cache).toMatchObject({ keys: KEYS, zipf: 1, ttlMs: TTL * 1000, serveStaleMs: STALE * 1000 });
    expect(scenario.features[0]).toMatchObject({ ratePerMs: LAMBDA / 1000, entry: 'player' });
    expect(scenario.durationMs).toBe(END);
  });

  it('outside the outage minute, fewer than 1 start in 10,000 fails', () => {
    for (const r of runs()) {
      const failed = failedIn(r, WARMUP, OUTAGE_WINDOW[0]) + failedIn(r, OUTAGE_WINDOW[1], END);
      expect(failed, `seed ${r.seed}`).toBeLessThanOrEqual(1e-4 * r.features.watch.arrivals);
    }
  });

  it('during the outage the cache plays at least 98% of starts, fresh or stale', () => {
    for (const r of runs()) {
      expect(failedIn(r, ...OUTAGE_WINDOW) / arrivedIn(r, T0 * 1000, (T0 + D) * 1000), `seed ${r.seed}`).toBeLessThanOrEqual(0.02);
      expect(r.features.watch.stale, `seed ${r.seed}: starts played with a stale licence`).toBeGreaterThan(0);
      expect(r.services.licence.cache?.staleServed, `seed ${r.seed}`).toBe(r.features.watch.stale);
    }
  });

  it('but it is not free of black screens: ≈ 107 starts (1.3%) of rarely watched titles fail, their licence more than 10 minutes past expiry', () => {
    for (const r of runs()) expect(failedIn(r, ...OUTAGE_WINDOW), `seed ${r.seed}: black screens`).toBeGreaterThan(warmStartFailures / 2);
    // The count is close to Poisson: its variance is about its mean.
    family.expectAgrees('failed starts during the outage', runs().map((r) => failedIn(r, ...OUTAGE_WINDOW)), warmStartFailures,
      { se: Math.sqrt(warmStartFailures / SEEDS.length) });
  });

  it('without the cache, every start in the outage minute fails: ≈ 140/s × 60 s = 8,400', () => {
    const noCache: Scenario = {
      ...scenario, name: 'licence-outage without the cache',
      services: scenario.services.map((s) => (s.name === 'licence' ? { ...s, cache: undefined } : s)),
    };
    const rs = lazyRuns(noCache, seedsFrom(1, 3))();
    for (const r of rs) {
      expect(failedIn(r, ...OUTAGE_WINDOW), `seed ${r.seed}`).toBeGreaterThanOrEqual(0.99 * arrivedIn(r, T0 * 1000, (T0 + D) * 1000));
    }
    family.expectAgrees('failed starts during the outage, no cache', rs.map((r) => failedIn(r, ...OUTAGE_WINDOW)), LAMBDA * D, { se: Math.sqrt((LAMBDA * D) / rs.length) });
  });

  it('the 107 depends on the warm start: the same outage 30 minutes into the run black-screens ≈ 895 starts (11%)', () => {
    const late: Scenario = {
      ...scenario, name: 'licence-outage, outage at 30m', durationMs: 35 * 60_000,
      faults: [{ kind: 'outage', service: 'licence', startMs: 30 * 60_000, durationMs: D * 1000, mode: 'fail-fast' }],
    };
    const rs = lazyRuns(late, seedsFrom(1, 3))();
    family.expectAgrees('failed starts during an outage at 30m', rs.map((r) => failedIn(r, 30 * 60_000, 31 * 60_000 + 2_000)), steadyFailures,
      { se: Math.sqrt(steadyFailures / rs.length) });
  });
});
