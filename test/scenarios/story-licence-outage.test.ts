/**
 * The story of scenarios/licence-outage.yaml: 140 stream starts a second, each needing auth, a
 * licence and the CDN. The licence service is down (fail-fast) for one minute at 10m. Licences
 * are cached for 5 minutes (50,000 titles, Zipf(1) popularity) and may be served up to 10
 * minutes past expiry when the service fails. A viewer who gets a black screen may press play
 * again (users.retry).
 *
 * Figures derived from the file (λ = 140/s; title k is requested at a_k = λ·p_k with
 * p_k ∝ 1/(k+1); ttl = 300 s, S = serveStale = 600 s, outage [T0, T0 + D) = [600 s, 660 s)).
 * First the chance f(u) that one start u seconds into the outage fails:
 * - Without the cache every start fails: f ≡ 1.
 * - With it, a start fails only when its title's entry is more than S past expiry. The model's
 *   cache starts warm (every entry expiring uniformly in [0, ttl) — src/model/cache.ts); a miss
 *   refills an entry for ttl and any entry refilled after time 0 is within S of expiry until
 *   t = 900 s. So at t = T0 + u, title k fails iff its first expiry e < t − S and it has not been
 *   requested since e: probability (e^{−a·S} − e^{−a·t})/(a·ttl), and f is the p_k-weighted sum.
 *   Integrated over the outage, fresh starts fail
 *   Σ_k [D·e^{−a_k S} − (e^{−a_k T0} − e^{−a_k (T0+D)})/a_k] / ttl ≈ 107 times (1.3%).
 * - Long after the warm start (once ttl + S = 15 minutes have passed), a title's refills form a
 *   renewal process with gaps ttl + Exp(a); the age A since the last refill has
 *   P(A > x) = e^{−a(x−ttl)}/(1 + a·ttl) for x ≥ ttl, and no refill happens during the outage,
 *   so a start u seconds in fails iff A > ttl + S − u: f(u) = Σ_k p_k·e^{−a_k (S−u)}/(1 + a_k ttl),
 *   and fresh starts fail Σ_k (e^{−a_k (S−D)} − e^{−a_k S})/(1 + a_k ttl) ≈ 895 times (11%).
 * Then the viewers' own retries (users.retry: probability p = 60%, after an exponential think
 * time of mean θ = 5 s, at most 2 more tries). Each try is a new start, and the model draws its
 * title afresh from the popularity law, so a retry fails with the chance f of that moment. Fresh
 * starts fail at rate h₀(u) = λ·f(u); the k-th retries fail at
 * h_k(v) = p·f(v)·∫₀^v h_{k−1}(u)·e^{−(v−u)/θ}/θ du; failed tries number ∫₀^D (h₀ + h₁ + h₂),
 * computed below on a 0.25 s grid. Retries after the outage succeed.
 * - Without the cache (f ≡ 1) that is
 *   λ·[D + p·(D − θ(1 − e^{−D/θ})) + p²·(D − 2θ(1 − e^{−D/θ}) + D·e^{−D/θ})] ≈ 140 × 111 = 15,540
 *   failed tries by the 8,400 viewers who pressed play in that minute.
 * - With the cache, f is small, so retries add little: ≈ 1 failed try to the 107, ≈ 56 to the 895.
 * Each viewer's failed tries are 1 to 3 of a Poisson number of viewers, so a count's variance is
 * at most (fresh failures) × E[n²] ≤ (fresh failures) × (1 + 3·p·max f + 5·p²·max f²).
 *
 * FINDING: the description says "the brief outage passes without black screens". It does not:
 * rarely watched titles whose licence was last fetched more than 15 minutes ago (5 fresh + 10
 * stale) have nothing to serve. The bundled run shows ≈ 107 black screens only because its outage
 * comes 10 minutes after the cache's warm start; the same outage later in the day shows ≈ 895.
 *
 * FINDING: a viewer's retry is a new request, and the cache draws a new title for it; a viewer who
 * presses play again on a rare title would in truth get the same black screen. So with the cache
 * the model lets most retries play, which understates black screens by about p × (fresh failures).
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { seedsFrom, sumWindow, zipfProbabilities } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';
import { bundled, lazyBase, lazyRuns, variantNamed } from './story-support.js';
import { simulate } from '../../src/model/simulate.js';
import { clock } from '../../src/outcomes/clock.js';
import { summarize } from '../../src/outcomes/summarize.js';
import { storyOf } from '../../src/scenario/index.js';

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

const RETRY = 0.6, THINK = 5, RETRIES = 2; // users.retry: probability, mean think time (s), most retries
const GRID = 0.25; // s
const cells = Array.from({ length: D / GRID }, (_, i) => (i + 0.5) * GRID);
/** f(u): chance that a start u s into an outage at T0 fails, with the cache warm-started at 0 s. */
const fWarm = cells.map((u) => rates.reduce((acc, a) => acc + (a / LAMBDA) * (Math.exp(-a * STALE) - Math.exp(-a * (T0 + u))) / (a * TTL), 0));
/** f(u) long after the warm start. */
const fSteady = cells.map((u) => rates.reduce((acc, a) => acc + (a / LAMBDA) * Math.exp(-a * (STALE - u)) / (1 + a * TTL), 0));

