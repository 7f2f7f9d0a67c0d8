/**
 * One storm told end to end, for the cause-path, summary and brief tests: a 10x spike on browse
 * from 02:00 to 05:00 saturates payments (which web calls for every request) from 02:30; calls
 * to payments time out from 02:40 and checkout leaves its 99% SLO; later an outage of recs
 * (06:00 to 07:00) fails every recommendation.
 */
import type { Scenario } from '../../src/scenario/types.js';
import { bump, feature, fill, patch, result, scenario, service } from './fixture.js';

export const N = 60;

export function storyScenario(): Scenario {
  return scenario({
    name: 'spike-and-outage', description: 'A celebrity post sends browse traffic up tenfold; later the recommendations service goes down.',
    currency: 'USD', durationMs: N * 10_000,
    features: [
      feature('browse', 'web', { ratePerMs: 0.05, priority: 'core', value: { success: 0.02 } }),
      feature('checkout', 'web', {
        ratePerMs: 0.005, priority: 'core', value: { success: 40 }, slo: { success: 0.99, withinMs: 1000, windowMs: 30_000 },
        tickets: { failed: 0.05, abandoned: 0.02 }, churn: { failed: 0.01, abandoned: 0.01, lifetimeValue: 120 },
      }),
      feature('recommend', 'recs', { ratePerMs: 0.01, priority: 'optional', value: { success: 0.5 }, tickets: { failed: 0.001 } }),
    ],
    services: [service('web', ['payments'], { costPerHour: 0.5 }), service('payments', [], { costPerHour: 1 }), service('recs')],
    load: [{ kind: 'spike', features: ['browse'], startMs: 120_000, durationMs: 180_000, factor: 10, rampUpMs: 0, rampDownMs: 0 }],
    faults: [{ kind: 'outage', service: 'recs', startMs: 360_000, durationMs: 60_000, mode: 'fail-fast' }],
  });
}

export function storyResult(seed = 1) {
  const sc = storyScenario();
  return result(sc, {
    buckets: N, seed,
    services: {
      web: { utilization: fill(N, 0.5), cost: 1, instanceHours: 2 },
      payments: { utilization: bump(N, 0.6, 15, 32, 0.97), cost: 4, instanceHours: 4 },
      recs: { utilization: fill(N, 0.2), errors: bump(N, 0, 36, 42, 100) },
    },
    edges: {
      'user->browse': { attempts: bump(N, 500, 12, 30, 5000) }, 'user->checkout': { attempts: fill(N, 50) }, 'user->recommend': { attempts: fill(N, 100) },
      'web->payments': { attempts: bump(N, 550, 12, 30, 5050), timeouts: bump(N, 0, 16, 32, 115) },
    },
    features: {
      browse: {
        users: { succeeded: patch(patch(bump(N, 500, 12, 30, 5000), 16, 30, 4900), 30, 32, 400), failed: bump(N, 0, 16, 32, 100) },
        badBy: { payments: bump(N, 0, 16, 32, 100) },
        causes: { failed: [{ reason: 'timeout', service: 'payments', count: 1600 }] },
      },
      checkout: {
        users: { succeeded: patch(bump(N, 50, 16, 32, 35), 17, 31, 32), failed: bump(N, 0, 16, 32, 15), abandoned: bump(N, 0, 17, 31, 3) },
        badBy: { payments: bump(N, 0, 16, 32, 14), web: bump(N, 0, 16, 32, 4) },
        causes: {
          failed: [{ reason: 'timeout', service: 'payments', count: 224 }, { reason: 'rejected', service: 'web', count: 16 }],
          abandoned: [{ reason: 'slow', service: 'web', count: 42 }],
        },
      },
      recommend: {
        users: { succeeded: bump(N, 100, 36, 42, 0), failed: bump(N, 0, 36, 42, 100) },
        badBy: { recs: bump(N, 0, 36, 42, 100) },
        causes: { failed: [{ reason: 'outage', service: 'recs', count: 600 }] },
      },
    },
  });
}
