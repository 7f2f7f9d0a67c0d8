/**
 * Invariants of the model on random valid scenarios (test/support/scenarios.ts): random service
 * DAGs, workers, queues (unbounded / none / small), every distribution kind (constants make
 * ties), random rates, short durations, optional warmup, random call latencies.
 *
 * Every property here holds exactly for every run, whatever the randomness: conservation of
 * requests, non-negative levels, utilization in [0, 1], ordered quantiles, no waiting where there
 * is no waiting room, no rejections where the room is unbounded, series that add up to the
 * totals, and identical results for identical inputs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate } from '../../src/model/simulate.js';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { scenarioArb } from '../support/scenarios.js';

const RUNS = 100;

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** Services reachable from `entry` (itself included). */
function reachable(s: Scenario, entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const stack = [entry];
  while (stack.length > 0) {
    const name = stack.pop();
    const svc = s.services.find((v) => v.name === name)!;
    for (const c of svc.calls) if (!seen.has(c.to)) (seen.add(c.to), stack.push(c.to));
  }
  return seen;
}

function checkInvariants(s: Scenario, r: RunResult): void {
  expect(r.status, r.stopReason).toBe('complete');
  expect(r.endMs).toBe(Math.round(s.durationMs * 1000) / 1000);
  expect(r.durationMs).toBe(s.durationMs);
  expect(r.warmupMs).toBe(s.warmupMs);
  expect(Object.keys(r.features)).toEqual(s.features.map((f) => f.name));
  expect(Object.keys(r.services)).toEqual(s.services.map((v) => v.name));

  for (const f of s.features) {
    const fr = r.features[f.name];
    const where = `feature ${f.name}`;
    for (const k of ['arrivals', 'succeeded', 'failed', 'inFlight'] as const) {
      expect(Number.isInteger(fr[k]) && fr[k] >= 0, `${where}.${k} = ${fr[k]}`).toBe(true);
    }
    expect(fr.arrivals, `${where}: arrivals = succeeded + failed + inFlight`).toBe(fr.succeeded + fr.failed + fr.inFlight);
    const l = fr.latencyMs;
    expect(l.mean, `${where} latency mean`).toBeGreaterThanOrEqual(0);
    expect(l.p50, `${where} latency p50`).toBeGreaterThanOrEqual(0);
    expect(l.p50 <= l.p95 && l.p95 <= l.p99 && l.p99 <= l.max, `${where} latency quantiles ${JSON.stringify(l)}`).toBe(true);
    expect(l.mean, `${where} latency mean <= max`).toBeLessThanOrEqual(l.max);
    if (fr.succeeded === 0) expect(l).toEqual({ mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });
    // Failures come only from full (finite) waiting rooms on the request's path.
    const bounded = [...reachable(s, f.entry)].some((name) => s.services.find((v) => v.name === name)!.queue !== Infinity);
    if (!bounded) expect(fr.failed, `${where}: failed with only unbounded queues on its path`).toBe(0);

    // The series add up to the totals.
    const fs = r.series.features[f.name];
    expect(sum(fs.arrivals), `${where}: series arrivals`).toBe(fr.arrivals);
    expect(sum(fs.succeeded), `${where}: series succeeded`).toBe(fr.succeeded);
    expect(sum(fs.failed), `${where}: series failed`).toBe(fr.failed);
    fs.latencyMeanMs.forEach((m, b) => {
      if (fs.succeeded[b] === 0) expect(m).toBeNull();
      else expect(m).toBeGreaterThanOrEqual(0);
    });
  }

  for (const svc of s.services) {
    const sr = r.services[svc.name];
    const where = `service ${svc.name} (workers ${svc.workers}, queue ${svc.queue})`;
    expect(sr.workers).toBe(svc.workers);
    for (const k of ['arrivals', 'completed', 'failed', 'rejected', 'inSystem'] as const) {
      expect(Number.isInteger(sr[k]) && sr[k] >= 0, `${where}.${k} = ${sr[k]}`).toBe(true);
    }
    expect(sr.arrivals, `${where}: arrivals = completed + failed + rejected + inSystem`).toBe(
      sr.completed + sr.failed + sr.rejected + sr.inSystem,
    );
    expect(sr.utilization, `${where} utilization`).toBeGreaterThanOrEqual(0);
    expect(sr.utilization, `${where} utilization`).toBeLessThanOrEqual(1);
    expect(sr.meanBusy).toBeGreaterThanOrEqual(0);
    expect(sr.meanBusy).toBeLessThanOrEqual(svc.workers);
    expect(sr.meanQueueLength, `${where} meanQueueLength`).toBeGreaterThanOrEqual(0);
    expect(sr.meanQueueLength, `${where} meanQueueLength <= queue`).toBeLessThanOrEqual(svc.queue);
    for (const [name, q] of [['queueWaitMs', sr.queueWaitMs], ['sojournMs', sr.sojournMs]] as const) {
      expect(q.mean, `${where} ${name}.mean`).toBeGreaterThanOrEqual(0);
      expect(q.p50, `${where} ${name}.p50`).toBeGreaterThanOrEqual(0);
      expect(q.p50 <= q.p95 && q.p95 <= q.p99, `${where} ${name} quantiles ${JSON.stringify(q)}`).toBe(true);
    }
    if (svc.queue === 0) {
      expect(sr.queueWaitMs, `${where}: no waiting room, yet a wait`).toEqual({ mean: 0, p50: 0, p95: 0, p99: 0 });
      expect(sr.meanQueueLength).toBe(0);
    }
    if (svc.queue === Infinity) expect(sr.rejected, `${where}: rejections with an unbounded queue`).toBe(0);
    if (sr.arrivals === 0 && s.warmupMs === 0) {
      expect(sr.utilization, `${where}: busy without arrivals`).toBe(0);
      expect(sr.meanQueueLength).toBe(0);
    }

    const ss = r.series.services[svc.name];
    expect(ss.utilization).toHaveLength(r.series.t.length);
    for (const u of ss.utilization) {
      expect(u, `${where}: series utilization`).toBeGreaterThanOrEqual(0);
      expect(u, `${where}: series utilization`).toBeLessThanOrEqual(1);
    }
    for (const q of ss.meanQueueLength) {
      expect(q, `${where}: series queue length`).toBeGreaterThanOrEqual(0);
      if (svc.queue === 0) expect(q).toBe(0);
    }
    expect(sum(ss.rejected), `${where}: series rejected`).toBe(sr.rejected);
  }

  // Series timeline: starts at warmup, evenly spaced.
  const t = r.series.t;
  expect(t.length).toBeGreaterThan(0);
  expect(t[0]).toBe(s.warmupMs);
  for (let b = 1; b < t.length; b++) expect(t[b]).toBeCloseTo(t[b - 1] + r.series.bucketMs, 6);
}

