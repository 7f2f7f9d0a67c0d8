/**
 * Two control loops seen end to end through `simulate()`, against what the queue really does:
 * - The brownout dimmer on the queue-length signal: it dims once the time-averaged queue length
 *   has stayed above `above` for `for`, and brightens once it has stayed below `below` for `for`
 *   (README "Defences"; src/model/shedding.ts). A spike of optional work overloads an M/M/10;
 *   the queue's growth and drain are a random walk with a known drift, so when the signal crosses
 *   each threshold follows from a fluid model with a ±6σ window, and the per-second signal the
 *   dimmer saw can be rebuilt from the reported series and checked tick by tick.
 * - Autoscale scale-down: after load falls, the HPA rule desired = ceil(current·u/target) removes
 *   instances at the next evaluation out of cooldown; capacity follows at once, work in progress
 *   on the removed instances finishes (nothing is lost), and instance-hours and cost fall by the
 *   exact area of the schedule.
 * Comparisons go through the shared family of test/support/family.ts. No expected value is
 * taken from the simulator's output.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { exp, expectConservation, replicate, seedsFrom, sumWindow } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';
import { mmc } from '../support/queueing.js';
import { of, timeAverageSE, type Queue } from '../support/variance.js';

const family = comparisons('model/control-signals');

/** Reported figures (per-bucket means too) are rounded to 3 decimals. */
const R3 = 5e-4;

