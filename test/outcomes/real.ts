/**
 * Small real scenarios, simulated and summarized: the outcomes layer on what the model actually
 * reports, not on hand-built series. Each runs a minute or so of simulated time in well under a
 * second, on a fixed seed.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simulate } from '../../src/model/simulate.js';
import { loadScenarioFile } from '../../src/scenario/load-file.js';
import { summarize } from '../../src/outcomes/summarize.js';
import type { Break, BreakKind, BreakWithPath, Outcomes } from '../../src/outcomes/types.js';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { parsed } from './support.js';

export interface Run {
  scenario: Scenario;
  result: RunResult;
  outcomes: Outcomes;
}

/** `yaml` parsed, simulated and summarized. */
export function run(yaml: string): Run {
  const scenario = parsed(yaml, 'real.yaml');
  const result = simulate(scenario);
  return { scenario, result, outcomes: summarize(result, scenario) };
}

/** The folder of the bundled scenarios. */
export const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** The bundled scenario files' names, sorted. */
export const bundledNames = (): string[] => readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).sort();

/** A bundled scenario (`three-tier.yaml`), loaded, simulated and summarized. */
export function bundled(name: string): Run {
  const loaded = loadScenarioFile(`${SCENARIOS}${name}`);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  const result = simulate(loaded.scenario);
  return { scenario: loaded.scenario, result, outcomes: summarize(result, loaded.scenario) };
}

/** The break of that kind (and subject, if given); throws if there is none, listing those there are. */
export function find(o: Outcomes, kind: BreakKind, subject?: string): BreakWithPath {
  const b = o.breaks.find((x) => x.kind === kind && (subject === undefined || x.subject === subject));
  if (b === undefined) throw new Error(`no ${kind} break${subject !== undefined ? ` at ${subject}` : ''}; breaks: ${list(o.breaks)}`);
  return b;
}

export const list = (breaks: readonly Break[]): string => breaks.map((b) => `${b.t} ${b.kind} ${b.subject}`).join(', ') || 'none';

/** A database that a 2x spike (00:30 to 01:00) pushes past its 4 workers: saturation, then rejections from a full queue. */
export const SPIKE = `name: Spike saturates the database
duration: 90s
warmup: 10s
seed: 1
load:
  - spike: { feature: browse, factor: 2, start: 30s, duration: 30s, ramp: 0s }
features:
  browse: { rate: 50/s, entry: db, timeout: 2s }
services:
  db:
    workers: 4
    queue: 40
    serviceTime: { exponential: 60ms }
`;

/** retry-storm.yaml in small: a 3x slowdown (00:30 to 00:50) tips clients that retry at once into a storm that never ends. */
export const STORM = `name: Retry storm
duration: 90s
warmup: 10s
seed: 11
features:
  pay: { rate: 80/s, entry: api, timeout: 1s, retry: { attempts: 4 } }
services:
  api:
    workers: 10
    serviceTime: { exponential: 100ms }
faults:
  - latency: { service: api, start: 30s, duration: 20s, factor: 3 }
`;

/**
 * checkout-breaker.yaml in small, with users and business: payments errors every request from
 * 00:20 to 00:35, a breaker opens on checkout's calls; checkout has an SLO, value, tickets,
 * churn, users who retry once and give up after a few seconds.
 */
export const BREAKER = `name: Breaker before failing payments
duration: 60s
warmup: 5s
seed: 4
currency: USD
features:
  checkout:
    rate: 40/s
    entry: checkout
    priority: core
    slo: { success: 99%, within: 500ms, window: 5s }
    users:
      patience: { p50: 3s, p95: 8s }
      retry: { probability: 50%, think: 1s, max: 1 }
      conversion: [[200ms, 100%], [1s, 80%]]
    value: 50
    tickets: { failed: 2%, abandoned: 1% }
    churn: { failed: 1%, lifetimeValue: 200 }
  browse:
    rate: 60/s
    entry: catalog
    value: { success: 0.1, stale: 0.08 }
    tickets: { stale: 0.5% }
services:
  checkout:
    workers: 20
    costPerHour: 0.5
    serviceTime: { lognormal: { p50: 10ms, p99: 50ms } }
    calls:
      - to: payments
        timeout: 1s
        breaker: { window: 5s, buckets: 5, minimumRequests: 10, errorThreshold: 50%, sleep: 3s }
  payments:
    workers: 10
    costPerHour: 1
    serviceTime: { lognormal: { p50: 40ms, p99: 200ms } }
  catalog:
    workers: 8
    serviceTime: { lognormal: { p50: 20ms, p99: 80ms } }
    cache: { keys: 1000, ttl: 30s, zipf: 1, serveStale: 5m }
faults:
  - errors: { service: payments, start: 20s, duration: 15s, rate: 100% }
  - outage: { service: catalog, start: 40s, duration: 5s }
`;

/** A 4x spike (00:30 to 01:00) on a database with a dimmer for optional work and an autoscaler that tops out at 3 instances. */
export const DIMMER = `name: Dimmer and autoscaler under a spike
duration: 90s
warmup: 10s
seed: 2
load:
  - spike: { features: [feed, recs], factor: 4, start: 30s, duration: 30s, ramp: 0s }
shedding:
  - { service: db, signal: utilization, above: 80%, below: 50%, for: 2s, shed: [optional] }
features:
  feed: { rate: 30/s, entry: db, priority: core }
  recs: { rate: 30/s, entry: db, priority: optional }
services:
  db:
    workers: 4
    serviceTime: { exponential: 40ms }
    autoscale: { target: 70%, min: 1, max: 3, evaluate: 5s, startup: 5s, cooldown: 5s }
`;

/** Search slows by 3 s (00:20 to 00:40) and its users, who wait a second or so, give up. */
export const IMPATIENT = `name: Slow search, impatient users
duration: 60s
warmup: 5s
seed: 3
features:
  search:
    rate: 40/s
    entry: search
    users: { patience: { p50: 1s, p95: 3s } }
services:
  search:
    workers: 8
    serviceTime: { lognormal: { p50: 50ms, p99: 200ms } }
faults:
  - latency: { service: search, start: 20s, duration: 20s, add: 3s }
`;
