/**
 * Behaviours of the slow control plane and of capacity faults, each against a closed form or
 * an exact consequence of the documented semantics (README "Storms" and "Defences"):
 * - Autoscaling (HPA-like): desired = ceil(current · u / target) within [min, max], new
 *   instances are paid from the request and serve after `startup`, no action within `cooldown`.
 * - Failover: a fail-fast outage costs users only detection + switchover, not its length; reads
 *   are stale for `staleReads` afterwards.
 * - The brownout dimmer: sheds optional work (never core) once the signal stayed above for
 *   `for`, which protects core work.
 * - A feature's token-bucket rate limit: admits burst + rate × time under overload (the
 *   bucket never holds more than the burst), and nothing is refused when the offered load is
 *   half the limit and the burst is deep.
 * - Losing k of c workers turns the service into an M/M/(c − k) for the fault's duration.
 *
 * Comparisons go through the shared family of test/support/family.ts: Poisson counts by an exact
 * test, queue averages with their theoretical SE (test/support/variance.ts), the rest with the
 * replications' own SE (Student t); each bias is justified where it is used. No expected value
 * is taken from the simulator's output.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { exp, expectConservation, replicate, seedsFrom, sumWindow, windowMs } from '../support/behaviour.js';
import { mmc, mmcK } from '../support/queueing.js';
import { additive, of, sojournSE, timeAverageSE, type Queue } from '../support/variance.js';
import { comparisons } from '../support/family.js';

const family = comparisons('model/behaviour-control');

/** Reported figures (per-bucket utilization and mean latency too) are rounded to 3 decimals. */
const R3 = 5e-4;

// ---------------------------------------------------------------------------------------------
// 1. Autoscaling
// ---------------------------------------------------------------------------------------------