/**
 * Failed tries in the outage when a start u s in fails with chance f(u) (per grid cell), with the
 * viewers' retries (see the header): fresh failures, all failures, and a bound on the variance.
 */
function failedTries(f: number[]): { fresh: number; total: number; variance: number } {
  // Chance that a think time lands a retry k cells later: [k − ½, k + ½) cells (k = 0: [0, ½)).
  const lands = (k: number) => Math.exp(-Math.max(0, k - 0.5) * GRID / THINK) - Math.exp(-(k + 0.5) * GRID / THINK);
  let level = f.map((x) => LAMBDA * x * GRID);
  const fresh = level.reduce((a, x) => a + x, 0);
  let total = fresh;
  for (let k = 1; k <= RETRIES; k++) {
    const prev = level;
    level = f.map((x, j) => RETRY * x * prev.slice(0, j + 1).reduce((acc, m, i) => acc + m * lands(j - i), 0));
    total += level.reduce((a, x) => a + x, 0);
  }
  const F = Math.max(...f);
  return { fresh, total, variance: fresh * (1 + 3 * RETRY * F + 5 * RETRY ** 2 * F ** 2) };
}

const failedIn = (r: RunResult, from: number, to: number) => sumWindow(r.series, r.series.features.watch.failed, from, to);
const arrivedIn = (r: RunResult, from: number, to: number) => sumWindow(r.series, r.series.features.watch.arrivals, from, to);

describe('licence-outage: a one-minute licence outage against a 5-minute licence cache that serves stale', () => {
  it('is the scenario these figures were derived from', () => {
    expect(scenario.faults).toEqual([{ kind: 'outage', service: 'licence', startMs: T0 * 1000, durationMs: D * 1000, mode: 'fail-fast' }]);
    expect(scenario.services.find((s) => s.name === 'licence')?.cache).toMatchObject({ keys: KEYS, zipf: 1, ttlMs: TTL * 1000, serveStaleMs: STALE * 1000 });
    expect(scenario.features[0]).toMatchObject({
      ratePerMs: LAMBDA / 1000, entry: 'player', users: { retry: { probability: RETRY, think: { kind: 'exponential', mean: THINK * 1000 }, max: RETRIES } },
    });
    expect(scenario.variants?.find((v) => v.name === 'no-cache')?.scenario.services.find((s) => s.name === 'licence')?.cache).toBeUndefined();
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
      // The cache counts every stale answer; the feature only those whose viewer still waited
      // (one who gave up later, during the CDN fetch, or was still waiting at the end, is not counted).
      const extra = r.services.licence.cache!.staleServed - r.features.watch.stale;
      expect(extra, `seed ${r.seed}: stale answers not counted as stale starts`).toBeGreaterThanOrEqual(0);
      expect(extra, `seed ${r.seed}`).toBeLessThanOrEqual(r.features.watch.abandoned + r.features.watch.inFlight);
    }
  });

  it('but it is not free of black screens: ≈ 107 starts (1.3%) of rarely watched titles fail, their licence more than 10 minutes past expiry', () => {
    const { fresh, total, variance } = failedTries(fWarm);
    // The grid reproduces the closed form of the fresh failures.
    expect(Math.abs(fresh - warmStartFailures), `grid ${fresh} vs closed form ${warmStartFailures}`).toBeLessThanOrEqual(0.01 * warmStartFailures);
    expect(total - fresh, 'failed retries').toBeLessThan(2);
    for (const r of runs()) expect(failedIn(r, ...OUTAGE_WINDOW), `seed ${r.seed}: black screens`).toBeGreaterThan(warmStartFailures / 2);
    family.expectAgrees('failed starts during the outage', runs().map((r) => failedIn(r, ...OUTAGE_WINDOW)), total,
      { se: Math.sqrt(variance / SEEDS.length) });
  });

  it('without the cache (the no-cache variant), every start in the outage minute fails, retries too: ≈ 15,540 failed tries by 8,400 viewers', () => {
    const noCache = variantNamed(scenario, 'no-cache');
    const { total, variance } = failedTries(cells.map(() => 1));
    const closed = LAMBDA * (D + RETRY * (D - THINK * (1 - Math.exp(-D / THINK)))
      + RETRY ** 2 * (D - 2 * THINK * (1 - Math.exp(-D / THINK)) + D * Math.exp(-D / THINK)));
    expect(Math.abs(total - closed), `grid ${total} vs closed form ${closed}`).toBeLessThanOrEqual(0.005 * closed);
    const rs = lazyRuns(noCache, seedsFrom(1, 3))();
    for (const r of rs) {
      expect(failedIn(r, ...OUTAGE_WINDOW), `seed ${r.seed}`).toBeGreaterThanOrEqual(0.99 * arrivedIn(r, T0 * 1000, (T0 + D) * 1000));
    }
    family.expectAgrees('failed tries during the outage, no cache', rs.map((r) => failedIn(r, ...OUTAGE_WINDOW)), closed, { se: Math.sqrt(variance / rs.length) });
  });

  it('the 107 depends on the warm start: the same outage 30 minutes into the run black-screens ≈ 895 starts (11%), and their retries ≈ 56 more', () => {
    const late: Scenario = {
      ...scenario, name: 'licence-outage, outage at 30m', durationMs: 35 * 60_000,
      faults: [{ kind: 'outage', service: 'licence', startMs: 30 * 60_000, durationMs: D * 1000, mode: 'fail-fast' }],
    };
    const rs = lazyRuns(late, seedsFrom(1, 3))();
    const { fresh, total, variance } = failedTries(fSteady);
    expect(Math.abs(fresh - steadyFailures), `grid ${fresh} vs closed form ${steadyFailures}`).toBeLessThanOrEqual(0.01 * steadyFailures);
    family.expectAgrees('failed tries during an outage at 30m', rs.map((r) => failedIn(r, 30 * 60_000, 31 * 60_000 + 2_000)), total,
      { se: Math.sqrt(variance / rs.length) });
  });
});

