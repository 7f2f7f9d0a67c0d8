/**
 * Regression tests for the model bugs found in review (issue 7). Each one failed on the model
 * before the fix; the expected values come from the scenario's own parameters, not from output.
 *
 * 1. A p95 dimmer read 0 when nothing succeeded in a tick, so a hung or failing service looked
 *    healthy and shedding switched off exactly when it was needed.
 * 2. Bulkhead rejections were missing from the edge's `failures`.
 * 3. A hang partition kept one entry per attempt that ever hung until it healed.
 * 5. A capacity `share` fault kept the instance count of its start after autoscaling changed it.
 * 6. Every early stop blamed an unbounded queue, even a hung service holding every attempt.
 * (4, jitter that the model ignored, is a validation error now: test/scenario/defences.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/model/compile.js';
import { Model } from '../../src/model/model.js';
import { simulate } from '../../src/model/simulate.js';
import type { FaultSpec, Scenario, ServiceSpec, SheddingSpec } from '../../src/scenario/types.js';
import { NO_BACKOFF, constant, exp, expectConservation } from '../support/behaviour.js';

const service = (name: string, workers: number, serviceTime: ServiceSpec['serviceTime'], extra: Partial<ServiceSpec> = {}): ServiceSpec =>
  ({ name, workers, queue: Infinity, serviceTime, calls: [], ...extra });

describe('1. the p95 dimmer sees what users see while a service stalls or fails', () => {
  // Core and optional users call api (20 ms of work, 10 workers, 40/s: p95 near 60 ms). The
  // dimmer sheds optional work when api's p95 stays above 300 ms for 5 s, and brightens when it
  // stays below 100 ms for 5 s. A run above starts at the start of the first tick measured above.
  const OUTAGE_AT = 60_000, OUTAGE_FOR = 60_000, FOR = 5_000;
  const dimmer: SheddingSpec = { service: 'api', signal: 'p95', above: 300, below: 100, forMs: FOR, levels: ['optional'] };
  const stall = (fault: FaultSpec): Scenario => ({
    name: `p95 dimmer, ${fault.kind}`, durationMs: 180_000, warmupMs: 0, seed: 3,
    features: [
      { name: 'core', ratePerMs: 0.02, entry: 'api', priority: 'core' },
      { name: 'extra', ratePerMs: 0.02, entry: 'api', priority: 'optional' },
    ],
    services: [service('api', 10, exp(20))],
    faults: [fault],
    shedding: [dimmer],
  });

  it('a hung service (nothing answers) reads as slow: optional work is shed 5 s after it hangs, until it recovers', () => {
    const r = simulate(stall({ kind: 'outage', service: 'api', startMs: OUTAGE_AT, durationMs: OUTAGE_FOR, mode: 'hang' }));
    expectConservation(r);
    const [dim, brighten] = r.shedding[0].changes;
    // The first tick after the hang starts already holds requests older than 300 ms (ages up to 1 s).
    expect(dim).toEqual({ t: OUTAGE_AT + FOR, level: 1 });
    // When it recovers, the parked requests fail (never answered), then 5 s of fast answers.
    expect(brighten.level).toBe(0);
    expect(brighten.t).toBeGreaterThanOrEqual(OUTAGE_AT + OUTAGE_FOR + FOR);
    expect(brighten.t).toBeLessThanOrEqual(OUTAGE_AT + OUTAGE_FOR + FOR + 2_000);
    expect(r.features.extra.shed).toBeGreaterThan(0);
    expect(r.features.core.shed).toBe(0);
  });

  it('a service whose every answer is an error reads as slow, not as idle', () => {
    const r = simulate(stall({ kind: 'errors', service: 'api', startMs: OUTAGE_AT, durationMs: OUTAGE_FOR, rate: 1 }));
    expectConservation(r);
    // Every request in the outage's first tick after 20 ms of work fails: a failure never got a good answer.
    expect(r.shedding[0].changes[0]).toEqual({ t: OUTAGE_AT + FOR, level: 1 });
  });

  it('a healthy service is never shed (ages of requests in progress do not raise the signal)', () => {
    const healthy: Scenario = { ...stall({ kind: 'latency', service: 'api', startMs: 0, durationMs: 1, factor: 1, addMs: 0 }) };
    const r = simulate(healthy);
    expect(r.shedding[0].changes).toEqual([]);
  });
});

describe('2. bulkhead rejections count as failures of the edge', () => {
  // a (plenty of workers) calls b through a bulkhead of 10 attempts in flight; b has 10 workers
  // of 100 ms, so 100/s fit, and users send 400/s: about 300/s are refused by the bulkhead.
  const scenario: Scenario = {
    name: 'bulkhead accounting', durationMs: 60_000, warmupMs: 5_000, seed: 1,
    features: [{ name: 'f', ratePerMs: 0.4, entry: 'a' }],
    services: [service('a', 400, constant(1), { calls: [{ to: 'b', bulkhead: 10 }] }), service('b', 10, constant(100))],
  };

  it('edge failures = bulkhead rejections (b itself never fails), and they reach the users as failures', () => {
    const r = simulate(scenario);
    expectConservation(r);
    const edge = r.edges['a->b'];
    expect(edge.bulkheadRejected).toBeGreaterThan(0.6 * 0.3 * 55_000);
    expect(edge.failures).toBe(edge.bulkheadRejected);
    expect(r.features.f.failed).toBe(edge.bulkheadRejected);
    expect(r.edges['user->f'].failures).toBe(r.features.f.failed);
    expect(r.features.f.causes.failed).toEqual([{ reason: 'bulkhead', service: 'b', count: edge.bulkheadRejected }]);
  });
});

describe('3. attempts hanging in a partition are held only while they hang', () => {
  // api calls db with a 100 ms timeout and 3 attempts; db is cut off (hang) for 10 minutes. At
  // 50/s, at most 50/s × 0.1 s = 5 attempts hang at once (plus the arrivals of one instant).
  const scenario: Scenario = {
    name: 'long hang partition', durationMs: 700_000, warmupMs: 0, seed: 2,
    features: [{ name: 'f', ratePerMs: 0.05, entry: 'api' }],
    services: [
      service('api', 50, constant(1), { calls: [{ to: 'db', timeoutMs: 100, retry: { attempts: 3, backoff: NO_BACKOFF } }] }),
      service('db', 5, constant(1)),
    ],
    faults: [{ kind: 'partition', from: 'api', to: 'db', startMs: 60_000, durationMs: 600_000, mode: 'hang' }],
  };

  /** Attempts hanging on `edge` now, by walking its list; checks the list agrees with the calls' flags. */
  function hanging(m: Model, edge: number): number {
    let n = 0;
    for (let c = m.callers.hung.first(edge); c >= 0; c = m.calls.hungNext[c]) {
      expect(m.calls.live[c] && m.calls.hung[c] && m.calls.edge[c] === edge).toBeTruthy();
      n++;
    }
    let flagged = 0;
    for (let c = 0; c < m.calls.size; c++) if (m.calls.live[c] && m.calls.hung[c]) flagged++;
    expect(n).toBe(flagged);
    return n;
  }

  it('stays bounded by rate × timeout through the partition, and is empty once it heals', () => {
    const m = new Model(scenario, compile(scenario, scenario.seed), 100_000);
    m.start();
    const edge = m.net.edgeNames.indexOf('api->db');
    const seen: number[] = [];
    for (const t of [70_000, 300_000, 650_000]) {
      m.sim.run(m, t);
      seen.push(hanging(m, edge));
    }
    for (const n of seen) expect(n).toBeLessThanOrEqual(15);
    expect(Math.max(...seen)).toBeGreaterThan(0);
    m.sim.run(m, 665_000);
    expect(hanging(m, edge)).toBe(0);
    // 10 minutes of 50/s, 3 attempts each: 90,000 attempts hung in all, never more than a handful at once.
    expect(m.calls.size).toBeLessThanOrEqual(1024);
  });
});

