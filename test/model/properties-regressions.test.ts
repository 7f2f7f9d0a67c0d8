/**
 * Bugs found by the random-scenario properties (properties.test.ts, properties-storms.test.ts),
 * each shrunk to a small deterministic scenario. Each test states what must hold and fails
 * until the model is fixed.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import type { Scenario } from '../../src/scenario/types.js';

describe('regressions found by the properties', () => {
  /**
   * A bulkhead rejection is a failed attempt ("failures: attempts that failed (errors,
   * rejections, timeouts, bulkhead)"), counted when the attempt was sent after warmup. The
   * model counts it under `failures` only if `calls.sent[c]` is after warmup, but a rejected
   * attempt never sets `sent` (model.ts attempt(): the bulkhead check comes before
   * `calls.sent[c] = now`), so it reads the call slot's stale value: 0 for a fresh slot, or a
   * previous call's send time. Here the one request let through holds the bulkhead all run;
   * every later request is rejected in the same recycled slot, whose `sent` is still 0.
   */
  it('bulkhead rejections after warmup are counted as failed attempts', () => {
    const s: Scenario = {
      name: 'bulkhead rejections after warmup', durationMs: 100, warmupMs: 10, seed: 1,
      features: [{ name: 'f', ratePerMs: 0.5, entry: 'api', client: { bulkhead: 1 } }],
      services: [{ name: 'api', workers: 1, queue: Infinity, serviceTime: { kind: 'constant', value: 200 }, calls: [] }],
    };
    const r = simulate(s);
    const e = r.edges['user->f'];
    expect(e.bulkheadRejected).toBe(42);
    expect(r.features.f.failed).toBe(42);
    expect(e.failures, 'failures include bulkhead rejections').toBeGreaterThanOrEqual(e.bulkheadRejected); // got 0
    expect(e.failures).toBe(42);
  });

  /**
   * A run stopped by a budget before its warmup ended has measured nothing: all statistics
   * exclude the warmup. Counts and time averages (meanBusy, meanCapacity...) read 0, but
   * report.ts computes utilization as busy area / capacity area, and instanceHours and cost
   * from the instance area, with `Stats.measuredArea` = area − at0, where `at0` is only
   * snapshotted by `startMeasuring` at the WARMUP event: before it, at0 is 0 and the areas cover
   * the warmup. (meanBusy and the other means divide by the measured span, 0, and read 0.)
   */
  it('a run stopped before its warmup ended reports no utilization, instance hours or cost', () => {
    const s: Scenario = {
      name: 'stopped in warmup', durationMs: 7_200_000, warmupMs: 3_600_000, seed: 1,
      features: [{ name: 'f', ratePerMs: 0.001, entry: 'api' }],
      services: [{ name: 'api', workers: 1, queue: Infinity, serviceTime: { kind: 'constant', value: 5 }, calls: [], costPerHour: 1 }],
    };
    const r = simulate(s, { maxEvents: 2000 });
    expect(r.status).toBe('event-budget');
    expect(r.endMs).toBeLessThan(s.warmupMs); // about 1,010 s into the one-hour warmup
    const api = r.services.api;
    expect([api.arrivals, api.meanBusy, api.meanCapacity, api.meanInstances]).toEqual([0, 0, 0, 0]);
    expect(api.utilization, 'utilization of the warmup').toBe(0); // got 0.00495
    expect(api.instanceHours, 'instance hours of the warmup').toBe(0); // got 0.281
    expect(api.cost, 'cost of the warmup').toBe(0); // got 0.281
  });

  /**
   * The same for breakers: edges() reports breakerOpened − opened0 and breakerOpenMs − openMs0,
   * with opened0/openMs0 snapshotted by Controls.startMeasuring at the WARMUP event, so a run
   * stopped before it reports the warmup's openings and open time.
   */
  it('a run stopped before its warmup ended reports no breaker openings or open time', () => {
    const s: Scenario = {
      name: 'breaker in warmup', durationMs: 1000, warmupMs: 500, seed: 1,
      features: [{
        name: 'f', ratePerMs: 0.1, entry: 'api',
        client: { breaker: { windowMs: 100, buckets: 1, minimumRequests: 1, errorThreshold: 0.5, sleepMs: 50 } },
      }],
      services: [{ name: 'api', workers: 1, queue: Infinity, serviceTime: { kind: 'constant', value: 1 }, calls: [] }],
      faults: [{ kind: 'errors', service: 'api', startMs: 0, durationMs: 1000, rate: 1 }],
    };
    const r = simulate(s, { maxEvents: 50 });
    expect(r.status).toBe('event-budget');
    expect(r.endMs).toBeLessThan(s.warmupMs); // about 434 ms
    const e = r.edges['user->f'];
    expect([e.attempts, e.failures, e.shortCircuited]).toEqual([0, 0, 0]);
    expect(e.breakerOpened, 'openings in the warmup').toBe(0); // got 1
    expect(e.breakerOpenMs, 'open time in the warmup').toBe(0); // got 414.229
  });
});
