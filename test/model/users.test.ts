/**
 * Users: patience and abandonment, their own retries, conversion by latency, SLO-good requests,
 * late messages and the origins of bad outcomes, each against a closed form or an exact count.
 *
 * Abandonment: with a constant latency L and no queueing (plenty of workers), a user abandons
 * exactly when their patience is below L, independently per user, so the abandoned share of
 * ended intents is binomial with q = P(patience < L): an exact binomial test. User retries:
 * every request fails (an errors fault at rate 1), so each failure is followed by a retry with
 * probability p while retries remain: retried intents are binomial(p), and requests per intent
 * average 1 + p + … + p^N.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import type { RunResult } from '../../src/model/result.js';
import type { FeatureSpec, Scenario, ServiceSpec } from '../../src/scenario/types.js';
import { constant, exp, geometricSum, replicate, seedsFrom } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';
import { normalCdf } from '../support/stats.js';

const family = comparisons('model/users');
const SEEDS = seedsFrom(1, 6);

function scenario(feature: Partial<FeatureSpec>, services: ServiceSpec[], extra: Partial<Scenario> = {}): Scenario {
  return {
    name: 'users', durationMs: 31_000, warmupMs: 1_000, seed: 1,
    features: [{ name: 'buy', ratePerMs: 0.2, entry: 'api', ...feature }],
    services, ...extra,
  };
}

const api = (serviceTime = constant(100), calls: ServiceSpec['calls'] = []): ServiceSpec =>
  ({ name: 'api', workers: 200, queue: Infinity, serviceTime, calls });

const ended = (r: RunResult) => r.features.buy.users.arrived - r.features.buy.users.inFlight;

describe('patience and abandonment', () => {
  it('with a constant latency L, users abandon with probability P(patience < L): exponential patience', () => {
    const runs = replicate(scenario({ users: { patience: exp(200) } }, [api()]), SEEDS);
    family.expectBinomial('abandoned share, exponential patience mean 200 ms, L = 100 ms',
      runs.map((r) => r.features.buy.users.abandoned), runs.map(ended), 1 - Math.exp(-100 / 200));
  });

  it('the same with log-normal patience given by p50 and p95', () => {
    const mu = Math.log(80), sigma = (Math.log(400) - Math.log(80)) / 1.6448536269514722;
    const runs = replicate(scenario({ users: { patience: { kind: 'lognormal', mu, sigma } } }, [api()]), SEEDS);
    family.expectBinomial('abandoned share, log-normal patience p50 80 ms p95 400 ms, L = 100 ms',
      runs.map((r) => r.features.buy.users.abandoned), runs.map(ended), normalCdf((Math.log(100) - mu) / sigma));
  });

  it('abandoned requests keep the service busy: their work is wasted, and their origin is slow at the entry', () => {
    const r = simulate(scenario({ users: { patience: exp(200) } }, [api()]));
    const f = r.features.buy, s = r.services.api;
    expect(f.abandoned).toBeGreaterThan(1000);
    expect(f.abandoned).toBe(f.users.abandoned);
    expect(f.causes.abandoned).toEqual([{ reason: 'slow', service: 'api', count: f.abandoned }]);
    // Every abandoned request is still worked on; those not finished by the end are in the system.
    expect(s.wasted).toBeLessThanOrEqual(f.abandoned);
    expect(s.wasted).toBeGreaterThanOrEqual(f.abandoned - s.inSystem);
    expect(f.arrivals).toBe(f.succeeded + f.failed + f.abandoned + f.inFlight);
  });

  it('an abandonment names where the request was held up when its user gave up: the dependency it waited on', () => {
    const db: ServiceSpec = { name: 'db', workers: 200, queue: Infinity, serviceTime: constant(500), calls: [] };
    const r = simulate(scenario({ users: { patience: constant(200) } }, [api(constant(1), [{ to: 'db', timeoutMs: 300 }]), db]));
    const f = r.features.buy;
    expect(f.users.abandoned).toBe(f.users.arrived - f.users.inFlight);
    expect(f.causes.abandoned).toEqual([{ reason: 'slow', service: 'db', count: f.abandoned }]);
    // Counted when the user gave up, in that bucket: the series carry every abandonment.
    expect(r.series.features.buy.badBy.db.reduce((a, x) => a + x, 0)).toBe(f.abandoned);
  });

  it('in a step of parallel calls, the abandonment names the dependency still holding the request up', () => {
    const fast: ServiceSpec = { name: 'fast', workers: 200, queue: Infinity, serviceTime: constant(1), calls: [] };
    const db: ServiceSpec = { name: 'db', workers: 200, queue: Infinity, serviceTime: constant(500), calls: [] };
    const r = simulate(scenario({ users: { patience: constant(200) } }, [api(constant(1), [{ to: 'fast', step: 0 }, { to: 'db', step: 0 }]), fast, db]));
    expect(r.features.buy.causes.abandoned).toEqual([{ reason: 'slow', service: 'db', count: r.features.buy.abandoned }]);
  });

  it('an answer that comes exactly at the end of the patience is heard: users give up only when it takes longer', () => {
    const r = simulate(scenario({ users: { patience: constant(100) } }, [api(constant(100))]));
    expect(r.features.buy.users.abandoned).toBe(0);
    expect(r.features.buy.users.succeeded).toBeGreaterThan(5000);
  });
});

describe("users' own retries", () => {
  const failing = (p: number, max: number) => scenario(
    { users: { retry: { probability: p, think: constant(10), max } } }, [api(constant(1))],
    { faults: [{ kind: 'errors', service: 'api', startMs: 0, durationMs: Infinity, rate: 1 }] },
  );

  it('a user who saw an error tries again with probability p, at most N times: requests per intent = 1 + p + … + p^N', () => {
    const runs = replicate(failing(0.5, 2), SEEDS);
    family.expectBinomial('retried share of intents, p = 0.5', runs.map((r) => r.features.buy.users.retried),
      runs.map((r) => r.features.buy.users.arrived - r.features.buy.users.inFlight), 0.5);
    family.expectAgrees('requests per intent, p = 0.5, N = 2', runs.map((r) => r.features.buy.arrivals / r.features.buy.users.arrived),
      geometricSum(0.5, 2), { bias: 0.002 });
    for (const r of runs) {
      const u = r.features.buy.users;
      expect(u.failed + u.inFlight).toBe(u.arrived);
    }
  });

  it('an intent that succeeds on a retry counts once, as succeeded', () => {
    const s = failing(1, 3);
    // A 25 ms burst of errors: a user's third retry, 30 ms after the first try, is always past it.
    s.faults = [{ kind: 'errors', service: 'api', startMs: 10_000, durationMs: 25, rate: 1 }];
    const r = simulate(s), u = r.features.buy.users;
    expect(u.retried).toBeGreaterThan(0);
    expect(u.failed).toBe(0);
    expect(u.succeeded + u.inFlight).toBe(u.arrived);
    // Each retry is a request of its own: between one and three per retried intent.
    const retries = r.features.buy.arrivals - u.arrived;
    expect(retries).toBeGreaterThanOrEqual(u.retried);
    expect(retries).toBeLessThanOrEqual(3 * u.retried);
  });
});

describe('conversion, SLO and lateness', () => {
  it('a served answer converts by the curve at its latency (linear between points)', () => {
    const r = simulate(scenario({ users: { conversion: [{ latencyMs: 50, share: 1 }, { latencyMs: 150, share: 0.5 }] } }, [api()]));
    const u = r.features.buy.users;
    expect(u.succeeded).toBeGreaterThan(1000);
    expect(u.converted.succeeded).toBeCloseTo(0.75 * u.succeeded, 3);
  });

  it('a request is good for the SLO when served within its latency target', () => {
    const run = (withinMs: number) => simulate(scenario({ slo: { success: 0.99, withinMs } }, [api()])).features.buy;
    const fast = run(150), slow = run(50);
    expect(fast.sloGood).toBe(fast.succeeded);
    expect(slow.sloGood).toBe(0);
  });

  it('a message delivered later than the lateness threshold counts as late', () => {
    const queue: ServiceSpec = {
      name: 'queue', workers: 200, queue: Infinity, serviceTime: constant(100), calls: [],
      messaging: { retentionMs: Infinity, maxDeliveries: 1, redeliveryDelayMs: 0 },
    };
    const run = (lateAfterMs: number) =>
      simulate(scenario({ entry: 'queue', tickets: { late: 0.1, lateAfterMs } }, [queue])).features.buy;
    const late = run(50), onTime = run(150);
    expect(late.late).toBeGreaterThan(1000);
    expect(onTime.late).toBe(0);
  });
});

describe('origins', () => {
  it('a scenario whose only fault is in one service attributes every failure to it', () => {
    const db: ServiceSpec = { name: 'db', workers: 50, queue: Infinity, serviceTime: exp(5), calls: [] };
    const r = simulate(scenario({}, [api(exp(5), ['db'].map((to) => ({ to }))), db],
      { faults: [{ kind: 'errors', service: 'db', startMs: 5_000, durationMs: 10_000, rate: 0.3 }] }));
    const f = r.features.buy;
    expect(f.failed).toBeGreaterThan(100);
    expect(f.causes.failed).toEqual([{ reason: 'error', service: 'db', count: f.failed }]);
    expect(Object.keys(r.series.features.buy.badBy)).toEqual(['db']);
  });

  it("a stale answer in a failover's stale window names the failover as its origin", () => {
    const db: ServiceSpec = {
      name: 'db', workers: 50, queue: Infinity, serviceTime: exp(5), calls: [],
      failover: { detectionMs: 1_000, switchoverMs: 1_000, staleReadsMs: 5_000 },
    };
    const r = simulate(scenario({}, [api(exp(5), [{ to: 'db' }]), db],
      { faults: [{ kind: 'outage', service: 'db', startMs: 5_000, durationMs: 60_000, mode: 'fail-fast' }] }));
    const f = r.features.buy;
    expect(f.stale).toBeGreaterThan(100);
    expect(f.causes.stale).toEqual([{ reason: 'failover', service: 'db', count: f.stale }]);
    expect(f.users.stale).toBe(f.stale);
  });
});
