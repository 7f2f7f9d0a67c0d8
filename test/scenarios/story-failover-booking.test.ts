/**
 * The story of scenarios/failover-booking.yaml: the booking database's primary dies at 5m; the
 * standby serves from 5m40s (10 s detection + 30 s switchover) and its reads are stale until 6m10s
 * (staleReads 30 s). Kept open, booking fails for 40 s and then confirms seats on stale reads;
 * frozen ("verifying availability"), it is refused from 5m2s to 6m10s and nothing is confirmed on
 * a stale read.
 *
 * Figures derived from the file (times in seconds; λ = 4 bookings/s; a shopper whose booking
 * failed or was refused tries again with p = 0.7 after an exponential think time of mean θ = 20 s,
 * at most R = 3 times; every answer outside the failure comes in well under a second):
 * - Tries of one shopper after the first are a Poisson process of rate 1/θ (the think times), so
 *   with N(u) ~ Poisson(u/θ) the number of them within u seconds, P(the k-th retry comes within u)
 *   = P(N(u) ≥ k), and P(the (k−1)-th within u and the k-th in [u, v)) = (u/θ)^(k−1)/(k−1)! ·
 *   (e^(−u/θ) − e^(−v/θ)).
 * - Shoppers lost in a bad span (every try fails or is refused) of length U: a shopper arriving u
 *   seconds before its end stops after k bad tries with p^k·(1 − p) (k < R) or p^R (k = R), all of
 *   them inside if the k-th retry comes within u: lost(U) = λ ∫₀^U Σ_k p^k·c_k·P(N(u) ≥ k) du.
 *   Kept open, the bad span is the 40 s before the standby serves: lost(40 s) ≈ 80 failed
 *   bookings. Frozen, it runs from 5m to 6m10s (2 s failing, then refused): lost(70 s) ≈ 173.
 * - Stale bookings, kept open: every first try in the 30 s window, plus the retries of the failed
 *   shoppers that land in it: λ·30 + λ·θ·(1 − e^(−30/θ))·Σ_{k=1..R} p^k·P(N(40) ≥ k) ≈ 120 + 63.
 *   Stale searches likewise (40/s; p = 0.5 after θ = 3 s, at most twice) ≈ 1,200 + 90.
 * - Each of these counts is Poisson (independent shoppers thinned from a Poisson stream), so the
 *   total over the seeds is checked within 4.5 standard deviations.
 * - Tickets and churn (their expectations, from the file's chances): kept open 20% and 5% of the
 *   stale bookings plus 2% and 1% of the failed ones ≈ 38 and 9.9; frozen 0.5% and 0.2% of the
 *   refused plus the few failed ≈ 0.9 and 0.4.
 * - Value: kept open, a failed booking loses its $12 and a stale one $12 − $4.60 ≈ $2,300 in all;
 *   frozen, a refused one its $12 ≈ $2,100: about the same (ratio ≈ 0.9).
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { simulate } from '../../src/model/simulate.js';
import { summarize } from '../../src/outcomes/summarize.js';
import { storyOf } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/types.js';
import { seedsFrom } from '../support/behaviour.js';
import { bundled, lazyRuns, variantNamed } from './story-support.js';

const scenario = bundled('failover-booking');
const frozen: Scenario = variantNamed(scenario, 'freeze');
const SEEDS = seedsFrom(1, 5);
const open = lazyRuns(scenario, SEEDS);
const freeze = lazyRuns(frozen, SEEDS);
const outcomesOf = (runs: () => RunResult[], s: Scenario) => () => runs().map((r) => summarize(r, s));
const openOut = outcomesOf(open, scenario), freezeOut = outcomesOf(freeze, frozen);

const S = 1000, T0 = 300 * S, SERVES = 340 * S, FRESH = 370 * S; // failure, standby serves, reads fresh
const BOOK = 4, SEARCH = 40; // per second
const P = 0.7, THINK = 20, R = 3; // a shopper's own retries (booking)

/** P(N ≥ k) for N ~ Poisson(m). */
function poissonAtLeast(k: number, m: number): number {
  let term = Math.exp(-m), below = 0;
  for (let j = 0; j < k; j++) { below += term; term *= m / (j + 1); }
  return 1 - below;
}

