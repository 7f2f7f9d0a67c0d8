/**
 * Invariants of the model on random valid plain scenarios (test/support/scenarios.ts): random
 * service DAGs, workers, queues (unbounded / none / small), every distribution kind (constants
 * make ties), random rates, short durations, optional warmup, random call latencies. Scenarios
 * with storms and defences: properties-storms.test.ts.
 *
 * Every property here holds exactly for every run, whatever the randomness: conservation of
 * requests, non-negative levels, utilization in [0, 1], ordered quantiles, no waiting where there
 * is no waiting room, no rejections where the room is unbounded, series that add up to the
 * totals (test/support/invariants.ts), no failure without a bounded queue on the way, and
 * identical results for identical inputs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate } from '../../src/model/simulate.js';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { checkRun, reachable } from '../support/invariants.js';
import { scenarioArb } from '../support/scenarios.js';

const RUNS = 100;
/** Far more events than any generated plain run needs (a few tens of thousands): they all complete. */
const MAX_EVENTS = 2_000_000;

/** What holds for plain scenarios only (no faults, timeouts or other ways to fail). */
function checkPlain(s: Scenario, r: RunResult): void {
  expect(r.status, r.stopReason).toBe('complete');
  checkRun(s, r, MAX_EVENTS);
  for (const f of s.features) {
    const fr = r.features[f.name];
    // Failures come only from full (finite) waiting rooms on the request's path.
    const bounded = [...reachable(s, f.entry)].some((name) => s.services.find((v) => v.name === name)!.queue !== Infinity);
    if (!bounded) expect(fr.failed, `feature ${f.name}: failed with only unbounded queues on its path`).toBe(0);
    expect([fr.degraded, fr.stale, fr.shed, fr.rateLimited]).toEqual([0, 0, 0, 0]);
  }
  for (const svc of s.services) {
    const sr = r.services[svc.name];
    const where = `service ${svc.name} (workers ${svc.workers}, queue ${svc.queue})`;
    expect(sr.meanBusy).toBeLessThanOrEqual(svc.workers);
    expect([sr.errors, sr.expired, sr.hung, sr.wasted], `${where}: errors, expired, hung, wasted`).toEqual([0, 0, 0, 0]);
    if (sr.arrivals === 0 && s.warmupMs === 0) {
      expect(sr.utilization, `${where}: busy without arrivals`).toBe(0);
      expect(sr.meanQueueLength).toBe(0);
    }
  }
}

describe('model invariants on random valid scenarios', () => {
  it('conservation, non-negative levels, utilization in [0, 1], ordered quantiles, no wait without a queue, determinism', () => {
    fc.assert(
      fc.property(scenarioArb(), (s) => {
        const r = simulate(s, { maxEvents: MAX_EVENTS });
        checkPlain(s, r);
        expect(r.seed).toBe(s.seed);
        // Determinism: the same scenario and seed, the same JSON.
        expect(JSON.stringify(simulate(s, { maxEvents: MAX_EVENTS }))).toBe(JSON.stringify(r));
      }),
      { numRuns: RUNS, seed: 20261121 },
    );
  });

  it('holds on random seeds too (fresh fast-check seed each run)', () => {
    fc.assert(
      fc.property(scenarioArb({ maxDurationMs: 1500 }), (s) => checkPlain(s, simulate(s, { maxEvents: MAX_EVENTS }))),
      { numRuns: 40 },
    );
  });

  it('conservation also holds at a budget stop, with requests in flight', () => {
    fc.assert(
      fc.property(scenarioArb(), fc.integer({ min: 1, max: 3000 }), (s, maxEvents) => {
        const r = simulate(s, { maxEvents });
        // Small budgets stop most runs; the rest complete within them.
        checkRun(s, r, maxEvents);
        expect(r.status === 'complete' || r.status === 'event-budget', r.stopReason).toBe(true);
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});