describe('5. a capacity share fault follows the instances an autoscaler runs', () => {
  // One worker per instance, half of the instances lost for the whole run. 10/s of 200 ms work
  // need 2 busy workers; at a 50% target the autoscaler wants 4 usable workers, so it runs about
  // 8 instances of which half serve. Capacity must always be instances − round(instances / 2).
  const scenario: Scenario = {
    name: 'share fault under autoscaling', durationMs: 600_000, warmupMs: 0, seed: 5,
    features: [{ name: 'f', ratePerMs: 0.01, entry: 'api' }],
    services: [service('api', 1, constant(200), {
      instances: 2, autoscale: { target: 0.5, min: 2, max: 20, evaluateMs: 5_000, startupMs: 1_000, cooldownMs: 5_000 },
    })],
    faults: [{ kind: 'capacity', service: 'api', startMs: 0, durationMs: 600_000, workers: 0, share: 0.5 }],
  };

  it('usable workers = instances − round(share × instances) whatever the autoscaler has done', () => {
    const m = new Model(scenario, compile(scenario, scenario.seed), 100_000);
    m.start();
    const grew: number[] = [];
    for (let t = 10_000; t < 600_000; t += 10_000) {
      m.sim.run(m, t);
      const instances = m.controls.instances[0];
      expect(m.services.capacity[0], `at ${t} ms with ${instances} instances`).toBe(instances - Math.round(instances * 0.5));
      grew.push(instances);
    }
    expect(Math.max(...grew)).toBeGreaterThanOrEqual(6);
  });
});