/** Expected shoppers (rate `lambda`/s) lost in a bad span of `span` s: every try inside it. */
function lost(span: number, lambda = BOOK, p = P, theta = THINK, retries = R): number {
  const steps = 10_000, du = span / steps;
  let total = 0;
  for (let i = 0; i < steps; i++) {
    const u = (i + 0.5) * du;
    for (let k = 0; k <= retries; k++) total += p ** k * (k < retries ? 1 - p : 1) * poissonAtLeast(k, u / theta) * du;
  }
  return lambda * total;
}

/** Expected stale answers: first tries in the stale window and the retries of the failed span landing in it. */
function stale(lambda: number, p: number, theta: number, retries: number): number {
  const failing = (SERVES - T0) / S, window = (FRESH - SERVES) / S;
  let retried = 0;
  for (let k = 1; k <= retries; k++) retried += p ** k * poissonAtLeast(k, failing / theta);
  return lambda * window + lambda * theta * (1 - Math.exp(-window / theta)) * retried;
}

/** The total of Poisson counts over the seeds lies within 4.5 standard deviations of `mean` per seed. */
function expectPoissonTotal(label: string, counts: number[], mean: number): void {
  const total = counts.reduce((a, x) => a + x, 0), m = mean * counts.length;
  expect(Math.abs(total - m), `${label}: ${counts.join(', ')} against ${mean.toFixed(1)} a seed`).toBeLessThanOrEqual(4.5 * Math.sqrt(m));
}

