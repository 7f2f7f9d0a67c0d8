/**
 * Published behaviour: a Hystrix-style circuit breaker (rolling window of buckets, minimum
 * volume, error threshold, sleep window, one half-open trial).
 *
 * Set-up: users call `front` at λ = 100/s; `front` calls `back` through a breaker with a 10 s
 * window of 10 buckets, threshold 50%, minimum 20 requests, sleep 5 s. `back` answers every
 * request with an error from t0 = 60 s to t1 = 180 s (an `errors` fault of rate 1).
 *
 * What Hystrix's rules imply, derived here rather than read off a run:
 * - Opening. At t0 + x the window holds the failures since t0 (≈ 100·x) and the successes of the
 *   1 s buckets in [t0 + ⌊x⌋ − 9, t0) (≈ 100·(9 − ⌊x⌋); t0 is bucket-aligned). The failure
 *   share first reaches 50% at x = 5 s exactly in expectation (500 failures vs 400 successes;
 *   just before 5 s it is ≈ 499 vs 500). Poisson noise (SD ≈ 30 on each count) can bring it
 *   forward by a few tenths of a second; before x = 4 s it would need a 3.4σ excursion. So it
 *   opens in [t0 + 3.5 s, t0 + 5.2 s], and only once (closed → open).
 * - Open. Calls are refused at once (short-circuited): ≈ λ · (time open) of them. After each
 *   sleep the next call is the single trial; during the fault it fails after `back`'s work and
 *   the breaker re-opens, so trials come once per sleep + wait for the next call (1/λ) + the
 *   trial's work (mean 10 ms): `back` sees exactly those trials.
 * - Closing. The first trial after t1 succeeds and closes it: within one trial period of t1.
 *   Afterwards nothing fails.
 * - Minimum volume: at 0.5 requests/s the window never holds 20 requests (Poisson(5) ≥ 20 has
 *   probability ≈ 3·10⁻⁷), so it never opens however many fail; with a minimum of 2 it does.
 *
 * The model counts a short-circuited call as an attempt on the edge (refused at once, never
 * sent): attempts − shortCircuited = attempts that reached `back`.
 */
import { describe, expect, it } from 'vitest';
import type { BreakerSpec, Scenario } from '../../src/scenario/types.js';
import type { RunResult } from '../../src/model/result.js';
import { constant, exp, replicate, seedsFrom, sumWindow } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';

const family = comparisons('model/behaviour-breaker');

const SEEDS = seedsFrom(1, 10);
const T0 = 60_000, T1 = 180_000;
const SLEEP = 5_000;
const BREAKER: BreakerSpec = { windowMs: 10_000, buckets: 10, minimumRequests: 20, errorThreshold: 0.5, sleepMs: SLEEP };
const BACK_MEAN = 10;

function scenario(name: string, ratePerMs: number, breaker: BreakerSpec): Scenario {
  return {
    name, durationMs: 330_000, warmupMs: 30_000, seed: 1,
    features: [{ name: 'f', ratePerMs, entry: 'front' }],
    services: [
      { name: 'front', workers: 100, queue: Infinity, serviceTime: constant(1), calls: [{ to: 'back', breaker }] },
      { name: 'back', workers: 100, queue: Infinity, serviceTime: exp(BACK_MEAN), calls: [] },
    ],
    faults: [{ kind: 'errors', service: 'back', startMs: T0, durationMs: T1 - T0, rate: 1 }],
  };
}

/** When the breaker first opened and last closed, from the per-bucket share of time open. */
function openInterval(r: RunResult): { openAt: number; closeAt: number } {
  const s = r.series, share = s.edges['front->back'].breakerOpenShare;
  const first = share.findIndex((x) => x > 0);
  let last = -1;
  share.forEach((x, b) => { if (x > 0) last = b; });
  expect(first, `seed ${r.seed}: the breaker never opened`).toBeGreaterThanOrEqual(0);
  return {
    openAt: s.t[first] + s.bucketMs * (1 - share[first]),
    closeAt: s.t[last] + s.bucketMs * share[last],
  };
}