describe('6. a run stopped at the in-flight limit says where requests pile up', () => {
  const outage: Scenario = {
    name: 'long hang outage', durationMs: 3_600_000, warmupMs: 0, seed: 1,
    features: [{ name: 'play', ratePerMs: 0.2, entry: 'player' }],
    services: [
      service('player', 400, constant(1), { calls: [{ to: 'licence', timeoutMs: 500, retry: { attempts: 3, backoff: NO_BACKOFF } }] }),
      service('licence', 10, constant(5)),
    ],
    faults: [{ kind: 'outage', service: 'licence', startMs: 60_000, durationMs: 3_000_000, mode: 'hang' }],
  };

  it('a long hang outage is blamed on the hung service (not on a queue), with what would help', () => {
    const r = simulate(outage, { maxInFlight: 5_000 });
    expect(r.status).toBe('memory-budget');
    expect(r.stopReason).toMatch(/memory budget: more than 5,000 requests in flight/);
    expect(r.stopReason).toMatch(/held by licence, which hangs/);
    expect(r.stopReason).toMatch(/breaker/);
    expect(r.stopReason).not.toMatch(/queue/);
    expectConservation(r);
  });

  it('an overloaded unbounded queue is blamed on that queue', () => {
    const overloaded: Scenario = {
      name: 'overload', durationMs: 600_000, warmupMs: 0, seed: 1,
      features: [{ name: 'f', ratePerMs: 0.2, entry: 'api' }],
      services: [service('api', 1, constant(10))],
    };
    const r = simulate(overloaded, { maxInFlight: 2_000 });
    expect(r.status).toBe('memory-budget');
    expect(r.stopReason).toMatch(/wait in api's queue, which is unbounded/);
    expect(r.stopReason).toMatch(/queue: N/);
  });

  it('the first diagnosis stands when one event fails many allocations (a healed partition retries every hung call)', () => {
    // 5 users/ms for 2 s: about 10,000 calls hang in the partition, each holding an api worker;
    // when it heals, every one retries at once and the pools (12,000) run out within that event.
    const heal: Scenario = {
      name: 'heal cascade', durationMs: 2_500, warmupMs: 0, seed: 1,
      features: [{ name: 'f', ratePerMs: 5, entry: 'api' }],
      services: [
        service('api', 100_000, constant(1), { calls: [{ to: 'db', retry: { attempts: 2, backoff: NO_BACKOFF } }] }),
        service('db', 5, constant(1)),
      ],
      faults: [{ kind: 'partition', from: 'api', to: 'db', startMs: 0, durationMs: 2_000, mode: 'hang' }],
    };
    const r = simulate(heal, { maxInFlight: 12_000 });
    expect(r.status).toBe('memory-budget');
    expect(r.endMs).toBe(2_000);
    expect(r.stopReason).toMatch(/attempts hang in a partition/);
  });

  it('an unknown event kind is a bug, not something to ignore', () => {
    const m = new Model(outage, compile(outage, 1), 1000);
    expect(() => m.handle(200, 0)).toThrow(/unknown event kind 200/);
  });
});

describe('causes and counts at the edges of the fixes', () => {
  it('a producer turned away by a full message backlog counts as its user does, warmup included', () => {
    // The consumer q takes one message at a time and keeps no backlog: most producers' calls are
    // turned away. Near the end of warmup, users who arrived before it reach q after it.
    const s: Scenario = {
      name: 'backlog full', durationMs: 3_000, warmupMs: 1_000, seed: 1,
      features: [{ name: 'f', ratePerMs: 1, entry: 'api' }],
      services: [
        service('api', 1000, constant(50), { calls: [{ to: 'q' }] }),
        service('q', 1, constant(5), { queue: 0, messaging: { retentionMs: Infinity, maxDeliveries: 1, redeliveryDelayMs: 0 } }),
      ],
    };
    const r = simulate(s);
    expectConservation(r);
    expect(r.services.q.rejected).toBeGreaterThan(1000);
    expect(r.services.q.rejected).toBe(r.edges['api->q'].failures);
    expect(r.features.f.failed).toBe(r.services.q.rejected);
  });

  it('an attempt lost in a hanging partition fails because of the partition, not the callee', () => {
    const s: Scenario = {
      name: 'partition causes', durationMs: 60_000, warmupMs: 0, seed: 4,
      features: [{ name: 'f', ratePerMs: 0.05, entry: 'api' }],
      services: [service('api', 50, constant(1), { calls: [{ to: 'db', timeoutMs: 100 }] }), service('db', 5, constant(1))],
      faults: [{ kind: 'partition', from: 'api', to: 'db', startMs: 10_000, durationMs: 20_000, mode: 'hang' }],
    };
    const r = simulate(s);
    expectConservation(r);
    expect(r.features.f.causes.failed.map((c) => [c.reason, c.service])).toEqual([['partition', 'db']]);
    expect(r.features.f.failed).toBeGreaterThan(0.8 * 0.05 * 20_000);
  });

  it('each share fault takes its own rounded share of the instances', () => {
    // 5 instances of 1 worker, two faults each losing 25%: round(1.25) + round(1.25) = 2 instances.
    const s: Scenario = {
      name: 'two share faults', durationMs: 10_000, warmupMs: 0, seed: 1,
      features: [{ name: 'f', ratePerMs: 0.01, entry: 'api' }],
      services: [service('api', 1, constant(1), { instances: 5 })],
      faults: [0, 1].map((): FaultSpec => ({ kind: 'capacity', service: 'api', startMs: 1_000, durationMs: 5_000, workers: 0, share: 0.25 })),
    };
    const m = new Model(s, compile(s, 1), 1000);
    m.start();
    m.sim.run(m, 2_000);
    expect(m.services.capacity[0]).toBe(3);
  });
});

describe('users (issue 8 review)', () => {
  it("a run stopped at the in-flight limit by a user's own retry still adds up: the retry is not counted", () => {
    for (const seed of [1, 2, 3]) {
      const r = simulate({
        name: 'retrying users', durationMs: 60_000, warmupMs: 0, seed,
        features: [{ name: 'buy', ratePerMs: 0.001, entry: 'api', users: {
          patience: { kind: 'constant', value: 5 }, retry: { probability: 1, think: { kind: 'constant', value: 1 }, max: 1000 },
        } }],
        services: [{ name: 'api', workers: 1, queue: Infinity, serviceTime: { kind: 'constant', value: 100 }, calls: [] }],
      }, { maxInFlight: 300 });
      const f = r.features.buy;
      expect(f.arrivals, `seed ${seed}`).toBe(f.succeeded + f.failed + f.abandoned + f.inFlight);
    }
  });

  it('a session pool full of users thinking before they retry says so', () => {
    const r = simulate({
      name: 'thinking users', durationMs: 60_000, warmupMs: 0, seed: 1,
      features: [{ name: 'buy', ratePerMs: 1, entry: 'api', users: { retry: { probability: 1, think: { kind: 'constant', value: 10_000 }, max: 5 } } }],
      services: [{ name: 'api', workers: 10, queue: Infinity, serviceTime: { kind: 'constant', value: 1 }, calls: [] }],
      faults: [{ kind: 'errors', service: 'api', startMs: 0, durationMs: Infinity, rate: 1 }],
    }, { maxInFlight: 2000 });
    expect(r.status).toBe('memory-budget');
    expect(r.stopReason).toMatch(/users in flight .* thinking before they try again \(shorten users\.retry\.think/);
  });
});
