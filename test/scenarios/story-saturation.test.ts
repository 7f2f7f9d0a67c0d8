/**
 * The story of scenarios/saturation.yaml, "why 80% busy is not 80% fine": a search API of 10
 * workers with exponential 100 ms work (capacity cμ = 100/s) whose load steps 60% → 80% → 90% →
 * 95% (λ = 60, 80, 90, 95 searches/s over [0, 4m), [4m, 8m), [8m, 12m), [12m, 20m)). Each step is
 * an M/M/10 queue, and Erlang C gives its mean queue wait Wq = C(a, 10)/(cμ − λ):
 *   60%: C = 0.101, Wq = 2.5 ms;  80%: C = 0.409, Wq = 20.5 ms;
 *   90%: C = 0.669, Wq = 66.9 ms; 95%: C = 0.826, Wq = 165.1 ms.
 * A third more load (60% → 80%) waits 8× longer; the last five points (90% → 95%) 2.5× longer.
 * The SLO's tail, P(time in system > 600 ms) for M/M/10 (test/support/queueing.ts), is 0.35% at
 * 80%, 1.24% at 90% (just out of a 99% SLO) and 8.1% at 95%.
 *
 * Measured: each step's mean wait by Little's law, Wq = (time-average queue length)/λ, over the
 * step without its first minute (the first step from the end of the warmup): [1m, 4m), [5m, 8m),
 * [9m, 12m), [13m, 20m). The transient after each step (the queue still filling) is allowed
 * for exactly: the forward equations of the M/M/10 chain under the file's rate steps
 * (test/support/transient.ts) give the expected average over each window, and its distance from
 * Erlang C is the comparison's bias (under 1% of Wq: the windows skip what matters). The SE is
 * the theoretical one of a stationary time average (test/support/variance.ts) over 30 seeds.
 *
 * The variants: headroom (12 workers) is an M/M/12 at 79% in the top step: Wq = 14.0 ms;
 * bounded-queue (at most 10 waiting) is an M/M/10/20 whose blocking at 95% is p[20], what a
 * search that finds the queue full sees (it is refused at once).
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { simulate } from '../../src/model/simulate.js';
import { summarize } from '../../src/outcomes/summarize.js';
import { storyOf } from '../../src/scenario/index.js';
import type { Scenario } from '../../src/scenario/types.js';
import { seedsFrom, sumWindow, windowMs } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';
import { mmc, mmcK, mmcSojournTail } from '../support/queueing.js';
import { transient, windowAverage, type Phase } from '../support/transient.js';
import { blockingSE, of, stationary, timeAverageSE, type Queue } from '../support/variance.js';
import { bundled, lazyBase, lazyRuns, levelOver, variantNamed } from './story-support.js';

const family = comparisons('scenarios/story-saturation');

const scenario = bundled('saturation');
const variant = (name: string): Scenario => variantNamed(scenario, name);
const SEEDS = seedsFrom(1, 30);
const runs = lazyRuns(scenario, SEEDS);

const MIN = 60_000, END = 20 * MIN, MU = 0.01, C = 10, SLO_MS = 600; // per ms, workers
/** The steps: utilization, start, measurement window (the step without its first minute). */
const STEPS = [
  { rho: 0.6, start: 0, from: 1 * MIN, to: 4 * MIN },
  { rho: 0.8, start: 4 * MIN, from: 5 * MIN, to: 8 * MIN },
  { rho: 0.9, start: 8 * MIN, from: 9 * MIN, to: 12 * MIN },
  { rho: 0.95, start: 12 * MIN, from: 13 * MIN, to: END },
];
const lambdaOf = (rho: number) => rho * C * MU;
const PHASES: Phase[] = STEPS.map((s) => ({ from: s.start, lambda: lambdaOf(s.rho) }));

/**
 * P(time in system > t | an arrival finds j in system): work B ~ Exp(μ), after a wait
 * A ~ Erlang(k = j − c + 1, ν = cμ) when j ≥ c. With A's density,
 *   P(A + B > t) = P(A > t) + ∫₀ᵗ f_A(a) e^{−μ(t−a)} da
 *                = Σ_{i<k} e^{−νt}(νt)^i/i!  +  Σ_{i≥k} e^{−νt}(νt)^k((ν−μ)t)^{i−k}/i!,
 * two sums of positive terms (no cancellation, even for the hundreds waiting near saturation).
 */
function sojournTailGiven(j: number, c: number, t: number): number {
  if (j < c) return Math.exp(-MU * t);
  const k = j - c + 1, nu = c * MU;
  let term = Math.exp(-nu * t), waitLonger = 0;
  for (let i = 0; i < k; i++) { waitLonger += term; term *= (nu * t) / (i + 1); }
  // term is now e^{−νt}(νt)^k/k!; continue with ratio (ν − μ)t/(i + 1).
  let rest = 0;
  for (let i = k; term > 1e-18 * (rest + waitLonger) || i < k + 5; i++) { rest += term; term *= ((nu - MU) * t) / (i + 1); }
  return waitLonger + rest;
}

