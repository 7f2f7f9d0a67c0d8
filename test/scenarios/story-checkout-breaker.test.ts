/**
 * The story of scenarios/checkout-breaker.yaml: payments fails every request for two minutes
 * (5m–7m); a breaker on checkout → payments (10 s window of ten 1 s buckets, minimum 20
 * requests, 50% errors, 5 s sleep) opens about five seconds into the failure, so checkout stops
 * waiting on a dead dependency and fails fast, probing once per sleep window until payments
 * recovers.
 *
 * Figures derived from the file (λ = 100 checkouts/s; log-normal means are p50 · exp(σ²/2) with
 * σ = ln(p99/p50)/2.326):
 * - Opening: at T0 + x the window holds ≈ 100·x failures and ≈ 100·(10 − x) successes, so the
 *   error share reaches 50% at x = half the window = 5 s; the 1 s buckets and Poisson noise
 *   move it by well under a second (test/model/behaviour-breaker.test.ts): 5 ± 1 s.
 * - Open: one call per sleep gets through as the half-open trial; it fails after payments'
 *   work (errors come after the work) and re-opens the breaker, so trials come once per
 *   sleep + 1/λ + E[payments work] = 5 s + 10 ms + 101.6 ms.
 * - Closing: the first trial after T1 succeeds: within one trial period after T1.
 * - Checkout's workers: a checkout holds its worker for its own work (E = 25.4 ms) plus the
 *   payments call (E = 101.6 ms; payments runs at 10 erlangs on 20 workers, so waits are
 *   negligible): utilization 100/s × 127.0 ms / 50 = 25.4%. With the breaker open the call
 *   returns at once: 100/s × 25.4 ms / 50 = 5.1% — for the shoppers' first tries alone.
 * - Shoppers try again (users.retry: probability p = 50%, after an exponential think time of mean
 *   θ = 10 s, at most twice). Every try fails from T0 until the breaker closes, so x seconds into
 *   the failure the first retries of shoppers who failed since T0 arrive at λ·p·F₁(x), with
 *   F₁(x) = 1 − e^{−x/θ}, and the second retries at λ·p²·F₂(x), with F₂(x) = 1 − e^{−x/θ}(1 + x/θ)
 *   (the sum of two think times): checkouts arrive at r(x) = λ·(1 + p·F₁(x) + p²·F₂(x)), 1.69 λ
 *   on average over the breaker’s ≈ 117 s open, 1.75 λ at the end. Over [x₁, x₂] that is
 *   λ·[(x₂ − x₁) + p·(G₁(x₂) − G₁(x₁)) + p²·(G₂(x₂) − G₂(x₁))], with the integrals
 *   G₁(x) = x − θ(1 − e^{−x/θ}) and G₂(x) = x − 2θ(1 − e^{−x/θ}) + x·e^{−x/θ}.
 *   So while the breaker is open ≈ 1.69 × λ × time open calls are refused, and checkout's workers
 *   are ≈ 1.69 × 5.1% ≈ 8.6% busy. (Retries that arrive after the breaker closes succeed.)
 */
import { describe, expect, it } from 'vitest';
import { seedsFrom, sumWindow } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';
import { breakerInterval, bundled, ceilToBucket, lazyRuns, levelOver, lognormalMean } from './story-support.js';

const family = comparisons('scenarios/story-checkout-breaker');

const scenario = bundled('checkout-breaker');
const runs = lazyRuns(scenario, seedsFrom(1, 6));

const EDGE = 'checkout->payments';
const WARMUP = 60_000, T0 = 300_000, T1 = 420_000; // payments fails 100% over [5m, 7m)
const LAMBDA = 0.1, WORKERS = 50; // checkouts per ms; checkout's workers
const WINDOW = 10_000, SLEEP = 5_000;
const OWN = lognormalMean(20, 100); // checkout's own work, ≈ 25.4 ms
const PAYMENTS = lognormalMean(80, 400); // payments' work, ≈ 101.6 ms
const TRIAL_PERIOD = SLEEP + 1 / LAMBDA + PAYMENTS;
const RETRY = 0.5, THINK = 10_000; // users.retry: probability, mean think time (ms); at most 2 retries

/** Checkouts (first tries and retries) expected over [fromMs, toMs], both inside [T0, breaker closed]. */
function checkoutsWhileFailing(fromMs: number, toMs: number): number {
  const g1 = (x: number) => x - THINK * (1 - Math.exp(-x / THINK));
  const g2 = (x: number) => x - 2 * THINK * (1 - Math.exp(-x / THINK)) + x * Math.exp(-x / THINK);
  const a = fromMs - T0, b = toMs - T0;
  return LAMBDA * (b - a + RETRY * (g1(b) - g1(a)) + RETRY ** 2 * (g2(b) - g2(a)));
}

