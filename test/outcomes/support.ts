/** Tiny scenarios, a metrics function over today's RunResult and an SLO predicate, for experiment tests. */
import { parseScenario } from '../../src/scenario/parse.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { Breaks, MetricsOf } from '../../src/outcomes/experiment-types.js';

/** About 4 workers' worth of work at 90% load for 20 s: a few runs take milliseconds. */
export const TINY = `name: Tiny
duration: 20s
warmup: 2s
seed: 3
features:
  browse: { rate: 40/s, entry: web }
  checkout: { rate: 5/s, entry: web, priority: core }
services:
  web:
    workers: 4
    queue: 10
    serviceTime: { exponential: 80ms }
`;

export function parsed(text: string, file = 'tiny.yaml'): Scenario {
  const r = parseScenario(text, file);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.scenario;
}

/** The tiny scenario with variants attached by hand (the parser does not read `variants:` yet). */
export function withVariants(base: Scenario, variants: Record<string, (s: Scenario) => Scenario>): Scenario {
  return { ...base, variants: Object.entries(variants).map(([name, change]) => ({ name, scenario: change(base) })) };
}

/** A copy of the scenario with one service's workers changed. */
export function workers(n: number, service = 'web'): (s: Scenario) => Scenario {
  return (s) => ({ ...s, services: s.services.map((x) => (x.name === service ? { ...x, workers: n } : x)) });
}

/** Per feature arrivals, succeeded, failed and latency p95; per service utilization and rejections. */
export const metricsOf: MetricsOf = (r) => {
  const m: Record<string, number> = {};
  for (const [name, f] of Object.entries(r.features)) {
    m[`${name}.arrivals`] = f.arrivals;
    m[`${name}.succeeded`] = f.succeeded;
    m[`${name}.failed`] = f.failed;
    m[`${name}.latency.p95`] = f.latencyMs.p95;
  }
  for (const [name, s] of Object.entries(r.services)) {
    m[`${name}.utilization`] = s.utilization;
    m[`${name}.rejected`] = s.rejected;
  }
  return m;
};

/** A feature is out of SLO when more than 1% of its requests failed. */
export const breaks: Breaks = (m) =>
  Object.keys(m)
    .filter((k) => k.endsWith('.arrivals'))
    .map((k) => k.slice(0, -'.arrivals'.length))
    .filter((f) => m[`${f}.failed`] / m[`${f}.arrivals`] > 0.01);
