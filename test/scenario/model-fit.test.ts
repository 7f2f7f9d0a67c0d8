import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import { formatProblem, parseScenario } from '../../src/scenario/index.js';
import { yaml } from './helpers.js';

/** Every storm and defence the file format has, at low rates so the run is quick. */
const EVERYTHING = yaml(
  'name: Everything at once',
  'duration: 20m',
  'deadlines: propagate',
  'load:',
  '  - spike: { feature: browse, factor: 10, start: 5m, duration: 5m, ramp: 30s }',
  '  - step: { features: [browse, search], factor: 2, start: 10m, duration: 5m }',
  '  - ramp: { from: 1, to: 3, start: 0s, duration: 15m }',
  '  - daily: { feature: watch, min: 0.4, max: 1.2, peakAt: 20h, period: 24h }',
  '  - replay: { feature: browse, file: rates.csv, interpolate: linear }',
  'faults:',
  '  - outage: { service: licence, start: 10m, duration: 1m, mode: fail-fast }',
  '  - latency: { service: db, start: 5m, duration: 20s, factor: 3, add: 5ms }',
  '  - errors: { service: payments, start: 5m, duration: 2m, rate: 20% }',
  '  - capacity: { service: web, start: 5m, duration: 10m, lose: 2 }',
  '  - capacity: { service: web, start: 6m, duration: 1m, share: 50% }',
  '  - cacheFlush: { service: catalog, at: 10m }',
  '  - partition: { from: web, to: catalog, start: 5m, duration: 1m, mode: hang }',
  'shedding:',
  '  - { service: db, signal: utilization, above: 85%, below: 70%, for: 10s }',
  '  - { service: web, signal: p95, above: 500ms, below: 100ms, for: 5s, shed: [optional] }',
  'features:',
  '  browse: { rate: 5/s, entry: web, priority: optional, rateLimit: 20/s, timeout: 2s, retry: { attempts: 3 } }',
  '  search: { rate: 2/s, entry: web, priority: core, breaker: true }',
  '  watch: { rate: 1/s, entry: licence, rateLimit: { rate: 10/s, burst: 5 } }',
  'services:',
  '  web:',
  '    workers: 8',
  '    instances: 3',
  '    discipline: lifo',
  '    maxWait: 2s',
  '    costPerHour: 0.12',
  '    serviceTime: 5ms',
  '    autoscale: { target: 60%, min: 2, max: 6, evaluate: 30s, startup: 1m, cooldown: 2m }',
  '    calls:',
  '      - catalog',
  '      - to: payments',
  '        timeout: 1s',
  '        retry: { attempts: 3, backoff: { exponential: 100ms, max: 5s }, jitter: full, budget: { ratio: 10% } }',
  '        breaker: { window: 10s, minimumRequests: 20, errorThreshold: 50%, sleep: 5s }',
  '        bulkhead: 10',
  '        fallback: cached total',
  '        latency: { constant: 2ms }',
  '      - parallel: [db, { to: ads, optional: true }]',
  '  catalog: { workers: 4, serviceTime: 5ms, cache: { keys: 1000, ttl: 5m, serveStale: 10m } }',
  '  payments: { workers: 4, serviceTime: 20ms, failover: { detection: 10s, switchover: 30s, staleReads: 30s } }',
  '  db: { workers: 4, serviceTime: 5ms, cache: { hitRatio: 80%, warm: 1m } }',
  '  ads: { workers: 2, serviceTime: 5ms, messages: { retention: 4h, maxDeliveries: 5, redeliveryDelay: 30s } }',
  '  licence: { workers: 4, serviceTime: 5ms }',
);

describe('what the parser produces, the model accepts', () => {
  it('runs a file using every storm and defence to completion', () => {
    const result = parseScenario(EVERYTHING, 'everything.yaml', { readFile: () => 'time,rate\n0s,5/s\n60,8\n2m,3/s\n' });
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(simulate(result.scenario, { seed: 1 }).status).toBe('complete');
  });
});