describe('dimmer on the queue-length signal', () => {
  /*
   * db: 10 workers, exponential 10 ms (capacity cμ = 1/ms), unbounded queue. core 0.5/ms and
   * optional 0.2/ms: ρ = 0.7, a queue of ~0.7 on average (M/M/10). From 60 s to 64 s optional
   * steps ×5 to 1/ms: 1.5/ms offered, so the queue grows at drift d = 0.5/ms (all 10 busy, so
   * departures are Poisson at 1/ms): ≈ 250 on average over the first second, far above 100.
   * Dimmer: queue above 100 for 3 s dims (sheds optional), below 5 for 3 s brightens.
   * - Dim: the tick (60 s, 61 s] is the first above (its fluid average 250 is ~6 sd above 100;
   *   a queue of 100 at ρ = 0.7 has probability ~0.7^100 before), so the run above starts at
   *   60 s and the dimmer dims at exactly 63 s.
   * - Drain: with optional shed, only core arrives: the queue, ≈ 1 500 at 63 s (sd √(2.5/ms·3 s)
   *   ≈ 87), falls at 0.5/ms and empties near 66 s; a random walk of drift −0.5 and variance
   *   1.5 per ms needs Q/0.5 ms to empty, sd √(Q·1.5/0.5³) ≈ 134 ms. The first whole tick after
   *   it averages ≪ 5 (M/M/10 at 5 erlangs hardly queues), so brightening comes 3 s after a tick
   *   boundary within 6 sd of the fluid emptying time.
   * - After: optional is back at 0.2/ms (ρ = 0.7): the queue never again nears 100.
   */
  const STEP_AT = 60_000, SPIKE = 4_000, FOR = 3_000, ABOVE = 100, BELOW = 5, TICK = 1_000, END = 100_000;
  const CORE = 0.5, OPTIONAL = 0.2, FACTOR = 5, CAPACITY = 1, MEAN = 10;
  const scenario: Scenario = {
    name: 'queue dimmer', durationMs: END, warmupMs: 10_000, seed: 1,
    features: [
      { name: 'core', ratePerMs: CORE, entry: 'db', priority: 'core' },
      { name: 'optional', ratePerMs: OPTIONAL, entry: 'db', priority: 'optional' },
    ],
    services: [{ name: 'db', workers: 10, queue: Infinity, serviceTime: exp(MEAN), calls: [] }],
    load: [{ kind: 'step', features: ['optional'], startMs: STEP_AT, durationMs: SPIKE, factor: FACTOR }],
    shedding: [{ service: 'db', signal: 'queue', above: ABOVE, below: BELOW, forMs: FOR, levels: ['optional'] }],
  };
  const SEEDS = seedsFrom(1, 6);
  const growth = CORE + FACTOR * OPTIONAL - CAPACITY; // 0.5/ms while the spike lasts
  const drain = CAPACITY - CORE; // 0.5/ms once optional is shed
  const dimAt = STEP_AT + FOR;
  /** Fluid emptying time and its sd (queue at the dim, then a first passage to 0). */
  const q63 = growth * FOR, q63sd = Math.sqrt((CORE + FACTOR * OPTIONAL + CAPACITY) * FOR);
  const emptyAt = dimAt + q63 / drain;
  const emptySd = Math.sqrt((q63sd / drain) ** 2 + (q63 * (CORE + CAPACITY)) / drain ** 3);

  /** The signal the dimmer saw for the tick ending at `t`: the series' queue length averaged over it. */
  const tickSignal = (r: RunResult, t: number) => {
    const s = r.series, q = s.services.db.meanQueueLength;
    let sum = 0, n = 0;
    for (let b = 0; b < s.t.length; b++) if (s.t[b] >= t - TICK && s.t[b] + s.bucketMs <= t) { sum += q[b]; n++; }
    expect(n * s.bucketMs, `the series covers the tick ending at ${t}`).toBe(TICK);
    return sum / n;
  };

  let cached: RunResult[] | undefined;
  const rs = () => (cached ??= replicate(scenario, SEEDS));

  it('dims exactly `for` after the queue went above, brightens `for` after it stayed below, sheds only optional meanwhile', () => {
    for (const r of rs()) {
      expectConservation(r);
      const d = r.shedding[0], where = `seed ${r.seed}`;
      expect(d.signal).toBe('queue');
      expect(d.changes.length, `${where}: one dim and one brighten, ${JSON.stringify(d.changes)}`).toBe(2);
      const [dim, bright] = d.changes;
      expect(dim, where).toEqual({ t: dimAt, level: 1 });
      expect(bright.level).toBe(0);
      expect(d.shedMs).toBe(bright.t - dim.t);
      // What the queue did, tick by tick (each tick's average, from the series, is unambiguous):
      // above 100 from the spike's first tick to the dim; below 5 for exactly `for` before the
      // brightening, and not in the tick just before that run.
      for (let t = STEP_AT + TICK; t <= dimAt; t += TICK) expect(tickSignal(r, t), `${where}: tick ending ${t}`).toBeGreaterThan(ABOVE);
      expect(tickSignal(r, STEP_AT), where).toBeLessThan(BELOW);
      const runFrom = bright.t - FOR;
      for (let t = runFrom + TICK; t <= bright.t; t += TICK) expect(tickSignal(r, t), `${where}: tick ending ${t}`).toBeLessThan(BELOW);
      expect(tickSignal(r, runFrom), `${where}: the below run starts at ${runFrom}`).toBeGreaterThanOrEqual(BELOW);
      // ... and when the fluid model says the queue empties.
      expect(runFrom, where).toBeGreaterThanOrEqual(Math.floor((emptyAt - 6 * emptySd) / TICK) * TICK);
      expect(runFrom, where).toBeLessThanOrEqual(Math.ceil((emptyAt + 6 * emptySd) / TICK) * TICK);
      // Only optional is shed, only while dimmed; core never fails (unbounded queue).
      expect(r.features.core.shed).toBe(0);
      expect(r.features.core.failed).toBe(0);
      expect(r.features.optional.failed).toBe(r.features.optional.shed);
      const s = r.series, shed = s.features.optional.shed;
      expect(sumWindow(s, shed, 0, dim.t) + sumWindow(s, shed, bright.t, END), where).toBe(0);
      expect(sumWindow(s, shed, dim.t, bright.t), where).toBe(r.features.optional.shed);
      // Nothing was lost: every request that got in was served, or is still being served.
      expect(r.services.db.completed + r.services.db.inSystem, where).toBe(r.services.db.arrivals);
    }
  });

  it('the queue grows at λ − cμ during the spike (fluid model) until the dim', () => {
    // The bucket ending at the dim: E = E[queue at 60 s] (M/M/10 at 7 erlangs) + 0.5/ms × the
    // time since 60 s at its middle; variance ≤ (λ + cμ)·t (a point's, which bounds the bucket
    // average's). The first few ms, while idle workers fill, can shorten it by < 2 (bias).
    const lq0 = mmc(CORE + OPTIONAL, 1 / MEAN, 10).Lq;
    const w = rs()[0].series.bucketMs, mid = dimAt - w / 2;
    const expected = lq0 + growth * (mid - STEP_AT);
    const se = Math.sqrt((CORE + FACTOR * OPTIONAL + CAPACITY) * (mid - STEP_AT)) / Math.sqrt(rs().length);
    family.expectAgrees('queue length just before the dim', rs().map((r) => r.series.services.db.meanQueueLength[r.series.t.indexOf(dimAt - w)]),
      expected, { se, bias: 2 + R3 });
  });

  it('sheds every optional request arriving while dimmed: Poisson with mean ∫ rate over [dim, brighten)', () => {
    // The brightening time depends on the queue at the dim (earlier arrivals) and on core after
    // it, not on optional arrivals while dimmed (independent increments): given it, the count is
    // Poisson. The rate is ×5 until 64 s, then the base rate.
    const counts = rs().map((r) => r.features.optional.shed);
    const means = rs().map((r) => {
      const b = r.shedding[0].changes[1].t;
      return FACTOR * OPTIONAL * (STEP_AT + SPIKE - dimAt) + OPTIONAL * (b - STEP_AT - SPIKE);
    });
    // Runs differ in their window, so the test is on the total: a sum of independent Poisson
    // counts is Poisson with the sum of their means.
    family.expectPoisson('optional shed while dimmed', [counts.reduce((a, x) => a + x, 0)], means.reduce((a, m) => a + m, 0));
  });
});

