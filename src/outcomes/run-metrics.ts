/** The metrics experiments (replications, comparisons, sweeps) average and compare, in the CLI and the web app. */
import { metrics } from './metrics.js';
import { summarize } from './summarize.js';
import type { MetricsOf } from './experiment-types.js';

/**
 * Every figure of the run's outcomes, users with a bad outcome in all (`total.users.bad`: failed,
 * gave up or refused), then the engineer's few that explain them: each feature's
 * request latency p95 (`F.latency.p95`, ms), each service's utilization (`service.S.utilization`) and,
 * for a message consumer, its messages lost and dead-lettered (`service.S.messages.{lost,deadLettered}`).
 */
export const runMetrics: MetricsOf = (result, scenario) => {
  const m = metrics(summarize(result, scenario));
  m['total.users.bad'] ??= m['total.users.failed'] + m['total.users.abandoned'] + m['total.users.refused'];
  for (const [name, f] of Object.entries(result.features)) m[`${name}.latency.p95`] ??= f.latencyMs.p95;
  for (const [name, s] of Object.entries(result.services)) {
    m[`service.${name}.utilization`] ??= s.utilization;
    // A message consumer's losses: a confirmation never delivered matters even when no value is set.
    if (s.messages) {
      m[`service.${name}.messages.lost`] ??= s.messages.lost;
      m[`service.${name}.messages.deadLettered`] ??= s.messages.deadLettered;
    }
  }
  return m;
};

