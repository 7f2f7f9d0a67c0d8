/**
 * Invariants of the model on random valid scenarios with storms and defences in random
 * combinations (test/support/scenario-rich.ts): call policies on calls and clients, parallel
 * steps, load storms, faults, caches, message consumers, shedding, rate limits, autoscaling,
 * failover, propagated deadlines, warmup. What is checked on every run: test/support/invariants.ts
 * and invariants-services.ts (conservation per feature and per service, parts within wholes,
 * non-negative finite counts and levels, utilization in [0, 1], series that add up, nothing
 * without its cause), plus determinism.
 *
 * Each run is capped (events and requests in flight), so a storm that runs away stops with a
 * budget status; the invariants hold for a stopped run too (it is a snapshot).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate, type SimulateOptions } from '../../src/model/simulate.js';
import { checkRun } from '../support/invariants.js';
import { richScenarioArb } from '../support/scenario-rich.js';

const BUDGET: SimulateOptions = { maxEvents: 200_000, maxInFlight: 5_000 };

describe('model invariants on random scenarios with storms and defences', () => {
  it('conservation, parts within wholes, levels in range, series add up, determinism', () => {
    fc.assert(
      fc.property(richScenarioArb(), (s) => {
        const r = simulate(s, BUDGET);
        checkRun(s, r, BUDGET.maxEvents);
        expect(JSON.stringify(simulate(s, BUDGET))).toBe(JSON.stringify(r));
      }),
      { numRuns: 500, seed: 20261122 },
    );
  });

  it('holds on random seeds too (fresh fast-check seed each run)', () => {
    fc.assert(
      fc.property(richScenarioArb(), (s) => checkRun(s, simulate(s, BUDGET), BUDGET.maxEvents)),
      { numRuns: 300 },
    );
  });

  it('holds at any budget stop, with requests in flight', () => {
    fc.assert(
      fc.property(richScenarioArb(), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 200 }), (s, maxEvents, maxInFlight) => {
        checkRun(s, simulate(s, { maxEvents, maxInFlight }), maxEvents);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
