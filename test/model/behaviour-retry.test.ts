/**
 * Published behaviour: retry amplification.
 *
 * With up to N retries (N + 1 attempts), immediate, and each attempt failing independently with
 * probability p, a caller sends 1 + p + … + p^N attempts per request on average and succeeds
 * with probability 1 − p^(N+1). Retries at two layers compound: the outer layer sees the inner
 * call fail with q = p^(M+1), so the innermost service gets (1 + q + … + q^N)(1 + p + … + p^M)
 * attempts per user request. A token-bucket retry budget caps the retries: earning `ratio`
 * tokens per original request, retries ≤ ratio · requests + maxTokens, so load ≤ ~1.1× for
 * ratio 0.1 (Finagle); earning per success, retries = ratio · successes, which with a binding
 * budget gives load 1 / (1 − ratio · (1 − p)).
 *
 * Set-up: an `errors` fault with rate p for the whole run on the service `api` (it errors after
 * its own work, independently per request); plenty of workers, so no queueing and no timeouts.
 * Every check runs R seeded replications and goes through the shared family of
 * test/support/family.ts. Requests are independent here (no queueing), so the failed share is
 * exactly binomial: an exact binomial test. Attempts per request use the replications' own SE
 * (Student t, R − 1 degrees of freedom): ≤ 1.9% of the load, against the 9–50% a missing first
 * retry would make.
 */
import { describe, expect, it } from 'vitest';
import type { CallPolicy, RetrySpec, Scenario } from '../../src/scenario/types.js';
import type { RunResult } from '../../src/model/result.js';
import { NO_BACKOFF, constant, exp, geometricSum, replicate, seedsFrom } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';

const family = comparisons('model/behaviour-retry');

const R = 10;
const SEEDS = seedsFrom(1, R);
/** 0.5 requests per ms for 40 s measured: about 20 000 user requests per replication. */
const RATE = 0.5;
const DURATION = 41_000;
const WARMUP = 1_000;

const retry = (attempts: number, budget?: RetrySpec['budget']): RetrySpec =>
  budget ? { attempts, backoff: NO_BACKOFF, budget } : { attempts, backoff: NO_BACKOFF };

const apiSpec = { name: 'api', workers: 200, queue: Infinity, serviceTime: exp(10), calls: [] };

function errorsOn(p: number) {
  return [{ kind: 'errors' as const, service: 'api', startMs: 0, durationMs: Infinity, rate: p }];
}

/** Users call `api` directly with client policy `client`. */
function direct(name: string, p: number, client: CallPolicy): Scenario {
  return {
    name, durationMs: DURATION, warmupMs: WARMUP, seed: 1,
    features: [{ name: 'f', ratePerMs: RATE, entry: 'api', client }],
    services: [apiSpec],
    faults: errorsOn(p),
  };
}

/** Users call `front` (client policy `client`), which calls `api` with policy `call`. */
function layered(name: string, p: number, client: CallPolicy, call: CallPolicy): Scenario {
  return {
    name, durationMs: DURATION, warmupMs: WARMUP, seed: 1,
    features: [{ name: 'f', ratePerMs: RATE, entry: 'front', client }],
    services: [
      { name: 'front', workers: 200, queue: Infinity, serviceTime: constant(1), calls: [{ to: 'api', ...call }] },
      apiSpec,
    ],
    faults: errorsOn(p),
  };
}

/** Share of finished user requests that failed (requests still in flight excluded). */
const failedShare = (r: RunResult): number => r.features.f.failed / (r.features.f.succeeded + r.features.f.failed);
const finished = (r: RunResult): number => r.features.f.succeeded + r.features.f.failed;
/**
 * The failed count among finished requests is Binomial(finished, q), up to the requests still in
 * flight at the end (excluded, and more likely to fail: at most λ·E[duration] of them, each
 * failing with probability ≤ p): a bias of E[duration]·p/(measured time) as a share.
 */
function expectFailedShare(rs: RunResult[], q: number, p: number, durationMs: number): void {
  family.expectBinomial('user failed share', rs.map((r) => r.features.f.failed), rs.map(finished), q,
    { bias: (durationMs * p) / (DURATION - WARMUP) });
}

const CASES: [p: number, n: number][] = [[0.1, 1], [0.1, 3], [0.5, 1], [0.5, 3]];

