/**
 * The metrics and the SLO judgement the CLI's experiments use (and its worker threads, which
 * import this module): every figure of a run's outcomes (src/outcomes/metrics.ts names them).
 */
import { metrics } from '../outcomes/metrics.js';
import { summarize } from '../outcomes/summarize.js';
import type { Breaks, MetricsOf } from '../outcomes/experiment-types.js';
import { priorityOf, sloOf } from '../scenario/resolve.js';
import type { Scenario } from '../scenario/types.js';

/**
 * Every figure of the run's outcomes, then the engineer's few that explain them: each feature's
 * request latency p95 (`F.latency.p95`, ms) and each service's utilization (`service.S.utilization`).
 */
export const metricsOf: MetricsOf = (result, scenario) => {
  const m = metrics(summarize(result, scenario));
  for (const [name, f] of Object.entries(result.features)) m[`${name}.latency.p95`] ??= f.latencyMs.p95;
  for (const [name, s] of Object.entries(result.services)) m[`service.${name}.utilization`] ??= s.utilization;
  return m;
};

/** Without an SLO, a feature whose users fail, give up or are refused more than 1% of the time is broken. */
const DEFAULT_SUCCESS = 0.99;

/**
 * The core features (all features when none is marked core) out of their SLO over the run: a
 * share of bad requests above 1 − slo.success (the SLO's error rate, latency target included);
 * without an SLO, a share of bad user outcomes above 1%.
 */
export function breaksOf(scenario: Scenario): Breaks {
  const core = scenario.features.filter((f) => priorityOf(f) === 'core');
  const judged = (core.length > 0 ? core : scenario.features).map((f) => ({ name: f.name, slo: sloOf(f) }));
  return (m) => judged.filter(({ name, slo }) => {
    if (slo) return (m[`${name}.slo.errorRate`] ?? 0) > 1 - slo.success;
    const arrived = m[`${name}.users.arrived`] ?? 0;
    const bad = ['failed', 'abandoned', 'shed', 'rateLimited'].reduce((n, k) => n + (m[`${name}.users.${k}`] ?? 0), 0);
    return arrived > 0 && bad / arrived > 1 - DEFAULT_SUCCESS;
  }).map(({ name }) => name);
}