describe('autoscale scale-down after load falls', () => {
  /*
   * api: 4 workers per instance, exponential 20 ms, unbounded queue, 5 instances; target 0.6,
   * min 1, max 10, evaluate 30 s, startup 30 s, cooldown 120 s, costPerHour 0.4. Load 10.8
   * erlangs, ÷3 at 120 s (3.6), ÷3 again at 200 s (1.2). Not saturated, n·u = a/4, so
   * desired = ceil(a/(4·0.6)): 4.5 → 5, 1.5 → 2, 0.5 → 1. Evaluating every 30 s:
   * - 30–120 s: u ≈ 0.54 → 5, keep. 150 s: u over (120, 150] = 0.18 → 2: remove 3 at once.
   * - 180 s (u = 0.45) and 210 s (0.35: half old, half new load) want 2: nothing to do. 240 s
   *   (0.15) wants 1, but 240 − 150 < cooldown. 270 s: remove 1. Then cooldown to the end.
   * Margins: every decision's utilization is ≥ 0.06 from a threshold, where a 30 s window's sd
   * is ≤ 0.006 (busy-count variance ≈ 2·a·E[S]/T): ≥ 10 sd.
   * Instance-seconds: 5·150 + 2·120 + 1·90 = 1 080 (0.3 h) against 1 800 (0.5 h) unscaled.
   */
  const W = 4, MEAN = 20, TARGET = 0.6, COST = 0.4, END = 360_000, A = 10.8, LAMBDA = A / MEAN;
  const scenario = (autoscale: boolean): Scenario => ({
    name: `scale-down ${autoscale ? 'on' : 'off'}`, durationMs: END, warmupMs: 0, seed: 1,
    features: [{ name: 'f', ratePerMs: LAMBDA, entry: 'api' }],
    services: [{
      name: 'api', workers: W, instances: 5, queue: Infinity, serviceTime: exp(MEAN), calls: [], costPerHour: COST,
      ...(autoscale ? { autoscale: { target: TARGET, min: 1, max: 10, evaluateMs: 30_000, startupMs: 30_000, cooldownMs: 120_000 } } : {}),
    }],
    load: [
      { kind: 'step', features: [], startMs: 120_000, durationMs: Infinity, factor: 1 / 3 },
      { kind: 'step', features: [], startMs: 200_000, durationMs: Infinity, factor: 1 / 3 },
    ],
  });
  const instances = (t: number) => (t < 150_000 ? 5 : t < 270_000 ? 2 : 1);
  const SEEDS = seedsFrom(1, 4);

  it('removes instances at the first evaluation out of cooldown; capacity follows; nothing is lost', () => {
    for (const r of replicate(scenario(true), SEEDS)) {
      expectConservation(r);
      const s = r.series, api = s.services.api, where = `seed ${r.seed}`;
      const changes: number[] = [];
      for (let b = 0; b < s.t.length; b++) {
        const t = s.t[b];
        if (b > 0 && api.instances[b] !== api.instances[b - 1]) changes.push(t);
        expect(api.instances[b], `${where}: instances in the bucket at ${t}`).toBe(instances(t));
        // The bucket where instances go may still show their last requests finishing.
        if (t !== 150_000 && t !== 270_000) expect(api.capacity[b], `${where}: serving workers at ${t}`).toBe(W * instances(t));
      }
      expect(changes, where).toEqual([150_000, 270_000]);
      // Nothing lost: no failure, no rejection; every arrival completed or is still in service.
      const a = r.services.api;
      expect([a.failed, a.rejected, r.features.f.failed], where).toEqual([0, 0, 0]);
      expect(a.completed + a.inSystem, where).toBe(a.arrivals);
      expect(r.features.f.succeeded + r.features.f.inFlight, where).toBe(r.features.f.arrivals);
      // Cost follows the schedule's exact area.
      expect(a.instanceHours, where).toBeCloseTo((5 * 150 + 2 * 120 + 1 * 90) / 3_600, 3);
      expect(a.cost, where).toBeCloseTo(a.instanceHours * COST, 3);
      expect(a.meanInstances, where).toBeCloseTo((5 * 150 + 2 * 120 + 1 * 90) / 360, 3);
    }
  });

  it('the fixed fleet pays for 5 instances throughout: scale-down saves 0.2 instance-hours', () => {
    const [off] = replicate(scenario(false), [1]);
    expect(off.services.api.instanceHours).toBeCloseTo(0.5, 3);
    expect(off.services.api.cost).toBeCloseTo(0.5 * COST, 3);
  });

  it('after each scale-down the utilization is that of the smaller fleet: a/(workers left)', () => {
    // Stationary M/M/8 at 3.6 erlangs on [160 s, 200 s), M/M/4 at 1.2 on [280 s, 360 s) (each
    // relaxes in well under a second): theoretical SEs of the time-averaged busy workers.
    const rs = replicate(scenario(true), SEEDS);
    const windowMean = (r: RunResult, from: number, to: number) => {
      const s = r.series, u = s.services.api.utilization;
      let sum = 0, n = 0;
      for (let b = 0; b < s.t.length; b++) if (s.t[b] >= from && s.t[b] + s.bucketMs <= to) { sum += u[b]; n++; }
      return sum / n; // equal capacity in every bucket: the mean of ratios is the ratio of sums
    };
    for (const [from, to, a, c] of [[160_000, 200_000, A / 3, 8], [280_000, END, A / 9, 4]] as const) {
      const q: Queue = { lambda: a / MEAN, mu: 1 / MEAN, c, K: Infinity };
      family.expectAgrees(`utilization with ${c / W} instance(s)`, rs.map((r) => windowMean(r, from, to)), a / c,
        { se: timeAverageSE(q, of(q).utilisation, to - from) / Math.sqrt(rs.length), bias: R3 });
    }
  });
});
