/**
 * Smaller published behaviours of faults and defences, each against a closed form or a hard
 * bound implied by the semantics:
 * - A hanging outage with a client timeout: every request arriving during it is taken and never
 *   answered; those arriving more than one timeout before the end time out, the rest are reset
 *   when the service recovers. Without a timeout the users just wait (in flight), and a short
 *   outage does not exhaust the memory budget.
 * - A bulkhead of n on an edge caps the callee's concurrency at n: with Poisson calls and no
 *   waiting at the callee, the edge is an Erlang loss system (M/G/n/n): rejected share = Erlang
 *   B(a, n), callee busy = a·(1 − B), a = offered erlangs.
 * - An optional call that fails degrades the answer instead of failing it.
 * - Deadline propagation: callees drop requests whose caller's deadline passed before work
 *   starts, so work for callers who gave up (wasted) shrinks to what was already in progress.
 */
import { describe, expect, it } from 'vitest';
import type { CallSpec, Scenario } from '../../src/scenario/types.js';
import type { RunResult } from '../../src/model/result.js';
import { constant, exp, replicate, seedsFrom } from '../support/behaviour.js';
import { erlangB } from '../support/queueing.js';
import { blockingSE, of, timeAverageSE, type Queue } from '../support/variance.js';
import { comparisons } from '../support/family.js';

const family = comparisons('model/behaviour-faults');

const SEEDS = seedsFrom(1, 8);

/** Reported figures are rounded to 3 decimals. */
const R3 = 5e-4;

describe('hanging outage', () => {
  const LAMBDA = 0.05, START = 60_000, D = 30_000, T = 500;
  const hang = (name: string, timeoutMs: number | undefined, durationMs: number): Scenario => ({
    name, durationMs, warmupMs: 10_000, seed: 1,
    features: [{ name: 'f', ratePerMs: LAMBDA, entry: 'api', client: timeoutMs ? { timeoutMs } : {} }],
    services: [{ name: 'api', workers: 10, queue: Infinity, serviceTime: exp(20), calls: [] }],
    faults: [{ kind: 'outage', service: 'api', startMs: START, durationMs: D, mode: 'hang' }],
  });

  // Only arrivals during the outage are taken and parked (work in progress finishes), so each
  // count below is exactly Poisson: arrivals in a window.
  it('with a client timeout: arrivals during it hang (λ·D), time out (λ·(D − timeout)), and fail', () => {
    const rs = replicate(hang('hang + timeout', T, 120_000), SEEDS);
    family.expectPoisson('hung at api', rs.map((r) => r.services.api.hung), LAMBDA * D);
    family.expectPoisson('timeouts on user->f', rs.map((r) => r.edges['user->f'].timeouts), LAMBDA * (D - T));
    family.expectPoisson('failed requests', rs.map((r) => r.features.f.failed), LAMBDA * D);
    for (const r of rs) {
      // Every hung request fails: by its timeout, or by the reset when the service recovers.
      expect(r.features.f.failed, `seed ${r.seed}`).toBe(r.services.api.hung);
      expect(r.edges['user->f'].timeouts).toBeLessThanOrEqual(r.services.api.hung);
    }
  });

  it('without a timeout: users wait in flight while it lasts (λ · elapsed), and the run completes', () => {
    const end = START + 20_000;
    const rs = replicate(hang('hang, no timeout', undefined, end), SEEDS);
    family.expectPoisson('requests in flight at the end', rs.map((r) => r.features.f.inFlight), LAMBDA * (end - START));
    for (const r of rs) {
      expect(r.features.f.failed, `seed ${r.seed}`).toBe(0);
      expect(r.services.api.inSystem).toBe(r.services.api.hung);
      expect(r.features.f.inFlight).toBe(r.services.api.hung);
    }
  });
});

describe('bulkhead', () => {
  const LAMBDA = 0.1, MEAN = 100, N = 5; // a = 10 erlangs offered to a bulkhead of 5
  const withBulkhead = (name: string, call: Omit<CallSpec, 'to'>): Scenario => ({
    name, durationMs: 210_000, warmupMs: 10_000, seed: 1,
    features: [{ name: 'f', ratePerMs: LAMBDA, entry: 'front' }],
    services: [
      { name: 'front', workers: 1000, queue: Infinity, serviceTime: constant(1), calls: [{ to: 'back', ...call }] },
      { name: 'back', workers: 20, queue: Infinity, serviceTime: exp(MEAN), calls: [] },
    ],
  });

  // Calls leave front after a constant 1 ms, so they are Poisson; the callee never queues (20
  // workers), so with a bulkhead of n the edge is an M/M/n/n loss system, without one an M/M/20:
  // birth–death chains, with theoretical SEs over the 200 s measured.
  const T = 200_000;
  it('caps the callee at n concurrent calls: rejected share = Erlang B(a, n), busy = a·(1 − B)', () => {
    const a = LAMBDA * MEAN, B = erlangB(a, N);
    const rs = replicate(withBulkhead('bulkhead 5', { bulkhead: N }), SEEDS);
    const q: Queue = { lambda: LAMBDA, mu: 1 / MEAN, c: N, K: N }, root = Math.sqrt(rs.length);
    const share = { se: blockingSE(q, T) / root }, busy = { se: timeAverageSE(q, of(q).busy, T) / root, bias: R3 };
    for (const r of rs) {
      expect(r.edges['front->back'].bulkheadRejected, `seed ${r.seed}`).toBeGreaterThan(0);
      expect(r.services.back.meanBusy, `seed ${r.seed}`).toBeLessThanOrEqual(N);
    }
    family.expectAgrees('rejected share', rs.map((r) => r.edges['front->back'].bulkheadRejected / r.edges['front->back'].attempts), B, share);
    family.expectAgrees('callee mean busy', rs.map((r) => r.services.back.meanBusy), a * (1 - B), busy);
    // Rejected calls fail the request (the call is required), at once.
    family.expectAgrees('user failed share', rs.map((r) => r.features.f.failed / r.features.f.arrivals), B, share);
  });

  it('control: without it the callee carries the whole a erlangs and nothing is rejected', () => {
    const rs = replicate(withBulkhead('no bulkhead', {}), SEEDS);
    for (const r of rs) expect(r.edges['front->back'].bulkheadRejected).toBe(0);
    const q: Queue = { lambda: LAMBDA, mu: 1 / MEAN, c: 20, K: Infinity };
    family.expectAgrees('callee mean busy', rs.map((r) => r.services.back.meanBusy), LAMBDA * MEAN,
      { se: timeAverageSE(q, of(q).busy, T) / Math.sqrt(rs.length), bias: R3 });
  });
});

