/** A tiny hand-made run for the views' pure helpers (no simulation). */
import type { Run } from '../../web/view.js';

const cell = (users: number, failed: number, lost: number) => ({
  users, bad: { failed, abandoned: 0, degraded: 0, stale: 0, refused: 0 }, revenueLost: lost, churnUsers: 0, churnValue: 0, tickets: failed > 0 ? 2 : 0,
});
const users = (n: number[]) => ({ arrived: n, succeeded: n, degraded: [0, 0, 0, 0], stale: [0, 0, 0, 0], failed: [0, 3, 3, 0], abandoned: [0, 0, 1, 0], shed: [0, 0, 0, 0], rateLimited: [0, 0, 0, 0], converted: { succeeded: n, degraded: [0, 0, 0, 0], stale: [0, 0, 0, 0] } });

export function fixture(over: { potential?: number; cost?: number } = {}): Run {
  const potential = over.potential ?? 1000;
  const outcomes = {
    currency: '$',
    totals: {
      users: { arrived: 100, ended: 100, succeeded: 80, degraded: 5, stale: 1, failed: 10, abandoned: 3, refused: 1 },
      value: { potential, realized: potential * 0.8, lost: potential * 0.2, net: potential * 0.8 },
      tickets: 4, ticketsExpected: 4.2, churn: { users: 2, value: 600 }, cost: over.cost ?? 0, loss: 800,
    },
    features: {
      a: { slo: { budgetBurned: 0.05, outOfSloMs: 0 } },
      b: { slo: { budgetBurned: 0.5, outOfSloMs: 90_000 } },
      c: { slo: null },
    },
    states: { bucketMs: 1000, t: [0, 1000, 2000, 3000, 4000], state: ['normal', 'peak', 'peak', 'degraded', 'normal'] },
    breaks: [
      { t: 1000, kind: 'saturation', subject: 'api', detail: 'busy 95%', value: 0.95, window: [1000, 2000], path: { text: 'api saturates', steps: [{ kind: 'saturation', subject: 'api', t: 1000, text: 'api saturates' }] } },
      { t: 1000, kind: 'slo', subject: 'a', detail: 'below', value: 0.9, window: [0, 1000], path: { text: 'a leaves', steps: [{ kind: 'slo', subject: 'a', t: 1000, text: 'a leaves' }] } },
      { t: 3000, kind: 'breaker-open', subject: 'api->db', detail: 'opened', value: 1, window: [3000, 4000], path: { text: 'breaker', steps: [] } },
    ],
    blast: [{ kind: 'fault', ref: 0, name: 'outage of db', window: [60_000, 125_000], features: [{ feature: 'a', users: 12, value: 300 }, { feature: 'b', users: 3, value: 20 }], users: 15, value: 320 }],
    grid: {
      time: { normal: { ms: 2000, share: 0.5 }, peak: { ms: 2000, share: 0.5 }, degraded: { ms: 0, share: 0 } },
      features: { a: { normal: cell(40, 0, 0), peak: cell(10, 4, 200), degraded: cell(0, 0, 0) }, b: { normal: cell(30, 1, 50), peak: cell(20, 5, 100), degraded: cell(0, 0, 0) } },
      total: { normal: cell(70, 1, 50), peak: cell(30, 9, 300), degraded: cell(0, 0, 0) },
    },
  };
  const result = {
    endMs: 4000,
    series: {
      bucketMs: 1000, t: [0, 1000, 2000, 3000],
      features: {
        a: { latencyMeanMs: [10, 20, null, 15], latencyP95Ms: [30, 60, null, 45], users: users([5, 5, 5, 5]) },
        b: { latencyMeanMs: [1, 2, 3, 4], latencyP95Ms: [3, 6, 9, 12], users: users([1, 2, 3, 4]) },
      },
      services: {
        api: { utilization: [0.1, 0.9, 1, 0.2], meanQueueLength: [0, 4, 8, 0], instances: [2, 2, 2, 2] },
        db: { utilization: [0.1, 0.2, 0.2, 0.2], meanQueueLength: [0, 0, 0, 0], instances: [1, 2, 3, 3] },
      },
      edges: { 'api->db': { breakerOpenShare: [0, 0, 0.5, 1] }, 'user->a': { breakerOpenShare: [0, 0, 0, 0] } },
    },
  };
  return { result, outcomes, wallMs: 1 } as unknown as Run;
}