describe('licence-outage: each story step matches what happens in the base run (seed 3)', () => {
  const base = lazyBase(scenario);
  const step = (minutes: number) => storyOf(scenario).find((s) => s.atMs === minutes * 60_000)?.text ?? '';

  it('10m: the licence service fails at once, and the cache answers most starts (stale ones too)', () => {
    const { result, outcomes } = base();
    expect(outcomes.breaks[0]).toMatchObject({ kind: 'errors', subject: 'licence', t: T0 * 1000 });
    expect(step(10)).toMatch(/goes down/);
    expect(result.features.watch.stale).toBeGreaterThan(0);
  });

  it('10.5m: about 1 start in 80 gets a black screen (the closed form above: ≈ 107 of ≈ 8,400)', () => {
    const { result } = base();
    expect(Math.round(LAMBDA * D / warmStartFailures / 10) * 10).toBe(80);
    // One run: the count is ≈ Poisson(≈ 108), so 4 SD is ≈ 40.
    const failed = failedIn(result, ...OUTAGE_WINDOW);
    expect(Math.abs(failed - warmStartFailures), `${failed} black screens`).toBeLessThanOrEqual(40);
    expect(step(10.5)).toMatch(/about 1 start in 80 gets a black screen.*Ask: will the start-up SLO hold\?/);
  });

  it('11m: the SLO was left at the time the step names, about a hundred black screens cost some $20, and the SLO is back by 12m', () => {
    const { result, outcomes } = base();
    const slo = outcomes.features.watch.slo!;
    expect(slo.leftAt).toBeGreaterThan(10.5 * 60_000);
    expect(slo.leftAt).toBeLessThan(11 * 60_000);
    const [m, s] = clock(slo.leftAt!).split(':').map(Number);
    expect(step(11)).toContain(`missed from ${m}m${s}s`);
    const lastOut = slo.out.lastIndexOf(true);
    expect(result.series.t[lastOut] + result.series.bucketMs).toBeLessThanOrEqual(12 * 60_000);
    expect(outcomes.features.watch.value.lost).toBeGreaterThan(10);
    expect(outcomes.features.watch.value.lost).toBeLessThan(40);
    expect(step(11)).toMatch(/about a hundred black screens, some \$20 of value/);
  });
});
