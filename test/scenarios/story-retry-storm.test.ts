/**
 * The stories of scenarios/retry-storm.yaml and retry-storm-budget.yaml: a payments API at 80%
 * load (λ = 80/s on 10 workers of exponential 100 ms: capacity cμ = 100/s); clients give up after
 * 1 s and retry at once, up to 4 attempts; the API keeps working on abandoned requests. A
 * 20-second slowdown (work ×3: capacity 33.3/s) at 5m (the trigger) tips the plain variant into
 * a retry storm it never leaves (the collapse); what recovers it is less work: the budget
 * variant (0.1 token earned per request, 10 at most) and the bounded-queue variant recover,
 * the backoff variant does not.
 *
 * Figures derived from the files:
 * - Before the slowdown the API is an M/M/10 queue at ρ = 0.8: P(sojourn > 1 s) ≈ 6·10⁻⁵, so
 *   almost nothing times out and retries are rare.
 * - Storm: once the queue holds more than 1 s of work (≈ 100 requests) every attempt times out,
 *   so every payment sends all 4 attempts: 4 × 80 = 320/s offered to a server finishing 100/s.
 *   The queue grows by 320 − 100 = 220 requests a second and never drains; goodput is zero.
 * - Budget: retries are capped at 0.1 per request (plus the 10-token burst), so the API is
 *   offered at most 1.1 × 80 = 88/s. The slowdown builds a backlog of about
 *   (88 − 33.3)/s × 20 s ≈ 1,090 requests, which drains at 100 − 88 = 12/s; attempts stop timing
 *   out once fewer than ≈ 100 wait (1 s of work): ≈ (1,090 − 100)/12 ≈ 83 s after the slowdown.
 *   Even with no retries at all the backlog would be ≥ (80 − 33.3) × 20 ≈ 930, draining at
 *   ≤ 20/s: at least (930 − 100)/20 ≈ 42 s of failures.
 *
 * - Bounded queue (retry-storm.yaml's bounded-queue variant: at most Q = 50 waiting): an admitted
 *   attempt waits at most Q/cμ = 0.5 s once the slowdown is over, so it is answered within the
 *   1 s timeout unless its own work exceeds 0.5 s (e^{−5} ≈ 0.7% at the very worst, a full queue).
 *   A payment fails only when its 4 immediate attempts all find the queue full, at one instant.
 *   When the slowdown ends at most 60 are in the system, draining at ≥ cμ − λ = 20/s: the queue
 *   stops being full within ≈ 3 s. Afterwards it is an M/M/10/60 queue at ρ = 0.8, whose
 *   blocking (test/support/queueing.ts, mmcK) is ≈ 10⁻⁶ and whose P(sojourn > 1 s) is below the
 *   unbounded queue's 6·10⁻⁵.
 * - Backoff alone (retry-storm.yaml's backoff variant: exponential from 100 ms to 5 s, full
 *   jitter) spaces the 4 attempts but sends them all: every one still times out behind the
 *   backlog, so the API is still offered 320 attempts a second and the storm never ends (as in
 *   test/model/behaviour-metastable.test.ts).
 *
 * FINDING: retry-storm-budget.yaml's description says "goodput returns as soon as the slowdown
 * ends". The model shows what the arithmetic above predicts: the budget does end the storm, but
 * every payment keeps failing for about a minute and a half after the slowdown, while the
 * backlog drains. The test below states that, not the description.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { seedsFrom, sumWindow } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';
import { mmcK, mmcSojournTail } from '../support/queueing.js';
import { bundled, lazyRuns, levelOver, variantNamed } from './story-support.js';
import { storyOf } from '../../src/scenario/index.js';
import { simulate } from '../../src/model/simulate.js';
import { summarize } from '../../src/outcomes/summarize.js';

const family = comparisons('scenarios/story-retry-storm');

const storm = bundled('retry-storm');
const budget = bundled('retry-storm-budget');
const SEEDS = seedsFrom(1, 8);
const stormRuns = lazyRuns(storm, SEEDS);
const variantOf = (name: string) => variantNamed(storm, name);
const backoffRuns = lazyRuns(variantOf('backoff'), SEEDS);
const boundedRuns = lazyRuns(variantOf('bounded-queue'), SEEDS);
const budgetRuns = lazyRuns(budget, SEEDS);

const WARMUP = 60_000, S0 = 300_000, S1 = 320_000, END = 900_000; // slowdown ×3 over [5m, 5m20s)
const LAMBDA = 80, CAPACITY = 100, ATTEMPTS = 4, RATIO = 0.1, TOKENS = 10; // per second
const SLOW_CAPACITY = CAPACITY / 3;
const BACKLOG = ((1 + RATIO) * LAMBDA - SLOW_CAPACITY) * 20; // ≈ 1,093 requests
const RECOVERY_S = (BACKLOG - CAPACITY * 1) / (CAPACITY - (1 + RATIO) * LAMBDA); // ≈ 83 s

/** Start of the first bucket after the slowdown from which no bucket fails more than 10% of its payments (Infinity: never). */
function recoveredAt(r: RunResult): number {
  const s = r.series, f = s.features.pay;
  for (let b = s.t.length - 1; b >= 0 && s.t[b] >= S1; b--) {
    if (f.failed[b] > 0.1 * f.arrivals[b]) return b + 1 < s.t.length ? s.t[b + 1] : Infinity;
  }
  return S1;
}