describe('circuit breaker (Hystrix): window, threshold, minimum volume, sleep, one half-open trial', () => {
  const rate = 0.1; // 100 requests/s
  const runs = () => replicate(scenario('breaker 100/s', rate, BREAKER), SEEDS);
  let cached: RunResult[] | undefined;
  const rs = () => (cached ??= runs());

  it('opens once, about 5 s after the errors start (50% of a 10 s window)', () => {
    for (const r of rs()) {
      const { openAt } = openInterval(r);
      expect(r.edges['front->back'].breakerOpened, `seed ${r.seed}`).toBe(1);
      expect(openAt - T0, `seed ${r.seed}: opened ${openAt - T0} ms after the errors began`).toBeGreaterThanOrEqual(3_500);
      expect(openAt - T0, `seed ${r.seed}: opened ${openAt - T0} ms after the errors began`).toBeLessThanOrEqual(5_200);
    }
  });

  it('while open, lets one trial through per sleep window and short-circuits the rest', () => {
    const period = SLEEP + 1 / rate + BACK_MEAN;
    for (const r of rs()) {
      const { openAt } = openInterval(r);
      const from = Math.ceil((openAt + 1_000) / r.series.bucketMs) * r.series.bucketMs;
      // During the fault every request `back` works on errors: the errors are the trials.
      const trials = sumWindow(r.series, r.series.services.back.errors, from, T1);
      const expected = (T1 - from) / period;
      expect(Math.abs(trials - expected), `seed ${r.seed}: ${trials} trials in ${T1 - from} ms, expected ≈ ${expected.toFixed(1)}`)
        .toBeLessThanOrEqual(1.5);
      const e = r.edges['front->back'];
      expect(e.attempts - e.shortCircuited, `seed ${r.seed}: attempts that reached back`).toBe(r.services.back.arrivals);
    }
    // Short-circuited calls: Poisson with mean λ · (time open), less the few trials.
    family.expectAgrees('short-circuited / (λ · time open)',
      rs().map((r) => r.edges['front->back'].shortCircuited / (rate * r.edges['front->back'].breakerOpenMs)), 1,
      { se: 1 / Math.sqrt(rate * 115_000 * SEEDS.length), bias: 30 / (rate * 115_000) });
  });

  it('closes on the first trial after the fault ends, and nothing fails after', () => {
    const period = SLEEP + 1 / rate + BACK_MEAN;
    for (const r of rs()) {
      const { openAt, closeAt } = openInterval(r);
      expect(closeAt, `seed ${r.seed}`).toBeGreaterThanOrEqual(T1);
      expect(closeAt - T1, `seed ${r.seed}: closed ${closeAt - T1} ms after the fault ended`).toBeLessThanOrEqual(period + 100);
      expect(Math.abs(r.edges['front->back'].breakerOpenMs - (closeAt - openAt))).toBeLessThanOrEqual(2);
      const after = Math.ceil((closeAt + 1_000) / r.series.bucketMs) * r.series.bucketMs;
      expect(sumWindow(r.series, r.series.features.f.failed, after, Infinity), `seed ${r.seed}: failures after closing`).toBe(0);
      expect(sumWindow(r.series, r.series.features.f.succeeded, after, Infinity)).toBeGreaterThan(0);
      // Before the fault nothing failed either; while open every request failed fast.
      expect(sumWindow(r.series, r.series.features.f.failed, 0, T0)).toBe(0);
      const from = Math.ceil((openAt + 1_000) / r.series.bucketMs) * r.series.bucketMs;
      expect(sumWindow(r.series, r.series.features.f.succeeded, from, T1)).toBe(0);
    }
  });

  it('never opens below the minimum volume (0.5 requests/s, minimum 20), but does with minimum 2', () => {
    for (const r of replicate(scenario('breaker 0.5/s', 0.0005, BREAKER), SEEDS)) {
      const e = r.edges['front->back'];
      expect(e.breakerOpened, `seed ${r.seed}`).toBe(0);
      expect(e.shortCircuited).toBe(0);
      expect(r.services.back.errors).toBeGreaterThan(30); // the errors were there: ≈ 0.5/s · 120 s
    }
    for (const r of replicate(scenario('breaker 0.5/s min 2', 0.0005, { ...BREAKER, minimumRequests: 2 }), SEEDS)) {
      expect(r.edges['front->back'].breakerOpened, `seed ${r.seed}`).toBeGreaterThanOrEqual(1);
      expect(r.edges['front->back'].shortCircuited).toBeGreaterThan(0);
    }
  });
});