describe('autoscaling after a ×3 step in load', () => {
  /*
   * api: 4 workers per instance, exponential 20 ms work (μ = 0.05/ms per worker), queue 20,
   * starts with 2 instances; target 0.8, min 2, max 10, evaluate 30 s, startup 60 s, cooldown
   * 120 s. The load is a = 4.8 erlangs (λ = 0.24/ms) until 300 s, then ×3: a = 14.4 erlangs.
   *
   * When the service is not saturated, n·u = a/w (busy instances' worth), so desired =
   * ceil(a/(w·target)) whatever n is: 1.5 → 2 (min) before the step, 4.5 → 5 after it. While
   * saturated (u ≤ 1), desired = ceil(n/target) at most. So, evaluating every 30 s:
   * - 300 s sees only the old load (the step starts at 300 s): 2 → keep 2.
   * - 330 s: 8 workers for 14.4 erlangs, u ≈ 1 → ceil(2u/0.8) = 3 for any u in (0.8, 1].
   *   Paid from 330 s, serving from 390 s. 360–420 s: cooldown.
   * - 450 s: 12 workers for 14.4 erlangs (ρ = 1.2), u ≈ 1 → ceil(3u/0.8) = 4 for u in (0.8, 1].
   * - 570 s: 16 workers, u = 14.4/16 ≈ 0.9 → ceil(4u/0.8) = 5 for u in (0.8, 1].
   * - from 690 s: 20 workers, u ≈ 0.72 → ceil(5u/0.8) = 5 for u in (0.64, 0.8]: stays.
   * Every margin is ≥ 0.08 in utilization over a 30 s window, where the window average's SD is
   * about 0.01 (busy-count variance ≈ 2·a·E[S]/T), i.e. ≥ 5 SD at every decision.
   */
  const W = 4, MEAN = 20, TARGET = 0.8, COST = 0.4, STEP_AT = 300_000, END = 900_000;
  const A_HIGH = 4.5 * W * TARGET, LAMBDA_HIGH = A_HIGH / MEAN, LAMBDA_LOW = LAMBDA_HIGH / 3;
  const scenario = (name: string, max: number): Scenario => ({
    name, durationMs: END, warmupMs: 0, seed: 1,
    features: [{ name: 'f', ratePerMs: LAMBDA_LOW, entry: 'api' }],
    services: [{
      name: 'api', workers: W, instances: 2, queue: 20, serviceTime: exp(MEAN), calls: [], costPerHour: COST,
      autoscale: { target: TARGET, min: 2, max, evaluateMs: 30_000, startupMs: 60_000, cooldownMs: 120_000 },
    }],
    load: [{ kind: 'step', features: [], startMs: STEP_AT, durationMs: Infinity, factor: 3 }],
  });
  /** Paid instances (running + starting) and serving worker capacity at time t, from the reasoning above. */
  const paid = (t: number) => (t < 330_000 ? 2 : t < 450_000 ? 3 : t < 570_000 ? 4 : 5);
  const serving = (t: number) => W * (t < 390_000 ? 2 : t < 510_000 ? 3 : t < 630_000 ? 4 : 5);
  const SEEDS = seedsFrom(1, 4);

  it('scales 2 → 3 → 4 → 5 at evaluations after the step, serves only after startup, never within cooldown', () => {
    const rs = replicate(scenario('autoscale', 10), SEEDS);
    for (const r of rs) {
      expectConservation(r);
      const s = r.series, api = s.services.api;
      expect(s.bucketMs, 'the series is fine enough to see each change').toBeLessThanOrEqual(2_000);
      for (let b = 0; b < s.t.length; b++) {
        // Change times are multiples of 30 s, so each bucket sees one level.
        expect(api.instances[b], `seed ${r.seed}: paid instances in bucket at ${s.t[b]} ms`).toBe(paid(s.t[b]));
        expect(api.capacity[b], `seed ${r.seed}: serving workers in bucket at ${s.t[b]} ms`).toBe(serving(s.t[b]));
        expect(api.instances[b]).toBeGreaterThanOrEqual(2);
        expect(api.instances[b]).toBeLessThanOrEqual(10);
      }
      // Scaling actions read from the series: consecutive changes at least a cooldown apart.
      const changes: number[] = [];
      for (let b = 1; b < s.t.length; b++) if (api.instances[b] !== api.instances[b - 1]) changes.push(s.t[b]);
      expect(changes, `seed ${r.seed}`).toEqual([330_000, 450_000, 570_000]);
      for (let k = 1; k < changes.length; k++) expect(changes[k] - changes[k - 1]).toBeGreaterThanOrEqual(120_000);

      // Instance-hours: the integral of the paid-instances series, and the schedule's exact area.
      const integral = api.instances.reduce((acc, x) => acc + x * s.bucketMs, 0) / 3.6e6;
      const exact = (2 * 330 + 3 * 120 + 4 * 120 + 5 * 330) / 3_600; // 0.875 h
      expect(r.services.api.instanceHours).toBeCloseTo(integral, 3);
      expect(r.services.api.instanceHours).toBeCloseTo(exact, 3);
      expect(r.services.api.cost).toBeCloseTo(r.services.api.instanceHours * COST, 3);
    }
    // Settled (from 690 s, one evaluation after the last instance serves): 20 workers for 14.4
    // erlangs with a 20-deep queue, an M/M/20/40 — utilization λ(1 − P_block)·E[S]/20 ≈ 0.72 ≤ target.
    // It relaxes in well under a second, so [690 s, 900 s) is stationary: theoretical SE.
    const settled = mmcK(LAMBDA_HIGH, 1 / MEAN, 20, 40).utilisation;
    const q: Queue = { lambda: LAMBDA_HIGH, mu: 1 / MEAN, c: 20, K: 40 };
    const se = timeAverageSE(q, of(q).utilisation, END - 690_000) / Math.sqrt(rs.length);
    expect(settled).toBeLessThanOrEqual(TARGET);
    const windowMean = (r: RunResult) => {
      const s = r.series, u = s.services.api.utilization;
      let sum = 0, n = 0;
      for (let b = 0; b < s.t.length; b++) if (s.t[b] >= 690_000) { sum += u[b]; n++; }
      return sum / n; // equal capacity in every bucket: the mean of ratios is the ratio of sums
    };
    family.expectAgrees('settled utilization', rs.map(windowMean), settled, { se, bias: R3 /* each bucket rounded */ });
  });

  it('max clamps the count: with max 3 it stops at 3 although 5 are wanted', () => {
    const [r] = replicate(scenario('autoscale max 3', 3), [1]);
    expectConservation(r);
    const api = r.series.services.api;
    expect(Math.max(...api.instances)).toBe(3);
    expect(Math.min(...api.instances)).toBe(2);
    r.series.t.forEach((t, b) => expect(api.instances[b], `bucket at ${t} ms`).toBe(t < 330_000 ? 2 : 3));
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Failover
// ---------------------------------------------------------------------------------------------

describe('failover during a fail-fast outage', () => {
  /*
   * db (10 workers, exponential 10 ms, a = 0.5 erlang) fails fast for 5 minutes from 60 s.
   * With failover { detection 10 s, switchover 20 s, staleReads 30 s } the standby serves from
   * 90 s: requests arriving in [60 s, 90 s) fail (Poisson, mean λ·30 s), and answers given in
   * [90 s, 120 s) are stale (λ·30 s). Both are Poisson counts (arrivals in a window, displaced
   * by i.i.d. work), up to the requests straddling a boundary: ~λ·E[S] = 0.5, the bias allowed.
   * Without failover every request in the 5 minutes fails (λ·300 s).
   */
  const LAMBDA = 0.05, START = 60_000, OUTAGE = 300_000, SWITCH = 30_000, STALE = 30_000, STRADDLE = LAMBDA * 10;
  const scenario = (name: string, failover: boolean): Scenario => ({
    name, durationMs: 420_000, warmupMs: 10_000, seed: 1,
    features: [{ name: 'f', ratePerMs: LAMBDA, entry: 'db' }],
    services: [{
      name: 'db', workers: 10, queue: Infinity, serviceTime: exp(10), calls: [],
      ...(failover ? { failover: { detectionMs: 10_000, switchoverMs: 20_000, staleReadsMs: STALE } } : {}),
    }],
    faults: [{ kind: 'outage', service: 'db', startMs: START, durationMs: OUTAGE, mode: 'fail-fast' }],
  });
  const SEEDS = seedsFrom(1, 6);

  it('with failover: failures ≈ λ·(detection + switchover), stale answers ≈ λ·staleReads after it', () => {
    const rs = replicate(scenario('failover', true), SEEDS);
    rs.forEach(expectConservation);
    family.expectPoisson('user failures', rs.map((r) => r.features.f.failed), LAMBDA * SWITCH, { bias: STRADDLE });
    family.expectPoisson('stale answers', rs.map((r) => r.features.f.stale), LAMBDA * STALE, { bias: STRADDLE });
    for (const r of rs) {
      expect(r.services.db.errors, `seed ${r.seed}: every failure is the outage's`).toBe(r.features.f.failed);
      // Failures stop at the switchover, stale answers stop staleReads later.
      const s = r.series;
      expect(sumWindow(s, s.features.f.failed, START + SWITCH + 1_000, 420_000), `seed ${r.seed}`).toBe(0);
    }
  });

  it('without failover: failures ≈ λ·(outage length), none stale', () => {
    const rs = replicate(scenario('no failover', false), SEEDS);
    rs.forEach(expectConservation);
    family.expectPoisson('user failures', rs.map((r) => r.features.f.failed), LAMBDA * OUTAGE, { bias: STRADDLE });
    for (const r of rs) expect(r.features.f.stale).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Shedding dimmer
// ---------------------------------------------------------------------------------------------

describe('brownout dimmer on an overloaded db', () => {
  /*
   * db: 10 workers, exponential 10 ms (μ = 0.1/ms), queue 50 (K = 60). Three features enter it:
   * core 4, important 3 and optional 0.5 erlangs (u = 0.75). At 60 s the optional feature steps
   * ×12 to 6 erlangs: 13 erlangs offered to 10 workers, u ≈ 1. Dimmer on db's utilization:
   * above 0.85, below 0.5, for 5 s, shed [optional, important].
   *
   * The signal is measured over 1 s ticks; the first tick ending after the step, (60 s, 61 s],
   * is already above (the queue fills in ~0.2 s), so the run above starts at 60 s and the dimmer
   * dims at exactly 65 s. Shedding optional leaves 7 erlangs (u = 0.7), inside the hysteresis
   * band [0.5, 0.85], so it never dims further nor brightens. Before the step u = 0.75: a false
   * dim needs 5 consecutive 1 s ticks above 0.85, each ~2.5 SD away (tick SD ≈ 0.04).
   */
  const MU = 0.1, END = 180_000, STEP_AT = 60_000, FOR = 5_000;
  const RATES = { core: 0.4, important: 0.3, optional: 0.05 };
  const scenario = (name: string, dimmer: boolean): Scenario => ({
    name, durationMs: END, warmupMs: 10_000, seed: 1,
    features: (['core', 'important', 'optional'] as const).map((p) => ({ name: p, ratePerMs: RATES[p], entry: 'db', priority: p })),
    services: [{ name: 'db', workers: 10, queue: 50, serviceTime: exp(1 / MU), calls: [] }],
    load: [{ kind: 'step', features: ['optional'], startMs: STEP_AT, durationMs: Infinity, factor: 12 }],
    shedding: dimmer ? [{ service: 'db', signal: 'utilization', above: 0.85, below: 0.5, forMs: FOR, levels: ['optional', 'important'] }] : [],
  });
  const SEEDS = seedsFrom(1, 6);

  it('dims once, exactly `for` after the signal went above; sheds optional only, never core', () => {
    const rs = replicate(scenario('dimmer', true), SEEDS);
    for (const r of rs) {
      expectConservation(r);
      expect(r.shedding[0].changes, `seed ${r.seed}`).toEqual([{ t: STEP_AT + FOR, level: 1 }]);
      expect(r.shedding[0].shedMs).toBe(END - STEP_AT - FOR);
      expect(r.features.core.shed).toBe(0);
      expect(r.features.important.shed).toBe(0);
      expect(r.features.optional.shed).toBeGreaterThan(0);
      // Nothing is shed before the dimmer dimmed.
      const s = r.series;
      expect(sumWindow(s, s.features.optional.shed, 0, STEP_AT + FOR)).toBe(0);
    }
    // Every optional request arriving after the dim is shed: Poisson, mean 12·λ·(end − 65 s).
    const m = 12 * RATES.optional * (END - STEP_AT - FOR);
    family.expectPoisson('optional shed', rs.map((r) => r.features.optional.shed), m);
  });

  it('protects core: without the dimmer core is blocked at the M/M/10/60 rate of 13 erlangs; with it, far less and faster', () => {
    const on = replicate(scenario('dimmer', true), SEEDS);
    const off = replicate(scenario('no dimmer', false), SEEDS);
    off.forEach(expectConservation);
    // Without: after the step db is an M/M/10/60 offered 13 erlangs; core arrivals (a marked
    // share of the Poisson stream) are blocked with p[K] (PASTA), so the stationary count over
    // the 120 s is λ_core·120 s·p[K], with the SE of test/support/variance.ts. Before the step
    // (7.5 erlangs) blocking is ~1e-7. The queue first has to fill: started below the stationary
    // law, the chain stays below a stationary copy driven by the same arrivals and services
    // (monotone coupling), so it blocks no more often, and conservation (blocked = arrivals −
    // departures − growth) caps the expected shortfall of all arrivals at K − E[X₀] ≤ K:
    // core's share of it is between 0 and (λ_core/λ)·K ≈ 18 of ≈ 11 000 — the bias.
    const high: Queue = { lambda: RATES.core + RATES.important + 12 * RATES.optional, mu: MU, c: 10, K: 60 };
    const low: Queue = { ...high, lambda: RATES.core + RATES.important + RATES.optional };
    const share = RATES.core / high.lambda, shortfall = share * high.K;
    const full = RATES.core * ((STEP_AT - 10_000) * mmcK(low.lambda, MU, 10, 60).blocking + (END - STEP_AT) * mmcK(high.lambda, MU, 10, 60).blocking);
    const se = Math.sqrt(additive(high, { h: of(high).blocked }, share).variance * (END - STEP_AT) / off.length);
    family.expectAgrees('core failures without the dimmer', off.map((r) => r.features.core.failed), full - shortfall / 2,
      { se, bias: shortfall / 2 });
    on.forEach((r, i) => {
      const a = r.features.core, b = off[i].features.core;
      expect(a.shed, `seed ${r.seed}`).toBe(0);
      // With the dimmer core is blocked only in the 5 s before it dims, of the 120 s overload.
      expect(a.failed, `seed ${r.seed}: core failures with ${a.failed} vs without ${b.failed}`).toBeLessThan(b.failed / 10);
      expect(a.latencyMs.mean, `seed ${r.seed}: core mean latency with vs without`).toBeLessThan(b.latencyMs.mean);
    });
    // After the dim db is an M/M/10/60 at 7 erlangs: core's mean latency over the run sits
    // between that and the overloaded one, clearly below the latter over the seeds (paired by
    // seed: the same arrivals until the dim).
    family.expectAbove('core mean latency without − with the dimmer (paired)',
      on.map((r, i) => off[i].features.core.latencyMs.mean - r.features.core.latencyMs.mean), 0);
  });

  it('core is never shed, even when listed and the overload is core work', () => {
    // Base core 6, important 0.5, optional 0.5 erlangs (u = 0.7); ×2 at 60 s: 14 erlangs. Shedding
    // optional (→ 13) and then important (→ 12) still leaves db saturated, so the dimmer steps at
    // 65 s and 70 s and would step again at 75 s if core counted as a level.
    const s: Scenario = {
      name: 'dimmer, core overload', durationMs: 120_000, warmupMs: 10_000, seed: 1,
      features: [
        { name: 'core', ratePerMs: 0.6, entry: 'db', priority: 'core' },
        { name: 'important', ratePerMs: 0.05, entry: 'db', priority: 'important' },
        { name: 'optional', ratePerMs: 0.05, entry: 'db', priority: 'optional' },
      ],
      services: [{ name: 'db', workers: 10, queue: 50, serviceTime: exp(1 / MU), calls: [] }],
      load: [{ kind: 'step', features: [], startMs: STEP_AT, durationMs: Infinity, factor: 2 }],
      shedding: [{ service: 'db', signal: 'utilization', above: 0.85, below: 0.5, forMs: FOR, levels: ['optional', 'important', 'core'] }],
    };
    const rs = replicate(s, seedsFrom(1, 3));
    for (const r of rs) {
      expectConservation(r);
      expect(r.shedding[0].changes, `seed ${r.seed}`).toEqual([{ t: 65_000, level: 1 }, { t: 70_000, level: 2 }]);
      expect(r.features.core.shed).toBe(0);
      expect(r.features.important.shed).toBeGreaterThan(0);
      expect(r.features.optional.shed).toBeGreaterThan(0);
      expect(r.features.core.failed, 'core still overloads db: it is rejected, not shed').toBeGreaterThan(0);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Rate limit at a feature
// ---------------------------------------------------------------------------------------------

describe('token-bucket rate limit at a feature', () => {
  /*
   * f → api (ample capacity), limit RATE = 0.1/ms with a burst of 20; the bucket starts full.
   * Admitted over a period = tokens at its start + RATE·length − tokens at its end − refill lost
   * while the bucket is full. Two ruin bounds (Cramér–Lundberg) size the random terms:
   * - Offered λ = ρ·RATE with ρ < 1: the deficit (burst − tokens) is the workload of an M/D/1
   *   queue (each request adds 1 token of work, drained at RATE), so P(deficit > x) ≤ e^{−θx},
   *   θ > 0 solving ρ(e^θ − 1) = θ. A request is refused only when deficit > burst − 1.
   * - Offered 2·RATE: since the last time the bucket held < 1 token, every request was
   *   admitted, so tokens ≤ 1 + sup_s (RATE·s − arrivals in the last s), and
   *   P(tokens > 1 + x) ≤ e^{−κx}, κ > 0 solving 2(1 − e^{−κ}) = κ. The bucket is full only at
   *   the very start (refill lost ≈ RATE × the first gap ≈ 0.5 token).
   */
  const RATE = 0.1, BURST = 20, END = 100_000;
  const scenario = (name: string, offered: number, surgeAt?: number): Scenario => ({
    name, durationMs: END, warmupMs: 0, seed: 1,
    features: [{ name: 'f', ratePerMs: offered, entry: 'api', rateLimit: { ratePerMs: RATE, burst: BURST } }],
    services: [{ name: 'api', workers: 50, queue: Infinity, serviceTime: exp(5), calls: [] }],
    // Offered ×4 from surgeAt: from half the limit to twice it.
    load: surgeAt === undefined ? [] : [{ kind: 'step', features: [], startMs: surgeAt, durationMs: Infinity, factor: 4 }],
  });
  /** The positive root of g on (0, 50] by bisection (g < 0 just above 0, > 0 at 50). */
  const root = (g: (x: number) => number) => {
    let lo = 1e-9, hi = 50;
    for (let i = 0; i < 200; i++) { const mid = (lo + hi) / 2; if (g(mid) < 0) lo = mid; else hi = mid; }
    return lo;
  };
  const theta = root((x) => 0.5 * (Math.exp(x) - 1) - x); // ρ = 0.5: ≈ 1.26
  const kappa = root((x) => x - 2 * (1 - Math.exp(-x))); // 2× offered: ≈ 1.59
  /** Tokens left at the end (beyond 1), or missing from a full bucket, beyond this: probability < 1e-5. */
  const SLACK = 10;
  const SEEDS = seedsFrom(1, 6);

  it('offered 2× the limit: admitted = burst + rate × time, less only the few tokens left over', () => {
    expect(Math.exp(-kappa * SLACK)).toBeLessThan(1e-6);
    const rs = replicate(scenario('rate limit 2x', 2 * RATE), SEEDS);
    for (const r of rs) {
      expectConservation(r);
      const f = r.features.f, admitted = f.arrivals - f.rateLimited;
      expect(f.rateLimited, `seed ${r.seed}`).toBeGreaterThan(0);
      expect(admitted, `seed ${r.seed}: admitted`).toBeLessThanOrEqual(BURST + RATE * END);
      expect(admitted, `seed ${r.seed}: admitted`).toBeGreaterThanOrEqual(BURST + RATE * END - SLACK - 1);
      expect(r.services.api.arrivals, 'only admitted requests reach the service').toBe(admitted);
    }
  });

  it('the bucket holds at most the burst: a 2× surge after a quiet minute gets burst + rate × time, not the saved refill', () => {
    // Half the limit for 50 s, then twice it. The quiet half refuses nothing (see below) and
    // leaves the bucket within the deficit bound of full; the surge then admits
    // tokens at 50 s + RATE·50 s − tokens left at the end. Only rate-limited requests fail here,
    // so the failed series is the refused series.
    expect(Math.exp(-theta * SLACK)).toBeLessThan(1e-5);
    const SURGE = 50_000;
    const rs = replicate(scenario('rate limit surge', 0.5 * RATE, SURGE), SEEDS);
    for (const r of rs) {
      expectConservation(r);
      const s = r.series, f = s.features.f;
      expect(r.features.f.failed).toBe(r.features.f.rateLimited);
      expect(sumWindow(s, f.failed, 0, SURGE), `seed ${r.seed}: refused in the quiet half`).toBe(0);
      const admitted = sumWindow(s, f.arrivals, SURGE, END) - sumWindow(s, f.failed, SURGE, END);
      expect(admitted, `seed ${r.seed}: admitted in the surge`).toBeLessThanOrEqual(BURST + RATE * (END - SURGE));
      expect(admitted, `seed ${r.seed}: admitted in the surge`).toBeGreaterThanOrEqual(BURST + RATE * (END - SURGE) - 2 * SLACK - 1);
    }
  });

  it('offered half the limit with a burst of 20: nothing is refused', () => {
    // P(refused) ≤ e^{−θ(burst − 1)} ≈ 4e-11 per request (see above).
    const pRefuse = Math.exp(-theta * (BURST - 1));
    const rs = replicate(scenario('rate limit 0.5x', 0.5 * RATE), SEEDS);
    // Expected refusals over all runs ≤ arrivals · pRefuse ≈ 3e4 · 4e-11: P(any) < 1e-5 (Markov).
    const arrivals = rs.reduce((acc, r) => acc + r.features.f.arrivals, 0);
    expect(arrivals * pRefuse).toBeLessThan(1e-5);
    for (const r of rs) {
      expectConservation(r);
      expect(r.features.f.rateLimited, `seed ${r.seed}`).toBe(0);
      expect(r.services.api.arrivals).toBe(r.features.f.arrivals);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Capacity loss
// ---------------------------------------------------------------------------------------------

describe('capacity fault: losing k of c workers', () => {
  /*
   * api: c = 10 workers, exponential 100 ms (μ = 0.01/ms), λ = 0.045/ms (a = 4.5 erlangs).
   * From 100 s to 500 s it loses 4 workers: an M/M/6 at ρ = 0.75 instead of an M/M/10 at 0.45.
   * Judged from 120 s (20 s for the queue to reach its new regime, whose relaxation time is
   * about a second) to 500 s, before the fault over [40 s, 100 s), and after it from 520 s.
   */
  const LAMBDA = 0.045, MU = 0.01, C = 10, K = 4, FROM = 100_000, TO = 500_000;
  const scenario: Scenario = {
    name: 'capacity loss', durationMs: 600_000, warmupMs: 20_000, seed: 1,
    features: [{ name: 'f', ratePerMs: LAMBDA, entry: 'api' }],
    services: [{ name: 'api', workers: C, queue: Infinity, serviceTime: exp(1 / MU), calls: [] }],
    faults: [{ kind: 'capacity', service: 'api', startMs: FROM, durationMs: TO - FROM, workers: K, share: 0 }],
  };
  const SEEDS = seedsFrom(1, 8);
  /** Mean over buckets in [from, to) of `row`, weighted by `weight` (or unweighted). */
  const windowMean = (r: RunResult, row: (number | null)[], from: number, to: number, weight?: number[]) => {
    const s = r.series;
    let sum = 0, w = 0;
    for (let b = 0; b < s.t.length; b++) {
      if (s.t[b] < from || s.t[b] + s.bucketMs > to || row[b] === null) continue;
      const k = weight ? weight[b] : 1;
      sum += (row[b] as number) * k;
      w += k;
    }
    return sum / w;
  };

  it('in the fault window capacity is c − k, utilization λ/((c − k)μ), latency that of an M/M/(c − k)', () => {
    const rs = replicate(scenario, SEEDS);
    for (const r of rs) {
      expectConservation(r);
      const s = r.series, api = s.services.api;
      for (let b = 0; b < s.t.length; b++) {
        const t = s.t[b];
        // The first bucket of the window may still show lost workers finishing their work.
        if (t >= FROM + s.bucketMs && t + s.bucketMs <= TO) expect(api.capacity[b], `bucket at ${t}`).toBe(C - K);
        if (t + s.bucketMs <= FROM || t >= TO + s.bucketMs) expect(api.capacity[b], `bucket at ${t}`).toBe(C);
      }
    }
    // Each window is a stationary stretch of an M/M/c queue (the transients last about a second),
    // so the SEs are theoretical; per-bucket figures are rounded (R3). In stationarity the
    // requests finishing in a window have the stationary sojourn: no edge bias.
    const inFault = mmc(LAMBDA, MU, C - K), before = mmc(LAMBDA, MU, C);
    const qIn: Queue = { lambda: LAMBDA, mu: MU, c: C - K, K: Infinity }, qOut: Queue = { ...qIn, c: C };
    const perRun = (se: number) => ({ se: se / Math.sqrt(rs.length), bias: R3 });
    family.expectAgrees('utilization in the fault window', rs.map((r) => windowMean(r, r.series.services.api.utilization, 120_000, TO)),
      inFault.rho, perRun(timeAverageSE(qIn, of(qIn).utilisation, TO - 120_000)));
    family.expectAgrees('utilization before the fault', rs.map((r) => windowMean(r, r.series.services.api.utilization, 40_000, FROM)),
      before.rho, perRun(timeAverageSE(qOut, of(qOut).utilisation, FROM - 40_000)));
    const latency = (r: RunResult, from: number, to: number) =>
      windowMean(r, r.series.features.f.latencyMeanMs, from, to, r.series.features.f.succeeded);
    family.expectAgrees('mean latency in the fault window (M/M/6)', rs.map((r) => latency(r, 120_000, TO)), inFault.W,
      perRun(sojournSE(qIn, TO - 120_000)));
    // The queue wait W − 1/μ rises from ~0.5 ms to ~31 ms: the closed forms are far apart.
    expect(inFault.Wq - before.Wq).toBeGreaterThan(25);
    family.expectAgrees('mean latency after the fault (M/M/10)', rs.map((r) => latency(r, TO + 20_000, 600_000)), before.W,
      perRun(sojournSE(qOut, 600_000 - TO - 20_000)));
    // Sanity on the window helpers: the fault window is wholly covered by buckets.
    expect(windowMs(rs[0].series, 120_000, TO)).toBe(TO - 120_000);
  });
});
