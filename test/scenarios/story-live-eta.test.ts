/**
 * The story of scenarios/live-eta.yaml: every screen of the API (menu 80/s, checkout 10/s, track
 * 30/s) calls routing for a live ETA, synchronously. Routing has 8 workers of exponential 50 ms
 * work and room for 58 waiting (66 in all). A 1.5× rush over [6m, 11m) (30 s ramps: plateau
 * [6m30s, 10m30s)) takes routing from 120 to 180 calls/s against a capacity of 160/s.
 *
 * Figures derived from the file. The API's own work comes first (log-normal p50 10 ms, p99 50 ms:
 * mean 12.7 ms) and is independent of arrivals, so routing sees a Poisson stream: an M/M/8/66
 * queue (test/support/queueing.ts mmcK).
 * - Normal evening (120/s): blocking ≈ 1e-7, W = 58.9 ms, so a screen takes 12.7 + 58.9 = 71.6 ms.
 * - Rush plateau (180/s): routing turns away 11.1% of calls (blocking), and an admitted call takes
 *   W = 362.8 ms: every screen, checkout included, is ≈ 304 ms slower (PRODUCT.md story 5: 300 ms),
 *   and the turned-away calls fail their screens (the call is required).
 * - optional-eta (timeout 200 ms, optional): nothing fails. Routing is the same M/M/8/66 (the API
 *   gives up on a call, routing still works on it). A screen is degraded (no ETA) when its call is
 *   turned away or takes longer than 200 ms: an arrival finding n ≥ 8 in system waits for n − 7
 *   completions at rate 160/s (Erlang) and then its own exponential work, so
 *   P(T ≤ t) = Σ p_n·P(Erlang(n − 7, 160) + Exp(20) ≤ t) / (1 − p_66), with
 *   P(Erlang(k, r) + Exp(μ) ≤ t) = F_k,r(t) − e^{−μt}·(r/(r − μ))^k·F_k,r−μ(t) (F: Erlang CDF).
 *   Normal: 2.47% degraded; rush plateau: 97.4% (11.1% turned away, and nearly all the rest late).
 * - bulkhead-eta (optional, at most 24 calls in flight): the calls in flight are exactly those at
 *   routing, so routing is an M/M/8/24 queue: at 180/s 12.3% of screens get no ETA (the bulkhead
 *   is full) and an admitted call takes W = 114.4 ms: screens take 127.1 ms.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { summarize } from '../../src/outcomes/summarize.js';
import { seedsFrom, sumWindow } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';
import { mmcK } from '../support/queueing.js';
import { bundled, latencyOver, lazyRuns, lognormalMean, variantNamed } from './story-support.js';

const family = comparisons('scenarios/story-live-eta');

const scenario = bundled('live-eta');
const variant = (name: string): Scenario => variantNamed(scenario, name);
const SEEDS = seedsFrom(1, 6);
const runs = lazyRuns(scenario, SEEDS);
const optional = lazyRuns(variant('optional-eta'), SEEDS);
const bulkheaded = lazyRuns(variant('bulkhead-eta'), SEEDS);

const FEATURES = ['menu', 'checkout', 'track'];
const WARMUP = 120_000, SPIKE = 360_000, END = 900_000;
// The plateau is [6m30s, 10m30s); from 7m the queue has long filled (at 20 calls/s over capacity, in ≈ 3 s).
const FULL_FROM = 420_000, FULL_TO = 630_000;
const NORMAL = 0.12, RUSH = 0.18; // routing calls per ms
const MU = 1 / 50, C = 8, K = 8 + 58, BULKHEAD = 24, ETA_TIMEOUT = 200;
const OWN = lognormalMean(10, 50); // ≈ 12.7 ms

/** Erlang(k, r) CDF at t (k = 0: a point mass at 0). */
function erlangCdf(k: number, r: number, t: number): number {
  let term = Math.exp(-r * t), sum = 0;
  for (let j = 0; j < k; j++) { sum += term; term *= (r * t) / (j + 1); }
  return 1 - sum;
}

/** P(an admitted call's sojourn in M/M/c/K exceeds t), from the arrival's view (PASTA). */
function lateShare(lambda: number, t: number): number {
  const { p } = mmcK(lambda, MU, C, K), r = C * MU;
  let onTime = 0;
  for (let n = 0; n < K; n++) {
    const k = Math.max(0, n - C + 1);
    onTime += p[n] * (erlangCdf(k, r, t) - Math.exp(-MU * t) * (r / (r - MU)) ** k * erlangCdf(k, r - MU, t));
  }
  return 1 - onTime / (1 - p[K]);
}

/** Share of all screens in [from, to) counted in `row` (failed or degraded), over all ended screens. */
function shareOf(r: RunResult, row: 'failed' | 'degraded', from: number, to: number): number {
  let hit = 0, all = 0;
  for (const f of FEATURES) {
    const s = r.series.features[f];
    hit += sumWindow(r.series, s[row], from, to);
    all += sumWindow(r.series, s.succeeded, from, to) + sumWindow(r.series, s.failed, from, to);
  }
  return hit / all;
}

const loss = (r: RunResult, s: Scenario) => summarize(r, s).totals.loss;