describe('failover-booking: the database fails over with 30 s of stale reads; booking kept open or frozen', () => {
  it('is the scenario these figures were derived from', () => {
    expect(scenario.faults).toEqual([{ kind: 'outage', service: 'db', startMs: T0, durationMs: 120 * S, mode: 'fail-fast' }]);
    expect(scenario.services.find((s) => s.name === 'db')!.failover).toEqual({ detectionMs: 10 * S, switchoverMs: 30 * S, staleReadsMs: 30 * S });
    expect(scenario.features.map((f) => [f.name, f.ratePerMs * S, f.priority])).toEqual([['search', SEARCH, 'core'], ['book', BOOK, 'important']]);
    expect(scenario.features[1].users?.retry).toEqual({ probability: P, think: { kind: 'exponential', mean: THINK * S }, max: R });
    expect(scenario.features[0].users?.retry).toEqual({ probability: 0.5, think: { kind: 'exponential', mean: 3 * S }, max: 2 });
    expect(scenario.shedding ?? []).toEqual([]);
    expect(frozen.shedding!.map((d) => [d.signal, d.above, d.below, d.forMs, d.levels])).toEqual([['p95', 1000, 200, 2 * S, ['important']], ['p95', 1000, 200, 30 * S, ['important']]]);
  });

  it('kept open: bookings fail for the 40 s before the standby serves (≈ 80 shoppers lost), then ≈ 183 are confirmed on stale reads', () => {
    expect(lost(40)).toBeCloseTo(80, -1);
    expect(stale(BOOK, P, THINK, R)).toBeCloseTo(183, -1);
    expectPoissonTotal('failed bookings', open().map((r) => r.features.book.users.failed), lost(40));
    expectPoissonTotal('stale bookings', open().map((r) => r.features.book.users.stale), stale(BOOK, P, THINK, R));
    expectPoissonTotal('stale searches', open().map((r) => r.features.search.users.stale), stale(SEARCH, 0.5, 3, 2));
  });

  it('frozen: booking is refused from 5m2s until reads are fresh at 6m10s, and not one booking is confirmed on a stale read', () => {
    for (const r of freeze()) {
      // The p95 signal reads a failing database as never answering from the first second of the
      // failure, and as fast from the first second after the standby serves.
      expect(r.shedding.map((d) => d.changes), `seed ${r.seed}`).toEqual([
        [{ t: T0 + 2 * S, level: 1 }, { t: SERVES + 2 * S, level: 0 }],
        [{ t: T0 + 30 * S, level: 1 }, { t: FRESH, level: 0 }],
      ]);
      expect(r.features.book.users.stale, `seed ${r.seed}`).toBe(0);
    }
    // Every try from 5m to 6m10s fails or is refused: a 70 s bad span (≈ 173 shoppers lost).
    expectPoissonTotal('bookings lost frozen', freeze().map((r) => r.features.book.users.failed + r.features.book.users.shed), lost(70));
  });

  it('freezing cuts the expected tickets and customers lost for good by over 90% in every seed', () => {
    freezeOut().forEach((o, i) => {
      const base = openOut()[i].features.book, f = o.features.book;
      expect(f.tickets.expected, `seed ${o.seed}: tickets`).toBeLessThanOrEqual(0.1 * base.tickets.expected);
      expect(f.churn.expected, `seed ${o.seed}: churn`).toBeLessThanOrEqual(0.1 * base.churn.expected);
      // Kept open ≈ 0.2 × 183 + 0.02 × 80 ≈ 38 tickets expected: at least 25 is ≈ 3 SD of the stale count below.
      expect(base.tickets.expected, `seed ${o.seed}`).toBeGreaterThanOrEqual(25);
    });
  });

  it('for about the same revenue (within a third either way) and 30 s more of booking out of its SLO; search is untouched', () => {
    freezeOut().forEach((o, i) => {
      const base = openOut()[i];
      const ratio = o.features.book.value.lost / base.features.book.value.lost;
      // ≈ $2,100 against ≈ $2,300 (ratio ≈ 0.9), each with an SD of ≈ 7% from its counts.
      expect(ratio, `seed ${o.seed}`).toBeGreaterThanOrEqual(2 / 3);
      expect(ratio, `seed ${o.seed}`).toBeLessThanOrEqual(4 / 3);
      // Refused bookings are bad for the SLO until fresh reads, failed ones until the standby serves.
      const more = o.features.book.slo!.outOfSloMs - base.features.book.slo!.outOfSloMs;
      expect(Math.abs(more - (FRESH - SERVES)), `seed ${o.seed}`).toBeLessThanOrEqual(2 * o.states.bucketMs);
      expect(o.features.search.users).toEqual(base.features.search.users);
    });
  });
});

describe('failover-booking: its sliders and presentation story', () => {
  const at = (ms: number) => storyOf(scenario).find((s) => s.atMs === ms)?.text;

  it('tells its story in 4 to 7 steps at the failure, the standby, and fresh reads', () => {
    const story = storyOf(scenario);
    expect(story.length).toBeGreaterThanOrEqual(4);
    expect(story.length).toBeLessThanOrEqual(7);
    expect(at(T0)).toMatch(/primary dies/);
    expect(at(SERVES)).toMatch(/from 5:40/);
    expect(at(FRESH)).toMatch(/fresh again at 6:10/);
    expect(at(FRESH)).toMatch(/about 180 bookings on stale reads/);
    expect(stale(BOOK, P, THINK, R)).toBeGreaterThan(170);
    expect(stale(BOOK, P, THINK, R)).toBeLessThan(190);
    const outcomes = summarize(simulate(scenario), scenario);
    expect(outcomes.breaks[0]).toMatchObject({ t: T0, kind: 'errors', subject: 'db' });
    const dimmed = simulate(frozen).shedding;
    expect(dimmed[0].changes[0].t).toBe(T0 + 2 * S);
    expect(dimmed[1].changes[1].t).toBe(FRESH);
    expect(at(7 * 60 * S)).toMatch(/from 5:02 to 6:10/);
  });
});