describe('optional calls degrade instead of failing', () => {
  const P = 0.3;
  const scenario = (name: string, optional: boolean): Scenario => ({
    name, durationMs: 61_000, warmupMs: 1_000, seed: 1,
    features: [{ name: 'f', ratePerMs: 0.2, entry: 'front' }],
    services: [
      { name: 'front', workers: 200, queue: Infinity, serviceTime: constant(1), calls: [{ to: 'recs', optional }] },
      { name: 'recs', workers: 200, queue: Infinity, serviceTime: exp(10), calls: [] },
    ],
    faults: [{ kind: 'errors', service: 'recs', startMs: 0, durationMs: Infinity, rate: P }],
  });
  // Each request's call fails independently with p, after work whose length does not depend on
  // the outcome: the count among finished requests is exactly binomial.
  const finished = (r: RunResult) => r.features.f.succeeded + r.features.f.failed;

  it(`optional call failing with p = ${P}: a share p of requests succeed degraded, none fail`, () => {
    const rs = replicate(scenario('optional', true), SEEDS);
    for (const r of rs) expect(r.features.f.failed, `seed ${r.seed}`).toBe(0);
    family.expectBinomial('degraded share', rs.map((r) => r.features.f.degraded), rs.map(finished), P);
  });

  it('the same call required: a share p of requests fail, none degraded', () => {
    const rs = replicate(scenario('required', false), SEEDS);
    for (const r of rs) expect(r.features.f.degraded, `seed ${r.seed}`).toBe(0);
    family.expectBinomial('failed share', rs.map((r) => r.features.f.failed), rs.map(finished), P);
  });
});

describe('deadline propagation', () => {
  // The metastable test's service (M/M/10, ρ = 0.8, 1 s client timeout) without retries, hit by
  // a 20 s ×3 slowdown: thousands of requests wait past their caller's timeout.
  const scenario = (name: string, propagateDeadlines: boolean): Scenario => ({
    name, durationMs: 400_000, warmupMs: 60_000, seed: 1, propagateDeadlines,
    features: [{ name: 'f', ratePerMs: 0.08, entry: 'api', client: { timeoutMs: 1_000 } }],
    services: [{ name: 'api', workers: 10, queue: Infinity, serviceTime: exp(100), calls: [] }],
    faults: [{ kind: 'latency', service: 'api', startMs: 120_000, durationMs: 20_000, factor: 3, addMs: 0 }],
  });

  it('off: every abandoned request is still served (wasted ≈ timeouts); on: most are dropped unserved', () => {
    const off = replicate(scenario('deadlines off', false), SEEDS);
    const on = replicate(scenario('deadlines on', true), SEEDS);
    off.forEach((r, i) => {
      const api = r.services.api, timeouts = r.edges['user->f'].timeouts;
      expect(timeouts, `seed ${r.seed}: the trigger made requests time out`).toBeGreaterThan(1_000);
      expect(api.expired).toBe(0);
      // Each timed-out request's job completes later (unless still queued at the end).
      expect(api.wasted, `seed ${r.seed}`).toBeLessThanOrEqual(timeouts);
      expect(api.wasted, `seed ${r.seed}`).toBeGreaterThanOrEqual(timeouts - api.inSystem);

      const p = on[i].services.api, pTimeouts = on[i].edges['user->f'].timeouts;
      // Each timed-out request is either dropped before work starts (expired) or was already in
      // progress at its deadline and completes for nobody (wasted).
      expect(p.expired + p.wasted, `seed ${r.seed}`).toBeLessThanOrEqual(pTimeouts);
      expect(p.expired + p.wasted, `seed ${r.seed}`).toBeGreaterThanOrEqual(pTimeouts - p.inSystem);
      expect(p.expired, `seed ${r.seed}`).toBeGreaterThan(p.wasted);
      // Only work already in progress at a deadline is wasted: a small fraction of before.
      expect(p.wasted, `seed ${r.seed}: wasted ${p.wasted} with deadlines vs ${api.wasted} without`).toBeLessThanOrEqual(0.2 * api.wasted);
    });
  });
});