describe('retry amplification: load 1 + p + … + p^N, success 1 − p^(N+1)', () => {
  for (const [p, n] of CASES) {
    it(`user client, p = ${p}, N = ${n} retries`, () => {
      const rs = replicate(direct(`client p=${p} N=${n}`, p, { retry: retry(n + 1) }), SEEDS);
      const load = geometricSum(p, n), q = p ** (n + 1);
      family.expectAgrees('service arrivals per user request', rs.map((r) => r.services.api.arrivals / r.features.f.arrivals), load);
      family.expectAgrees('edge attempts per user request', rs.map((r) => r.edges['user->f'].attempts / r.features.f.arrivals), load);
      expectFailedShare(rs, q, p, load * 10);
      for (const r of rs) {
        // Every measured request makes exactly one first attempt at its arrival; the rest are retries.
        expect(r.edges['user->f'].attempts - r.edges['user->f'].retries).toBe(r.features.f.arrivals);
      }
    });
  }

  for (const [p, n] of CASES) {
    it(`service → service call edge, p = ${p}, N = ${n} retries`, () => {
      const rs = replicate(layered(`edge p=${p} N=${n}`, p, {}, { retry: retry(n + 1) }), SEEDS);
      const load = geometricSum(p, n), q = p ** (n + 1);
      family.expectAgrees('api arrivals per front request', rs.map((r) => r.services.api.arrivals / r.services.front.arrivals), load);
      family.expectAgrees('front->api attempts per front request', rs.map((r) => r.edges['front->api'].attempts / r.services.front.arrivals), load);
      expectFailedShare(rs, q, p, 1 + load * 10);
      for (const r of rs) expect(r.edges['user->f'].retries).toBe(0);
    });
  }

  for (const p of [0.5, 1]) {
    it(`retries at two layers compound: user N = 3 over front→api M = 3, p = ${p}`, () => {
      const N = 3, M = 3;
      const rs = replicate(layered(`two layers p=${p}`, p, { retry: retry(N + 1) }, { retry: retry(M + 1) }), SEEDS);
      const q = p ** (M + 1);
      const frontLoad = geometricSum(q, N), apiLoad = frontLoad * geometricSum(p, M);
      if (p === 1) expect(apiLoad).toBe(16); // every attempt fails: (N + 1)(M + 1)
      // Counts belong to the user requests that arrived after warmup, and a request still in flight
      // at the end has made at least one of its attempts: it lowers the ratio by at most
      // (load − 1) · inFlight / arrivals, an end effect the steady-state closed form ignores.
      const unfinished = Math.max(...rs.map((r) => r.features.f.inFlight / r.features.f.arrivals));
      family.expectAgrees('front arrivals per user request', rs.map((r) => r.services.front.arrivals / r.features.f.arrivals), frontLoad,
        { bias: (frontLoad - 1) * unfinished });
      family.expectAgrees('api arrivals per user request', rs.map((r) => r.services.api.arrivals / r.features.f.arrivals), apiLoad,
        { bias: (apiLoad - 1) * unfinished });
      const fail = q ** (N + 1);
      expectFailedShare(rs, fail, q, frontLoad + apiLoad * 10);
    });
  }
});

describe('a token-bucket retry budget caps retry load (p = 0.5, N = 3 would give 1.875×)', () => {
  const p = 0.5;

  it("earn 'request' 0.1: load ≈ 1.1×, retries ≤ 0.1 · requests + maxTokens, success = (1 − p) · load", () => {
    const maxTokens = 10;
    const rs = replicate(direct('budget per request', p, { retry: retry(4, { ratio: 0.1, earn: 'request', maxTokens }) }), SEEDS);
    for (const r of rs) {
      const e = r.edges['user->f'], n = r.features.f.arrivals;
      // Hard bound: tokens spent after warmup were in the bucket at warmup (≤ maxTokens) or earned
      // by the n requests started since (0.1 each).
      expect(e.retries, `seed ${r.seed}: retries ${e.retries} for ${n} requests`).toBeLessThanOrEqual(0.1 * n + maxTokens);
      expect(e.budgetDenied).toBeGreaterThan(0);
    }
    // Demand (0.875 retries per request) far exceeds the 0.1 earned, so the budget binds: retries
    // = 0.1 · n ± maxTokens (tokens held at the start and end of measurement).
    const n = rs[0].features.f.arrivals;
    family.expectAgrees('api arrivals per user request', rs.map((r) => r.services.api.arrivals / r.features.f.arrivals), 1.1,
      { bias: maxTokens / n });
    // Each attempt succeeds independently with 1 − p and a request stops at its first success
    // (Wald): successes = (1 − p) · attempts.
    family.expectAgrees('succeeded share', rs.map((r) => 1 - failedShare(r)), (1 - p) * 1.1, { bias: maxTokens / n });
  });

  it("earn 'success' 0.1: retries = 0.1 · successes, so load = 1 / (1 − 0.1 · (1 − p)) ≈ 1.053×", () => {
    const maxTokens = 10, ratio = 0.1;
    const rs = replicate(direct('budget per success', p, { retry: retry(4, { ratio, earn: 'success', maxTokens }) }), SEEDS);
    const load = 1 / (1 - ratio * (1 - p));
    const n = rs[0].features.f.arrivals;
    family.expectAgrees('api arrivals per user request', rs.map((r) => r.services.api.arrivals / r.features.f.arrivals), load,
      { bias: maxTokens / n });
    for (const r of rs) expect(r.edges['user->f'].budgetDenied).toBeGreaterThan(0);
  });
});
