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
});