/** Expected window averages of the queue length and of the SLO tail under the file's steps (ms units). */
const expected = (() => {
  let cached: ReturnType<typeof compute> | undefined;
  const compute = () => transient(PHASES, END, [of({ lambda: 0, mu: MU, c: C, K: Infinity }).queued, (j) => sojournTailGiven(j, C, SLO_MS)], { mu: MU, c: C, states: 400 });
  return () => (cached ??= compute());
})();

const waitOf = (r: RunResult, s: (typeof STEPS)[number]) => levelOver(r.series, r.series.services.api.meanQueueLength, s.from, s.to) / lambdaOf(s.rho);
const slowShare = (r: RunResult, from: number, to: number) => {
  const f = r.series.features.search;
  return 1 - sumWindow(r.series, f.sloGood, from, to) / sumWindow(r.series, f.succeeded, from, to);
};

describe('saturation: the same API at 60%, 80%, 90% and 95% busy waits 2.5, 20, 67 and 165 ms (Erlang C)', () => {
  it('is the scenario these figures were derived from', () => {
    expect(scenario.features).toMatchObject([{ name: 'search', ratePerMs: 0.001, entry: 'api' }]);
    expect(scenario.features[0].users).toBeUndefined();
    expect(scenario.services).toMatchObject([{ name: 'api', workers: C, queue: Infinity, serviceTime: { kind: 'exponential', mean: 1 / MU }, calls: [] }]);
    // features [] is every feature (the file names none).
    expect(scenario.load).toEqual(STEPS.map((s, i) => ({
      kind: 'step', features: [], startMs: s.start, durationMs: (STEPS[i + 1]?.start ?? END) - s.start, factor: s.rho * 100,
    })));
    expect([scenario.durationMs, scenario.warmupMs]).toEqual([END, MIN]);
  });

  it('the closed forms behind the story: a third more load waits 8× longer, the last five points 2.5× longer', () => {
    const wq = STEPS.map((s) => mmc(lambdaOf(s.rho), MU, C).Wq);
    expect(wq.map((w) => w.toFixed(1))).toEqual(['2.5', '20.5', '66.9', '165.1']);
    expect(wq[1] / wq[0]).toBeGreaterThan(8);
    expect(wq[3] / wq[2]).toBeGreaterThan(2.4);
    const tail = STEPS.map((s) => mmcSojournTail(lambdaOf(s.rho), MU, C, SLO_MS));
    expect(tail[1]).toBeLessThan(0.005); // 80%: within a 99% SLO
    expect(1 / tail[2]).toBeCloseTo(80, -1); // 90%: "1 search in 80"
    expect(1 / tail[3]).toBeCloseTo(12, 0); // 95%: "1 search in 12"
    expect(mmc(lambdaOf(0.95), MU, 12).Wq.toFixed(0)).toBe('14');
    // The state-by-state tail used for the transient agrees with the stationary closed form.
    for (const s of STEPS) {
      const q: Queue = { lambda: lambdaOf(s.rho), mu: MU, c: C, K: Infinity };
      const law = stationary(q);
      const mixed = law.reduce((acc, p, j) => acc + p * sojournTailGiven(j, C, SLO_MS), 0);
      expect(Math.abs(mixed - mmcSojournTail(q.lambda, MU, C, SLO_MS)), `${s.rho}`).toBeLessThan(1e-6);
    }
  });

  it.each(STEPS)('at $rho busy a search waits as Erlang C says, allowing for the transient after the step', (s) => {
    const lambda = lambdaOf(s.rho), q: Queue = { lambda, mu: MU, c: C, K: Infinity };
    const theory = mmc(lambda, MU, C).Wq;
    const settling = windowAverage(expected(), 0, s.from, s.to) / lambda;
    // The window skips the step's first minute, so the queue has (nearly) settled: under 1% off.
    expect(Math.abs(settling - theory) / theory, `transient: ${settling} vs ${theory}`).toBeLessThan(0.01);
    expect(expected().topMass).toBeLessThan(1e-9);
    for (const r of runs()) expect(windowMs(r.series, s.from, s.to), `seed ${r.seed}`).toBe(s.to - s.from);
    // Bias: the transient's offset, and the rounding of each bucket's queue length to 0.001.
    const se = timeAverageSE(q, of(q).queued, s.to - s.from) / lambda / Math.sqrt(SEEDS.length);
    family.expectAgrees(`mean wait at ${s.rho * 100}% busy, ms`, runs().map((r) => waitOf(r, s)), theory,
      { se, bias: Math.abs(settling - theory) + 0.0005 / lambda });
  });

  it('the SLO tail: 1 search in 80 takes over 600 ms at 90% busy, 1 in 12 at 95%', () => {
    for (const s of STEPS.slice(2)) {
      const theory = mmcSojournTail(lambdaOf(s.rho), MU, C, SLO_MS);
      const settling = windowAverage(expected(), 1, s.from, s.to);
      // Counted as searches end, not as they arrive: the window's edges move by a second or
      // two of searches (under 1% of a 3-minute window); the rest of the bias is the transient.
      family.expectAgrees(`share over 600 ms at ${s.rho * 100}% busy`, runs().map((r) => slowShare(r, s.from, s.to)), theory,
        { bias: Math.abs(settling - theory) + 0.01 * theory });
    }
  });
});

