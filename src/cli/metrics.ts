/**
 * The metrics and the SLO judgement the CLI's experiments use (and its worker threads, which
 * import this module).
 *
 * STAND-IN until src/outcomes/summarize.ts lands: then `metricsOf` becomes
 * `(result, scenario) => metrics(summarize(result, scenario))` and `breaksOf` judges the
 * summary's SLO metrics. Until then: per feature its requests (arrivals, succeeded, failed,
 * failed share) and latency p95, per service its utilization, rejections and mean queue wait.
 */
import type { Breaks, MetricsOf } from '../outcomes/experiment-types.js';
import { priorityOf, sloOf } from '../scenario/resolve.js';
import type { Scenario } from '../scenario/types.js';

export const metricsOf: MetricsOf = (result) => {
  const m: Record<string, number> = {};
  for (const [name, f] of Object.entries(result.features)) {
    m[`${name}.arrivals`] = f.arrivals;
    m[`${name}.succeeded`] = f.succeeded;
    m[`${name}.failed`] = f.failed;
    m[`${name}.failedShare`] = f.arrivals > 0 ? f.failed / f.arrivals : 0;
    m[`${name}.latency.p95`] = f.latencyMs.p95;
  }
  for (const [name, s] of Object.entries(result.services)) {
    m[`${name}.utilization`] = s.utilization;
    m[`${name}.rejected`] = s.rejected;
    m[`${name}.queueWait.mean`] = s.queueWaitMs.mean;
  }
  return m;
};

/** Without an SLO a feature may fail 1% of its requests. */
const DEFAULT_SUCCESS = 0.99;

/**
 * The core features (all features when none is marked core) out of their SLO: a failed share
 * above 1 − slo.success (1% without an SLO).
 */
export function breaksOf(scenario: Scenario): Breaks {
  const core = scenario.features.filter((f) => priorityOf(f) === 'core');
  const judged = (core.length > 0 ? core : scenario.features).map((f) => ({ name: f.name, allowed: 1 - (sloOf(f)?.success ?? DEFAULT_SUCCESS) }));
  return (m) => judged.filter((f) => (m[`${f.name}.failedShare`] ?? 0) > f.allowed).map((f) => f.name);
}
