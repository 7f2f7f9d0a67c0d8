/**
 * The story of scenarios/previews-vs-sync.yaml: sync (core, 50/s) and thumbnails (optional,
 * 100/s) each make one call to a shared storage backend (20 workers, exponential 40 ms). Storage
 * runs 4× slower over [6m, 10m). A dimmer sheds thumbnails when storage is above 85% busy for 5 s
 * and lets them back below 20% for 5 s.
 *
 * Figures derived from the file:
 * - Storage is offered 150 ops/s; normally it serves 20/40 ms = 500/s (30% busy); slowed, 125/s,
 *   less than the 150 offered but more than sync's 50 (50 × 160 ms / 20 = 40% busy).
 * - Dimming: slowed storage wants 150 × 0.16 = 24 busy workers of 20, so its busy share passes
 *   85% within the first second or two of the slowdown: the dimmer (one reading a second, 5 s
 *   hold) dims 5–7 s after 6m. While dimmed, one second's busy share is 40% ± 8% (50 syncs/s, each
 *   an exponential 160 ms: variance 2·50·160² worker-ms²), so it stays above 20% (2.5 SE) for 5 s
 *   running with negligible chance. After 10m sync alone keeps storage 10% busy (< 20%): it brightens
 *   5–7 s after 10m, and with thumbnails back storage runs at 30% (< 85%): it stays bright.
 * - Sync latency = sync-api's own work (log-normal p50 10 ms, p99 60 ms: mean 13.45 ms) + one
 *   storage call, an M/M/20 queue (Erlang C): 53.5 ms normally (150/s at 40 ms), 173.5 ms while
 *   thumbnails are shed (50/s at 160 ms).
 * - Sync's SLO (99.5% within 1 s over a trailing minute): in the seconds before the dimmer acts the
 *   storage queue grows by 25 ops/s, ≈ 150 ops (1.2 s of slowed work) when it dims, then drains at
 *   125 − 50 = 75/s in ≈ 2 s: syncs are slow only in the first ≈ 9 s, so sync is out of its SLO
 *   for at most those seconds + one 60 s window (70 s, whole 1 s buckets).
 * - Without the dimmer storage gets ≥ 25 ops/s more than it serves for 4 minutes; past ≈ 10 s its
 *   wait exceeds sync's 2 s client timeout, every sync times out, sync-api keeps working on the
 *   abandoned commits (no deadline propagation) and the clients retry (up to 3 times), so sync-api
 *   takes ≈ 200 tries/s and serves ≈ 60/s: a backlog of ≈ 140/s × 240 s ≈ 33,000 at 10m, drained
 *   at ≈ 400 − 200 = 200/s (storage's 500/s minus thumbnails' 100/s, against the tries) in
 *   ≈ 165 s. So sync fails from ≈ 6m10s to ≈ 12m45s; the test asserts the safe part: no more than
 *   1% of syncs succeed in [6m30s, 11m30s), and nearly all do again in the last minute.
 * - The bulkhead (previews-bulkhead) lets thumbnails hold at most B = 10 storage calls: slowed,
 *   at most B / 160 ms = 62.5 thumbnails/s (Little's law); with sync holding ≈ 8 workers, storage
 *   has 20 − 8 ≥ B left, so sync does not queue behind thumbnails.
 *
 * FINDING: the story's claim "protecting sync keeps sync within its SLO" holds for the bulkhead,
 * not quite for the dimmer: the 5 s the dimmer waits lets a queue build, and sync is out of its
 * one-minute SLO window once (≈ 1 minute, a few dozen slow syncs, no failures). Tested as such.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { summarize } from '../../src/outcomes/summarize.js';
import { seedsFrom, sumWindow } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';
import { mmc } from '../support/queueing.js';
import { bundled, ceilToBucket, floorToBucket, latencyOver, lazyRuns, levelOver, lognormalMean, variantNamed } from './story-support.js';

const family = comparisons('scenarios/story-previews-vs-sync');

const scenario = bundled('previews-vs-sync');
const variant = (name: string): Scenario => variantNamed(scenario, name);
const SEEDS = seedsFrom(1, 5);
const runs = lazyRuns(scenario, SEEDS);
const unprotected = lazyRuns(variant('no-protection'), SEEDS);
const bulkheaded = lazyRuns(variant('previews-bulkhead'), SEEDS);

const WARMUP = 120_000, T0 = 360_000, T1 = 600_000, END = 900_000;
const SYNC = 0.05, PREVIEWS = 0.1; // per ms
const WORKERS = 20, STORAGE = 40, SLOW = 4 * STORAGE; // ms
const OWN = lognormalMean(10, 60); // sync-api's own work, ≈ 13.45 ms
const BULKHEAD = 10;
const syncLatency = (opsPerMs: number, meanMs: number) => OWN + mmc(opsPerMs, 1 / meanMs, WORKERS).W;

function dimmerSteps(r: RunResult): { dim: number; brighten: number } {
  const changes = r.shedding[0].changes;
  expect(changes.map((c) => c.level), `seed ${r.seed}: the dimmer dims once and brightens once`).toEqual([1, 0]);
  return { dim: changes[0].t, brighten: changes[1].t };
}

const outcomes = (r: RunResult, s: Scenario) => summarize(r, s);

describe('previews-vs-sync: storage slows 4×; thumbnails are shed so sync keeps working', () => {
  it('is the scenario these figures were derived from', () => {
    expect(scenario.faults).toEqual([{ kind: 'latency', service: 'storage', startMs: T0, durationMs: T1 - T0, factor: 4, addMs: 0 }]);
    expect(scenario.shedding).toEqual([{ service: 'storage', signal: 'utilization', above: 0.85, below: 0.2, forMs: 5_000, levels: ['optional'] }]);
    expect(scenario.features.map((f) => [f.name, f.ratePerMs, f.priority])).toEqual([['sync', SYNC, 'core'], ['previews', PREVIEWS, 'optional']]);
    expect(scenario.services.find((s) => s.name === 'storage')).toMatchObject({ workers: WORKERS, serviceTime: { kind: 'exponential', mean: STORAGE } });
    expect(variant('previews-bulkhead').services.find((s) => s.name === 'preview-api')!.calls[0]).toMatchObject({ bulkhead: BULKHEAD });
    expect(variant('no-protection').shedding ?? []).toEqual([]);
  });

  it('the dimmer sheds thumbnails 5–7 s after storage slows down and lets them back 5–7 s after it recovers', () => {
    for (const r of runs()) {
      const { dim, brighten } = dimmerSteps(r);
      expect(dim - T0, `seed ${r.seed}: dimmed ${(dim - T0) / 1000} s into the slowdown`).toBeGreaterThanOrEqual(5_000);
      expect(dim - T0, `seed ${r.seed}`).toBeLessThanOrEqual(7_000);
      expect(brighten - T1, `seed ${r.seed}: brightened ${(brighten - T1) / 1000} s after it`).toBeGreaterThanOrEqual(5_000);
      expect(brighten - T1, `seed ${r.seed}`).toBeLessThanOrEqual(7_000);
    }
  });

  it('while dimmed every thumbnail is refused, storage runs ≈ 40% busy serving sync alone, and syncs fail only before the dimmer acts', () => {
    for (const r of runs()) {
      const { dim, brighten } = dimmerSteps(r);
      const s = r.series, p = s.features.previews, from = ceilToBucket(s, dim), to = floorToBucket(s, brighten);
      expect(sumWindow(s, p.shed, from, to), `seed ${r.seed}: thumbnails shed while dimmed`).toBe(sumWindow(s, p.arrivals, from, to));
      // A sync may time out (2 s) in the queue of the first seconds, before the dimmer acts (the
      // timeout lands up to 2 s after it does; the queue then drains in ≈ 2 s). After that only a slowed storage call longer than ≈ 2 s can: P ≈ e^(−2000/160) = 3.7e-6 for each
      // of ≈ 12,000 syncs, 0.045 expected per run; 3 or more has probability 1.5e-5.
      expect(sumWindow(s, s.features.sync.failed, from + 4_000, Infinity), `seed ${r.seed}: syncs failed once dimmed`).toBeLessThanOrEqual(2);
      // Before the dimmer acts, storage's queue may pass the web app's 2 s wait for a few thumbnails
      // (their timeouts land up to 2 s after it acts); after that, thumbnails fail only by being shed.
      expect(sumWindow(s, p.failed, from + 5_000, Infinity) - sumWindow(s, p.shed, from + 5_000, Infinity), `seed ${r.seed}: thumbnails failed otherwise once dimmed`).toBe(0);
    }
    // From 10 s after dimming (the queue of the first seconds has drained) to the end of the slowdown.
    family.expectAgrees('storage utilization while dimmed',
      runs().map((r) => levelOver(r.series, r.series.services.storage.utilization, ceilToBucket(r.series, dimmerSteps(r).dim + 10_000), T1)),
      (SYNC * SLOW) / WORKERS, { bias: 0.01 });
  });

  it('sync takes ≈ 53.5 ms normally and ≈ 173.5 ms while dimmed (slowed storage, no queue)', () => {
    family.expectAgrees('sync latency before the slowdown, ms', runs().map((r) => latencyOver(r.series, 'sync', WARMUP, T0)),
      syncLatency(SYNC + PREVIEWS, STORAGE), { bias: 1 });
    family.expectAgrees('sync latency while dimmed, ms',
      runs().map((r) => latencyOver(r.series, 'sync', ceilToBucket(r.series, dimmerSteps(r).dim + 10_000), T1)),
      syncLatency(SYNC, SLOW), { bias: 2 });
  });

  it('sync is out of its SLO for at most 70 s (the queue built while the dimmer waited), and nothing it does costs value', () => {
    for (const r of runs()) {
      const o = outcomes(r, scenario).features.sync;
      expect(o.slo!.outOfSloMs, `seed ${r.seed}: sync out of its SLO`).toBeLessThanOrEqual(70_000);
      // The few syncs that time out before the dimmer acts are retried by the client ≈ 10 s later,
      // when storage serves sync alone without a queue: every intent ends served.
      expect(o.value.lost, `seed ${r.seed}: sync value lost`).toBe(0);
      expect(o.churn.count, `seed ${r.seed}: users lost for good`).toBe(0);
    }
  });

  it('without the dimmer sync collapses: no more than 1% of syncs succeed from 6m30s to 11m30s, then it recovers by the last minute', () => {
    for (const r of unprotected()) {
      const s = r.series, f = s.features.sync;
      expect(sumWindow(s, f.succeeded, T0 + 30_000, T1 + 90_000), `seed ${r.seed}: syncs that succeeded`)
        .toBeLessThanOrEqual(0.01 * sumWindow(s, f.arrivals, T0 + 30_000, T1 + 90_000));
      expect(sumWindow(s, f.failed, END - 60_000, END), `seed ${r.seed}: syncs failed in the last minute`).toBe(0);
      const o = outcomes(r, variant('no-protection')).features.sync;
      expect(o.slo!.outOfSloMs, `seed ${r.seed}: sync out of its SLO`).toBeGreaterThan(T1 - T0);
    }
  });

  it('the dimmer loses at least 90% less (revenue + users lost for good) than no protection, in every seed', () => {
    runs().forEach((r, i) => {
      const base = outcomes(r, scenario).totals.loss, bare = outcomes(unprotected()[i], variant('no-protection')).totals.loss;
      expect(base, `seed ${r.seed}: loss ${base.toFixed(0)} with the dimmer, ${bare.toFixed(0)} without`).toBeLessThanOrEqual(0.1 * bare);
    });
  });

  it('the bulkhead keeps sync in its SLO throughout, serves 50–62.5 thumbnails/s while slowed (Little: B / 160 ms), and loses fewer than the dimmer', () => {
    bulkheaded().forEach((r, i) => {
      const o = outcomes(r, variant('previews-bulkhead'));
      expect(o.features.sync.slo!.outOfSloMs, `seed ${r.seed}: sync out of its SLO`).toBe(0);
      expect(r.features.sync.failed, `seed ${r.seed}: syncs failed (a rare storage call over 2 s, as with the dimmer)`).toBeLessThanOrEqual(2);
      // Upper bound: Little's law (≤ B calls held, each ≥ 160 ms on average); 2% for Poisson
      // noise over 4 minutes. Lower bound: a freed slot waits ≈ 10 ms for the next thumbnail
      // (100/s) and storage queues a little (at most B + sync's ≈ 8 of 20 workers): ≥ 80% of it.
      const served = sumWindow(r.series, r.series.features.previews.succeeded, T0 + 10_000, T1) / (T1 - T0 - 10_000);
      const cap = BULKHEAD / SLOW;
      expect(served, `seed ${r.seed}: thumbnails/ms served while slowed`).toBeLessThanOrEqual(1.02 * cap);
      expect(served, `seed ${r.seed}`).toBeGreaterThanOrEqual(0.8 * cap);
      const dimmed = outcomes(runs()[i], scenario).features.previews.value.lost;
      expect(o.features.previews.value.lost, `seed ${r.seed}: thumbnail value lost`).toBeLessThan(dimmed);
    });
  });
});