describe('saturation variants: headroom waits far less; a bounded queue refuses instead of waiting', () => {
  const top = STEPS[3], lambda = lambdaOf(top.rho);
  const headroom = lazyRuns(variant('headroom'), seedsFrom(1, 10));
  const bounded = lazyRuns(variant('bounded-queue'), seedsFrom(1, 10));

  it('headroom (12 workers): the top step is 79% busy and waits ≈ 14 ms, not 165', () => {
    expect(variant('headroom').services[0]).toMatchObject({ workers: 12, queue: Infinity });
    const q: Queue = { lambda, mu: MU, c: 12, K: Infinity }, theory = mmc(lambda, MU, 12).Wq;
    const settling = windowAverage(transient(PHASES, END, [of(q).queued], { mu: MU, c: 12, states: 200 }), 0, top.from, top.to) / lambda;
    const se = timeAverageSE(q, of(q).queued, top.to - top.from) / lambda / Math.sqrt(10);
    family.expectAgrees('mean wait at the top step with 12 workers, ms', headroom().map((r) => waitOf(r, top)), theory,
      { se, bias: Math.abs(settling - theory) + 0.0005 / lambda });
  });

  it('bounded-queue (at most 10 waiting): at 95% busy the share refused at once is the M/M/10/20 blocking', () => {
    expect(variant('bounded-queue').services[0]).toMatchObject({ workers: C, queue: 10 });
    const K = C + 10, q: Queue = { lambda, mu: MU, c: C, K }, theory = mmcK(lambda, MU, C, K).blocking;
    const settling = windowAverage(transient(PHASES, END, [(j) => (j === K ? 1 : 0)], { mu: MU, c: C, K }), 0, top.from, top.to);
    const refused = (r: RunResult) => sumWindow(r.series, r.series.features.search.failed, top.from, top.to) / sumWindow(r.series, r.series.features.search.arrivals, top.from, top.to);
    const se = blockingSE(q, top.to - top.from) / Math.sqrt(10);
    family.expectAgrees('share refused at 95% busy, queue of 10', bounded().map(refused), theory, { se, bias: Math.abs(settling - theory) });
    // Nobody waits long: at most 10 are ahead, leaving at cμ = 0.1/ms, so a wait averages under
    // 100 ms; the M/M/10/20 mean wait of an accepted search (Little over the accepted searches:
    // queue length / (λ·(1 − blocking))) is 33.3 ms, its SE that of the queue length's time average.
    const finite = mmcK(lambda, MU, C, K), waitSettling = windowAverage(transient(PHASES, END, [of(q).queued], { mu: MU, c: C, K }), 0, top.from, top.to) / finite.lambdaEff;
    expect(finite.Wq).toBeLessThan(10 / (C * MU));
    family.expectAgrees('mean wait of an accepted search at 95% busy, queue of 10, ms', bounded().map((r) => waitOf(r, top) * lambda / finite.lambdaEff), finite.Wq,
      { se: timeAverageSE(q, of(q).queued, top.to - top.from) / finite.lambdaEff / Math.sqrt(10), bias: Math.abs(waitSettling - finite.Wq) + 0.0005 / finite.lambdaEff });
  });
});

describe('each story step matches what happens in the base run', () => {
  const base = lazyBase(scenario);
  const step = (minutes: number) => storyOf(scenario).find((s) => s.atMs === minutes * MIN)?.text ?? '';

  it('asks before each reveal, and quotes the closed forms of its step', () => {
    expect(step(3)).toMatch(/60% busy.*2\.5 ms.*Ask: at 80% busy/);
    expect(step(7)).toMatch(/80% busy.*about 20 ms, eight times.*Ask: and at 90%/);
    expect(step(11)).toMatch(/90%: about 67 ms.*1 search in 80.*Ask:/);
    expect(step(18)).toMatch(/95%: about 165 ms.*1 search in 12/);
    expect(step(20)).toMatch(/headroom.*79% busy.*14 ms.*bounded-queue: the wait stays near 33 ms, but 1 search in 21 is refused/);
    const finite = mmcK(lambdaOf(0.95), MU, C, C + 10);
    expect([Math.round(finite.Wq), Math.round(1 / finite.blocking)]).toEqual([33, 21]);
  });

  it('the SLO holds through 60% and 80%, is left during the 90% step, and is out for most of the 95% step', () => {
    const { result, outcomes } = base();
    const slo = outcomes.features.search.slo!, t = result.series.t;
    expect(slo.out.some((out, b) => out && t[b] < 8 * MIN)).toBe(false);
    expect(slo.leftAt).toBeGreaterThanOrEqual(8 * MIN);
    expect(slo.leftAt).toBeLessThan(11 * MIN);
    const topBuckets = slo.out.filter((_, b) => t[b] >= 13 * MIN);
    expect(topBuckets.filter(Boolean).length).toBeGreaterThanOrEqual(0.75 * topBuckets.length);
  });
});