const share = (r: RunResult, row: 'succeeded' | 'failed', from: number, to: number) =>
  sumWindow(r.series, r.series.features.pay[row], from, to) / sumWindow(r.series, r.series.features.pay.arrivals, from, to);

describe('retry-storm: a 20 s slowdown tips immediate retries into a storm that never ends', () => {
  it('is the scenario these figures were derived from', () => {
    for (const sc of [storm, budget]) {
      expect(sc.faults).toEqual([{ kind: 'latency', service: 'api', startMs: S0, durationMs: S1 - S0, factor: 3, addMs: 0 }]);
      expect(sc.features[0]).toMatchObject({ ratePerMs: LAMBDA / 1000, entry: 'api', client: { timeoutMs: 1_000, retry: { attempts: ATTEMPTS } } });
      expect(sc.services[0]).toMatchObject({ workers: 10, queue: Infinity, serviceTime: { kind: 'exponential', mean: 100 } });
      expect(sc.propagateDeadlines ?? false).toBe(false);
    }
    expect(budget.features[0].client?.retry?.budget).toEqual({ ratio: RATIO, earn: 'request', maxTokens: TOKENS });
    // Each file's variant is the other file's clients: retry-storm's budget, retry-storm-budget's no-budget.
    const variant = (sc: typeof storm, name: string) => variantNamed(sc, name);
    expect(variant(storm, 'budget').features[0].client).toEqual(budget.features[0].client);
    expect(variant(budget, 'no-budget').features[0].client).toEqual(storm.features[0].client);
  });

  it('before the slowdown, at 80% load, at least 99% of payments succeed', () => {
    for (const r of [...stormRuns(), ...budgetRuns()]) {
      expect(share(r, 'succeeded', WARMUP, S0), `${r.scenario} seed ${r.seed}`).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('after the slowdown ends, goodput stays near zero for the rest of the run (under 1% of payments succeed from 5m40s to 15m)', () => {
    for (const r of stormRuns()) {
      expect(share(r, 'succeeded', S1 + 20_000, END), `seed ${r.seed}`).toBeLessThan(0.01);
      expect(recoveredAt(r), `seed ${r.seed}: recovered`).toBe(Infinity);
    }
  });

  it('every payment now sends all 4 attempts (320/s against a capacity of 100/s), so the queue grows by ≈ 220 a second and never drains', () => {
    for (const r of stormRuns()) {
      const s = r.series, from = 400_000, to = 880_000;
      const perPayment = sumWindow(s, s.edges['user->pay'].attempts, from, to) / sumWindow(s, s.features.pay.arrivals, from, to);
      expect(Math.abs(perPayment - ATTEMPTS), `seed ${r.seed}: ${perPayment.toFixed(3)} attempts per payment`).toBeLessThanOrEqual(0.05);
      const q = s.services.api.meanQueueLength;
      const growth = (levelOver(s, q, to - 20_000, to) - levelOver(s, q, from, from + 20_000)) / ((to - from - 20_000) / 1000);
      // Expected slope 4λ − cμ; its noise over 8 minutes is ≈ 2/s (Poisson arrivals and work).
      expect(Math.abs(growth - (ATTEMPTS * LAMBDA - CAPACITY)), `seed ${r.seed}: queue grew ${growth.toFixed(1)}/s`).toBeLessThanOrEqual(15);
      expect(levelOver(s, s.services.api.utilization, from, to), `seed ${r.seed}: the API is saturated`).toBeGreaterThan(0.99);
    }
  });
});

describe('retry-storm-budget: the same storm, tamed by a retry budget (0.1 token per request)', () => {
  it('retries never exceed 10% of payments plus the 10-token burst, so the API is offered at most 1.1× its normal load, slowdown included', () => {
    for (const r of budgetRuns()) {
      const e = r.edges['user->pay'];
      expect(e.retries, `seed ${r.seed}: retries over the run`).toBeLessThanOrEqual(RATIO * r.features.pay.arrivals + TOKENS);
      const s = r.series;
      for (const [from, to] of [[S0, S1], [S1, S1 + 120_000]]) {
        const arrivals = sumWindow(s, s.features.pay.arrivals, from, to);
        expect(sumWindow(s, s.edges['user->pay'].retries, from, to), `seed ${r.seed}: retries in [${from / 1000}, ${to / 1000}) s`)
          .toBeLessThanOrEqual(RATIO * arrivals + TOKENS);
      }
    }
  });

  it('goodput returns, but not as soon as the slowdown ends: ≈ 83 s later while the backlog drains (within 3 minutes on every seed)', () => {
    for (const r of budgetRuns()) {
      const after = (recoveredAt(r) - S1) / 1000;
      expect(after, `seed ${r.seed}: recovered ${after} s after the slowdown ended`).toBeGreaterThanOrEqual(30);
      expect(after, `seed ${r.seed}: recovered ${after} s after the slowdown ended`).toBeLessThanOrEqual(180);
      // Right after the slowdown nearly every payment still fails.
      expect(share(r, 'failed', S1, S1 + 20_000), `seed ${r.seed}`).toBeGreaterThan(0.9);
    }
    // Floor 15 s: the closed form treats the drain as deterministic and the "1 s of work" threshold
    // (≈ 100 waiting) as sharp; recovery is read on 2 s buckets.
    family.expectAgrees('seconds from the end of the slowdown to recovery', budgetRuns().map((r) => (recoveredAt(r) - S1) / 1000), RECOVERY_S, { bias: 15 });
  });

  it('the story\'s steps match the base run (seed 11): still failing after 5m20s, recovered before 7m, one payment in eight lost, under 3 minutes out of SLO', () => {
    const r = simulate(budget), o = summarize(r, budget);
    const at = (minutes: number) => storyOf(budget).find((s) => s.atMs === minutes * 60_000)?.text ?? '';
    expect(share(r, 'failed', S1, S1 + 20_000)).toBeGreaterThan(0.9);
    expect(at(5.5)).toMatch(/ended at 5m20s, yet payments still fail: about 1,100 requests are queued, draining at 12 a second/);
    expect(Math.round(BACKLOG / 100) * 100).toBe(1_100);
    expect(recoveredAt(r)).toBeLessThan(7 * 60_000);
    expect(at(7)).toMatch(/Recovered before 7m, about a minute and a half after/);
    const u = o.features.pay.users;
    expect(u.failed / u.arrived).toBeGreaterThan(1 / 9);
    expect(u.failed / u.arrived).toBeLessThan(1 / 7);
    expect(o.features.pay.slo!.outOfSloMs).toBeLessThan(3 * 60_000);
    expect(at(7)).toMatch(/one payment in eight failed.*under three minutes/);
  });

  it('once recovered it stays recovered: from 10m to the end, at least 99% of payments succeed', () => {
    for (const r of budgetRuns()) expect(share(r, 'succeeded', 600_000, END), `seed ${r.seed}`).toBeGreaterThanOrEqual(0.99);
  });
});

describe('retry-storm: what recovers it is less work, not more patience', () => {
  const QUEUE = 50;

  it('the variants change only what they say', () => {
    expect(variantOf('bounded-queue').services[0]).toMatchObject({ workers: 10, queue: QUEUE });
    expect(variantOf('bounded-queue').features[0].client).toEqual(storm.features[0].client);
    expect(variantOf('backoff').features[0].client?.retry).toMatchObject({ attempts: ATTEMPTS, backoff: { kind: 'exponential', baseMs: 100, capMs: 5_000, jitter: 'full' } });
    expect(variantOf('backoff').features[0].client?.retry?.budget).toBeUndefined();
  });

  it('backoff alone does not recover: every payment still sends all 4 attempts and goodput stays near zero', () => {
    for (const r of backoffRuns()) {
      expect(share(r, 'succeeded', S1 + 20_000, END), `seed ${r.seed}`).toBeLessThan(0.01);
      expect(recoveredAt(r), `seed ${r.seed}: recovered`).toBe(Infinity);
      const s = r.series, from = 400_000, to = 880_000;
      const perPayment = sumWindow(s, s.edges['user->pay'].attempts, from, to) / sumWindow(s, s.features.pay.arrivals, from, to);
      expect(Math.abs(perPayment - ATTEMPTS), `seed ${r.seed}: ${perPayment.toFixed(3)} attempts per payment`).toBeLessThanOrEqual(0.05);
    }
  });

  it('a bounded queue (50) recovers within seconds of the slowdown\'s end: it refuses what it cannot serve in time', () => {
    for (const r of boundedRuns()) {
      // ≈ 3 s to stop being full (header), read on 2 s buckets: 20 s is a wide margin.
      const after = (recoveredAt(r) - S1) / 1000;
      expect(after, `seed ${r.seed}: recovered ${after} s after the slowdown ended`).toBeLessThanOrEqual(20);
      expect(r.services.api.rejected, `seed ${r.seed}: attempts refused`).toBeGreaterThan(0);
    }
  });

  it('once recovered it is an M/M/10/60 queue at 80%: from 6m to the end, at least 99.5% of payments succeed', () => {
    // Closed forms: blocking ≈ 10⁻⁶ and timeouts below 6·10⁻⁵ (header); 0.5% is far above both.
    const bound = mmcK(LAMBDA / 1000, CAPACITY / 10 / 1000, 10, 10 + QUEUE).blocking + mmcSojournTail(LAMBDA / 1000, CAPACITY / 10 / 1000, 10, 1_000);
    expect(bound).toBeLessThan(1e-4);
    for (const r of boundedRuns()) expect(share(r, 'succeeded', 360_000, END), `seed ${r.seed}`).toBeGreaterThanOrEqual(0.995);
  });

  it('the story walks through trigger, collapse and what recovers it, at the times they happen', () => {
    const at = (minutes: number) => storyOf(storm).find((s) => s.atMs === minutes * 60_000)?.text ?? '';
    expect(at(5)).toMatch(/trigger.*20 seconds/);
    expect(at(5.5)).toMatch(/ended at 5m20s/);
    expect(at(8)).toMatch(/collapse.*4 attempts, 320 a second against 100/);
    expect(at(10)).toMatch(/Ask: what gets it out\?.*backoff.*never recovers/);
    expect(at(12)).toMatch(/budget.*a minute and a half.*bounded-queue.*as soon as the slowdown ends/);
  });
});
