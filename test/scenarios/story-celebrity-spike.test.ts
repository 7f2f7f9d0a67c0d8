/**
 * The story of scenarios/celebrity-spike.yaml: a 10× surge for five minutes (8m–13m, 30 s ramps
 * up and down). The app does not scale; a dimmer on the database (utilization above 85% for 5 s)
 * sheds recommendations (optional) first, then comments (important); the feed (core) is kept.
 *
 * Figures derived from the file (the db has 40 workers of exponential 40 ms work):
 * - DB calls: feed 40/s and comments 15/s call it once, recommendations 25/s twice: 105/s at
 *   load multiplier f, so utilization u = 105·f × 40 ms / 40 = 0.105·f (10.5% before the spike);
 *   with recommendations shed, 55·f calls/s: u = 0.055·f (55% at the peak).
 * - The ramp: f = 1 + 9·(t − 8m)/30 s. u passes 85% at f = 8.1, i.e. t = 503.7 s; the dimmer reads
 *   u once a second over the second just ended, so the first second above is (504, 505] and it
 *   dims 5 s after 504 s: at ≈ 509 s (29 s after the spike starts). One-second readings carry
 *   ≈ 2.5% of noise (Poisson calls), which at the ramp's slope moves this by at most ±4 s.
 * - At the peak, with recommendations shed, u = 55%: between 50% and 85%, so the dimmer neither
 *   sheds comments nor brightens. On the ramp down (f = 10 − 9·(t − 12m30s)/30 s) u drops below
 *   50% at f = 9.09, t = 753.0 s: it brightens 5 s after the first second below, ≈ 758 s (±6 s).
 *   Recommendations then add back 0.05·f: u = 0.105 × 7.6 = 80% < 85%, so it stays bright.
 * - Feed latency = app's own work (log-normal p50 10 ms, p99 60 ms: mean 13.45 ms) + the db call,
 *   an M/M/40 queue (Erlang C): 53.45 ms before the spike and during it with the dimmer on.
 * - Without the dimmer the db would be offered 105% of its capacity. It saturates, and what limits
 *   it is the recommendations service's 100 workers, each held for its own work (41.8 ms) plus two
 *   db calls (40 ms + wait W each): db throughput 1000/s = 400 + 150 + 2·X with X = 100/(121.8 + 2W)
 *   ms⁻¹ gives X = 225/s and W = 161 ms, so the feed takes 13.45 + 40 + 161 ≈ 215 ms, 4× slower;
 *   recommendations queue behind the full pool (offered 250/s, served 225/s) and time out.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { seedsFrom, sumWindow } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';
import { mmc } from '../support/queueing.js';
import { bundled, ceilToBucket, floorToBucket, latencyOver, lazyRuns, levelOver, lognormalMean, variantNamed } from './story-support.js';

const family = comparisons('scenarios/story-celebrity-spike');

const scenario = bundled('celebrity-spike');
const noDimmer: Scenario = variantNamed(scenario, 'no-dimmer');
const SEEDS = seedsFrom(1, 6);
const runs = lazyRuns(scenario, SEEDS);
const undimmedRuns = lazyRuns(noDimmer, seedsFrom(1, 4));

const WARMUP = 120_000, SPIKE = 480_000, PEAK = 510_000, DOWN = 750_000, END_SPIKE = 780_000;
const DB_WORKERS = 40, DB_MEAN = 40; // ms
const APP_OWN = lognormalMean(10, 60); // ≈ 13.45 ms
const DIM_AT = 509_000, BRIGHTEN_AT = 758_000;
const feedLatency = (dbCallsPerMs: number) => APP_OWN + mmc(dbCallsPerMs, 1 / DB_MEAN, DB_WORKERS).W;

function dimmerSteps(r: RunResult): { dim: number; brighten: number } {
  const changes = r.shedding[0].changes;
  expect(changes.map((c) => c.level), `seed ${r.seed}: the dimmer dims one step and brightens once`).toEqual([1, 0]);
  return { dim: changes[0].t, brighten: changes[1].t };
}

describe('celebrity-spike: a 10× spike; the dimmer sheds recommendations and the feed keeps its latency', () => {
  it('is the scenario these figures were derived from', () => {
    expect(scenario.load).toEqual([{ kind: 'spike', features: ['feed', 'comments', 'recommendations'], startMs: SPIKE, durationMs: 300_000, factor: 10, rampUpMs: 30_000, rampDownMs: 30_000 }]);
    expect(scenario.shedding).toEqual([{ service: 'db', signal: 'utilization', above: 0.85, below: 0.5, forMs: 5_000, levels: ['optional', 'important'] }]);
    expect(scenario.features.map((f) => [f.name, f.ratePerMs * 1000, f.priority])).toEqual([['feed', 40, 'core'], ['comments', 15, 'important'], ['recommendations', 25, 'optional']]);
    expect(scenario.services.find((s) => s.name === 'db')).toMatchObject({ workers: DB_WORKERS, serviceTime: { kind: 'exponential', mean: DB_MEAN } });
    expect(noDimmer.shedding ?? []).toEqual([]);
  });

  it('the dimmer starts shedding recommendations 29 ± 4 s after the spike starts, when the db has been above 85% for 5 s', () => {
    for (const r of runs()) {
      const { dim } = dimmerSteps(r);
      expect(Math.abs(dim - DIM_AT), `seed ${r.seed}: dimmed at ${dim / 1000} s`).toBeLessThanOrEqual(4_000);
    }
  });

  it('while dimmed, every recommendation is shed and the db runs at ≈ 55% instead of 105%', () => {
    for (const r of runs()) {
      const { dim, brighten } = dimmerSteps(r);
      const s = r.series, rec = s.features.recommendations, from = ceilToBucket(s, dim), to = floorToBucket(s, brighten);
      const arrivals = sumWindow(s, rec.arrivals, from, to);
      expect(sumWindow(s, rec.shed, from, to), `seed ${r.seed}: recommendations shed while dimmed`).toBe(arrivals);
      expect(sumWindow(s, rec.succeeded, from + s.bucketMs, to), `seed ${r.seed}`).toBe(0);
    }
    family.expectAgrees('db utilization at the peak, recommendations shed',
      runs().map((r) => levelOver(r.series, r.series.services.db.utilization, ceilToBucket(r.series, dimmerSteps(r).dim + 4_000), DOWN)),
      (55 * 10 * DB_MEAN) / 1000 / DB_WORKERS, { bias: 0.01 });
  });

  it('comments (important) and the feed (core) are never shed, and nothing fails', () => {
    for (const r of runs()) {
      for (const name of ['feed', 'comments']) {
        expect(r.features[name].shed, `seed ${r.seed} ${name}`).toBe(0);
        expect(r.features[name].failed, `seed ${r.seed} ${name}`).toBe(0);
      }
      expect(Math.max(...r.shedding[0].changes.map((c) => c.level)), `seed ${r.seed}: deepest level`).toBe(1);
      expect(r.features.recommendations.failed, `seed ${r.seed}: recommendations fail only by being shed`).toBe(r.features.recommendations.shed);
    }
  });

  it('the feed keeps its latency: ≈ 53 ms before the spike and during it (13.45 ms own work + an M/M/40 db call)', () => {
    family.expectAgrees('feed latency before the spike, ms', runs().map((r) => latencyOver(r.series, 'feed', WARMUP, SPIKE)), feedLatency(0.105), { bias: 0.5 });
    family.expectAgrees('feed latency at the peak, ms',
      runs().map((r) => latencyOver(r.series, 'feed', ceilToBucket(r.series, dimmerSteps(r).dim + 4_000), DOWN)),
      feedLatency(0.55), { bias: 0.5 });
  });

  it('the dimmer brightens ≈ 8 s into the ramp down (758 ± 6 s), and recommendations are served again', () => {
    for (const r of runs()) {
      const { brighten } = dimmerSteps(r);
      expect(Math.abs(brighten - BRIGHTEN_AT), `seed ${r.seed}: brightened at ${brighten / 1000} s`).toBeLessThanOrEqual(6_000);
      const s = r.series, rec = s.features.recommendations, from = ceilToBucket(s, brighten + 2_000);
      expect(sumWindow(s, rec.shed, from, Infinity), `seed ${r.seed}: shed after brightening`).toBe(0);
      expect(sumWindow(s, rec.succeeded, END_SPIKE, Infinity), `seed ${r.seed}`).toBeGreaterThan(0);
    }
  });

  it('without the dimmer the feed still succeeds but takes ≈ 215 ms, 4× longer, and recommendations time out instead of being shed', () => {
    // Floor 10 ms: the closed form treats the saturated db as serving exactly 1000 calls/s and the
    // recommendations pool as exactly full.
    const recsThroughput = (DB_WORKERS / DB_MEAN - (40 + 15) * 10 / 1000) / 2; // per ms: (1000 − 550)/2 = 225/s
    const recsHold = 100 / recsThroughput; // ms a recommendations worker is held: 444 ms
    const dbWait = (recsHold - lognormalMean(30, 200) - 2 * DB_MEAN) / 2; // ≈ 161 ms
    family.expectAgrees('feed latency at the peak without the dimmer, ms',
      undimmedRuns().map((r) => latencyOver(r.series, 'feed', PEAK + 30_000, DOWN)), APP_OWN + DB_MEAN + dbWait, { bias: 10 });
    for (const r of undimmedRuns()) {
      expect(r.features.feed.failed, `seed ${r.seed}`).toBe(0);
      const s = r.series, rec = s.features.recommendations;
      // Offered 250/s, served ≈ 225/s: the queue grows and waits soon pass the 3 s timeout.
      expect(sumWindow(s, rec.failed, PEAK + 60_000, DOWN), `seed ${r.seed}: recommendations failed at the peak`)
        .toBeGreaterThan(0.5 * sumWindow(s, rec.arrivals, PEAK + 60_000, DOWN));
      expect(r.edges['user->recommendations'].timeouts, `seed ${r.seed}`).toBe(r.features.recommendations.failed);
    }
  });
});