describe('model invariants on random valid scenarios', () => {
  it('conservation, non-negative levels, utilization in [0, 1], ordered quantiles, no wait without a queue, determinism', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const started = performance.now();
        const r = simulate(s);
        const elapsed = performance.now() - started;
        checkInvariants(s, r);
        expect(r.seed).toBe(s.seed);
        // Determinism: the same scenario and seed, the same JSON.
        expect(JSON.stringify(simulate(s))).toBe(JSON.stringify(r));
        // Keeps the whole property affordable; a generous bound, not a benchmark.
        expect(elapsed, `one run took ${elapsed.toFixed(0)} ms`).toBeLessThan(1000);
      }),
      { numRuns: RUNS, seed: 20261121 },
    );
  });

  it('holds on random seeds too (fresh fast-check seed each run)', () => {
    fc.assert(
      fc.property(scenarioArb({ maxDurationMs: 1500 }), (s) => {
        const r = simulate(s);
        checkInvariants(s, r);
      }),
      { numRuns: 40 },
    );
  });

  it('conservation also holds at a budget stop, with requests in flight', () => {
    fc.assert(
      fc.property(scenarioArb(), fc.integer({ min: 1, max: 3000 }), (s, maxEvents) => {
        const r = simulate(s, { maxEvents });
        if (r.status === 'complete') return;
        expect(r.status).toBe('event-budget');
        expect(r.events).toBe(maxEvents);
        expect(r.endMs).toBeLessThanOrEqual(s.durationMs);
        for (const fr of Object.values(r.features)) expect(fr.arrivals).toBe(fr.succeeded + fr.failed + fr.inFlight);
        for (const sr of Object.values(r.services)) {
          expect(sr.arrivals).toBe(sr.completed + sr.failed + sr.rejected + sr.inSystem);
          expect(sr.utilization).toBeGreaterThanOrEqual(0);
          expect(sr.utilization).toBeLessThanOrEqual(1);
          expect(sr.meanQueueLength).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});