describe('live-eta: a synchronous ETA call spreads routing\'s overload to every screen', () => {
  it('is the scenario these figures were derived from', () => {
    // No features named: the rush multiplies every feature.
    expect(scenario.load).toEqual([{ kind: 'spike', features: [], startMs: SPIKE, durationMs: 300_000, factor: 1.5, rampUpMs: 30_000, rampDownMs: 30_000 }]);
    expect(scenario.features.map((f) => [f.name, f.ratePerMs * 1000, f.entry])).toEqual([['menu', 80, 'api'], ['checkout', 10, 'api'], ['track', 30, 'api']]);
    expect(scenario.services.find((s) => s.name === 'routing')).toMatchObject({ workers: C, queue: K - C, serviceTime: { kind: 'exponential', mean: 1 / MU } });
    expect(scenario.services.find((s) => s.name === 'api')!.calls).toMatchObject([{ to: 'routing', timeoutMs: 1000 }]);
    expect(variant('optional-eta').services.find((s) => s.name === 'api')!.calls).toMatchObject([{ to: 'routing', timeoutMs: ETA_TIMEOUT, optional: true }]);
    expect(variant('bulkhead-eta').services.find((s) => s.name === 'api')!.calls).toMatchObject([{ to: 'routing', bulkhead: BULKHEAD, optional: true }]);
  });

  it('on a normal evening a screen takes ≈ 71.6 ms (12.7 ms own work + an M/M/8 routing call) and none fails', () => {
    family.expectAgrees('menu latency before the rush, ms', runs().map((r) => latencyOver(r.series, 'menu', WARMUP, SPIKE)),
      OWN + mmcK(NORMAL, MU, C, K).W, { bias: 1 });
    for (const r of runs()) expect(shareOf(r, 'failed', WARMUP, SPIKE), `seed ${r.seed}`).toBe(0);
  });

  it('in the rush every screen is ≈ 304 ms slower, checkout included, though an order needs no ETA', () => {
    family.expectAgrees('menu latency in the rush, ms', runs().map((r) => latencyOver(r.series, 'menu', FULL_FROM, FULL_TO)),
      OWN + mmcK(RUSH, MU, C, K).W, { bias: 5 });
    for (const r of runs()) {
      const slower = latencyOver(r.series, 'checkout', FULL_FROM, FULL_TO) - latencyOver(r.series, 'checkout', WARMUP, SPIKE);
      expect(slower, `seed ${r.seed}: checkout slower by ${slower.toFixed(0)} ms`).toBeGreaterThan(250);
    }
  });

  it('routing turns away 11.1% of calls in the rush and each fails its screen: checkouts fail, checkout leaves its SLO', () => {
    // Bias 0.005: the customers' own checkout retries (≈ 1 call/s more) and bucket edges.
    family.expectAgrees('share of screens failed in the rush', runs().map((r) => shareOf(r, 'failed', FULL_FROM, FULL_TO)),
      mmcK(RUSH, MU, C, K).blocking, { bias: 0.005 });
    for (const r of runs()) {
      expect(sumWindow(r.series, r.series.features.checkout.failed, FULL_FROM, FULL_TO), `seed ${r.seed}: checkouts failed`).toBeGreaterThan(0);
      expect(summarize(r, scenario).features.checkout.slo!.outOfSloMs, `seed ${r.seed}`).toBeGreaterThanOrEqual(240_000);
    }
  });

  it('optional-eta: nothing fails and screens wait at most the 200 ms timeout, but routing still works on every call, so 97.4% of rush screens get no ETA (2.47% normally)', () => {
    family.expectAgrees('optional-eta: degraded share, normal evening', optional().map((r) => shareOf(r, 'degraded', WARMUP, SPIKE)),
      lateShare(NORMAL, ETA_TIMEOUT), { bias: 0.002 });
    family.expectAgrees('optional-eta: degraded share in the rush', optional().map((r) => shareOf(r, 'degraded', FULL_FROM, FULL_TO)),
      mmcK(RUSH, MU, C, K).blocking + (1 - mmcK(RUSH, MU, C, K).blocking) * lateShare(RUSH, ETA_TIMEOUT), { bias: 0.005 });
    for (const r of optional()) {
      for (const f of FEATURES) expect(r.features[f].failed, `seed ${r.seed} ${f}`).toBe(0);
      // A screen's own work (its p99 is 50 ms) plus at most the timeout.
      expect(latencyOver(r.series, 'menu', FULL_FROM, FULL_TO), `seed ${r.seed}`).toBeLessThan(OWN + ETA_TIMEOUT);
      expect(r.services.routing.wasted, `seed ${r.seed}: routing's work on calls the API gave up on`).toBeGreaterThan(0);
    }
  });

  it('bulkhead-eta: routing becomes an M/M/8/24 queue: 12.3% of rush screens get no ETA, screens take ≈ 127 ms, and nothing fails', () => {
    const q = mmcK(RUSH, MU, C, BULKHEAD);
    family.expectAgrees('bulkhead-eta: degraded share in the rush', bulkheaded().map((r) => shareOf(r, 'degraded', FULL_FROM, FULL_TO)), q.blocking, { bias: 0.005 });
    family.expectAgrees('bulkhead-eta: menu latency in the rush, ms', bulkheaded().map((r) => latencyOver(r.series, 'menu', FULL_FROM, FULL_TO)),
      // A screen whose call the bulkhead refuses returns after its own work alone.
      OWN + (1 - q.blocking) * q.W, { bias: 3 });
    for (const r of bulkheaded()) for (const f of FEATURES) expect(r.features[f].failed, `seed ${r.seed} ${f}`).toBe(0);
  });

  it('both variants lose at least 90% less (revenue + customers lost for good) than the synchronous call, in every seed', () => {
    runs().forEach((r, i) => {
      const base = loss(r, scenario);
      for (const [name, v] of [['optional-eta', optional()[i]], ['bulkhead-eta', bulkheaded()[i]]] as const) {
        const l = loss(v, variant(name));
        expect(l, `seed ${r.seed}: ${name} loses ${l.toFixed(0)}, the synchronous call ${base.toFixed(0)}`).toBeLessThanOrEqual(0.1 * base);
      }
    });
  });
});