describe('checkout-breaker: payments fails for two minutes; the breaker opens, fails fast, probes, and closes', () => {
  it('is the scenario these figures were derived from', () => {
    expect(scenario.faults).toEqual([{ kind: 'errors', service: 'payments', startMs: T0, durationMs: T1 - T0, rate: 1 }]);
    const call = scenario.services.find((s) => s.name === 'checkout')!.calls[0];
    expect(call.breaker).toEqual({ windowMs: WINDOW, buckets: 10, minimumRequests: 20, errorThreshold: 0.5, sleepMs: SLEEP });
    expect(scenario.features[0].ratePerMs).toBe(LAMBDA);
    expect(scenario.features[0].users?.retry).toEqual({ probability: RETRY, think: { kind: 'exponential', mean: THINK }, max: 2 });
  });

  it('before payments fails, checkouts succeed (fewer than 1 in 10,000 fail)', () => {
    // The only failure left is the 2 s call timeout: payments' work exceeds it with probability
    // P(Z > ln(2000/80)/σ) = P(Z > 4.65) ≈ 2·10⁻⁶.
    for (const r of runs()) {
      const f = r.series.features.checkout;
      expect(sumWindow(r.series, f.failed, WARMUP, T0), `seed ${r.seed}`).toBeLessThanOrEqual(1e-4 * sumWindow(r.series, f.arrivals, WARMUP, T0));
    }
  });

  it('the breaker opens 5 ± 1 s after payments starts failing (when failures fill half its 10 s window), and only once', () => {
    for (const r of runs()) {
      const { openAt } = breakerInterval(r, EDGE);
      const after = (openAt - T0) / 1000;
      expect(Math.abs(after - WINDOW / 2 / 1000), `seed ${r.seed}: opened ${after.toFixed(2)} s after payments started failing`).toBeLessThanOrEqual(1);
      expect(r.edges[EDGE].breakerOpened, `seed ${r.seed}: closed → open transitions`).toBe(1);
    }
  });

  it('while open, payments sees one trial call per 5 s sleep window; every other call is refused at once', () => {
    for (const r of runs()) {
      const { openAt } = breakerInterval(r, EDGE);
      const from = ceilToBucket(r.series, openAt + 1_000);
      // During the fault everything payments works on errors: its errors are the trials.
      const trials = sumWindow(r.series, r.series.services.payments.errors, from, T1);
      const expected = (T1 - from) / TRIAL_PERIOD;
      expect(Math.abs(trials - expected), `seed ${r.seed}: ${trials} trials in ${(T1 - from) / 1000} s, expected ≈ ${expected.toFixed(1)}`).toBeLessThanOrEqual(1.5);
    }
    // Refused (short-circuited) calls: every checkout while the breaker is open, first tries and
    // retries, ≈ 1.69 × λ × time open. A shopper makes 1 to 3 of them, so the count's variance is
    // at most 3 × its mean; the bias covers the trials and bucket edges (30 calls).
    const expected = runs().map((r) => { const { openAt } = breakerInterval(r, EDGE); return checkoutsWhileFailing(openAt, openAt + r.edges[EDGE].breakerOpenMs); });
    const least = Math.min(...expected);
    family.expectAgrees('short-circuited calls / checkouts expected while open',
      runs().map((r, i) => r.edges[EDGE].shortCircuited / expected[i]), 1,
      { se: Math.sqrt(3 / (least * expected.length)), bias: 30 / least });
  });

  it('checkout stops waiting on the dead dependency: its busy workers fall from ≈ 25% to ≈ 8.6% while the breaker is open, though retries come on top', () => {
    const normal = (LAMBDA * (OWN + PAYMENTS)) / WORKERS;
    family.expectAgrees('checkout utilization before the failure', runs().map((r) => levelOver(r.series, r.series.services.checkout.utilization, WARMUP, T0)), normal, { bias: 0.005 });
    // Each run's window starts when its breaker opened: compare the measured level with that
    // window's expected level (checkouts × own work / workers / window), difference 0.
    family.expectAgrees('checkout utilization while open, minus the expected', runs().map((r) => {
      const from = ceilToBucket(r.series, breakerInterval(r, EDGE).openAt + 1_000);
      const expected = (checkoutsWhileFailing(from, T1) * OWN) / (T1 - from) / WORKERS;
      return levelOver(r.series, r.series.services.checkout.utilization, from, T1) - expected;
    }), 0, { bias: 0.005 });
  });

  it('checkouts still fail throughout the two minutes: there is no fallback, so the breaker makes failures fast, not successful', () => {
    for (const r of runs()) {
      const f = r.series.features.checkout;
      const from = ceilToBucket(r.series, breakerInterval(r, EDGE).openAt + 1_000);
      expect(sumWindow(r.series, f.succeeded, from, T1), `seed ${r.seed}: checkouts that succeeded while payments was down`).toBe(0);
      expect(sumWindow(r.series, f.failed, from, T1), `seed ${r.seed}`).toBeGreaterThan(0.95 * LAMBDA * (T1 - from));
    }
  });

  it('the first trial after payments recovers closes the breaker (within one 5 s sleep of 7m), and checkouts succeed again', () => {
    for (const r of runs()) {
      const { openAt, closeAt } = breakerInterval(r, EDGE);
      expect(closeAt, `seed ${r.seed}: closed before payments recovered`).toBeGreaterThanOrEqual(T1);
      expect(closeAt - T1, `seed ${r.seed}: closed ${(closeAt - T1) / 1000} s after payments recovered`).toBeLessThanOrEqual(TRIAL_PERIOD + 100);
      // Open from ≈ 5 s into the failure to ≤ one trial period after it: ≈ 115–120 s in all.
      expect(Math.abs(r.edges[EDGE].breakerOpenMs - (closeAt - openAt)), `seed ${r.seed}`).toBeLessThanOrEqual(2);
      const after = ceilToBucket(r.series, closeAt + 1_000);
      const f = r.series.features.checkout;
      expect(sumWindow(r.series, f.failed, after, Infinity), `seed ${r.seed}: checkouts failed after the breaker closed`)
        .toBeLessThanOrEqual(1e-4 * sumWindow(r.series, f.arrivals, after, Infinity));
      expect(sumWindow(r.series, f.succeeded, after, Infinity), `seed ${r.seed}`).toBeGreaterThan(0.95 * LAMBDA * (scenario.durationMs - after));
    }
  });
});
