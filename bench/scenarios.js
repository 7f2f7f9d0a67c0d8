// Scenario files for the bench, as YAML text (written to a temporary folder and run through the
// real CLI, so parsing and validation are part of what is timed).

/**
 * M/M/1 at 1000 requests/s; `rho` sets the mean service time; the duration gives `requests`
 * arrivals on average. 1 request/ms also makes "now + e / rate" and "now + mean * e" the same
 * floating-point number, so brownout and the baseline follow the same sample path however
 * brownout writes its interarrival arithmetic.
 */
export const MM1 = { ratePerS: 1000, rho: 0.9, seed: 1, feature: 'lookup', service: 'api' };

export function mm1Params(requests) {
  const durationS = Math.round(requests / MM1.ratePerS);
  return {
    ratePerMs: MM1.ratePerS / 1000,
    meanServiceMs: MM1.rho * 1000 / MM1.ratePerS,
    durationMs: durationS * 1000,
    durationS,
    seed: MM1.seed,
    feature: MM1.feature,
    service: MM1.service,
  };
}

export function mm1Yaml(requests) {
  const p = mm1Params(requests);
  return `name: Bench M/M/1 at rho ${MM1.rho}, ${requests} requests
duration: ${p.durationS}s
seed: ${p.seed}
features:
  ${p.feature}: { rate: ${MM1.ratePerS}/s, entry: ${p.service} }
services:
  ${p.service}:
    workers: 1
    serviceTime: { exponential: ${p.meanServiceMs}ms }
`;
}

/**
 * Ten services in a call DAG, four features, utilisations between about 0.4 and 0.75.
 * Every kind of distribution and event the model has (own work, synchronous calls, calls with
 * network latency, bounded queues) is exercised.
 *
 *   browse    -> gateway  -> auth -> cache
 *                         -> catalog -> cache, db          (gateway -> catalog over the network)
 *   search    -> search   -> auth, catalog
 *   recommend -> recs     -> cache, catalog
 *   checkout  -> checkout -> auth, inventory -> db, payments (payments over the network)
 */
export function tenServicesYaml(durationS, withUsers = false) {
  // Users with patience (an event per request), their own retries, a conversion curve, values,
  // tickets, churn and SLOs: everything the outcomes accounting follows. Patience is long enough
  // that few give up, so both versions do the same work.
  const users = withUsers
    ? `, users: { patience: { p50: 3s, p95: 10s }, retry: { probability: 30%, think: { exponential: 5s }, max: 2 }, conversion: [[1s, 100%], [3s, 80%]] }` +
      `, value: { success: 2, degraded: 1 }, tickets: { failed: 1%, abandoned: 0.5% }, churn: { failed: 0.5% }, slo: { success: 99.9%, within: 500ms } }`
    : ' }';
  return `name: Bench ten services, four features${withUsers ? ', with users and outcomes' : ''}
duration: ${durationS}s
warmup: 30s
seed: 11
features:
  browse:    { rate: 2000/s, entry: gateway${users}
  search:    { rate: 600/s,  entry: search${users}
  recommend: { rate: 800/s,  entry: recs${users}
  checkout:  { rate: 150/s,  entry: checkout${users}
services:
  gateway:
    workers: 32
    queue: 500
    serviceTime: { uniform: { min: 0.5ms, max: 1.5ms } }
    calls: [auth, { to: catalog, latency: { constant: 0.2ms } }]
  search:
    workers: 16
    queue: 200
    serviceTime: { exponential: 4ms }
    calls: [auth, catalog]
  recs:
    workers: 20
    queue: 200
    serviceTime: { lognormal: { p50: 5ms, p99: 30ms } }
    calls: [cache, catalog]
  checkout:
    workers: 10
    queue: 100
    serviceTime: { exponential: 5ms }
    calls: [auth, inventory, { to: payments, latency: { uniform: { min: 5ms, max: 15ms } } }]
  auth:
    workers: 8
    serviceTime: { exponential: 1ms }
    calls: [cache]
  catalog:
    workers: 40
    serviceTime: { exponential: 2ms }
    calls: [cache, db]
  inventory:
    workers: 2
    serviceTime: { exponential: 2ms }
    calls: [db]
  payments:
    workers: 5
    queue: 50
    serviceTime: { constant: 20ms }
  cache:
    workers: 6
    serviceTime: { exponential: 0.5ms }
  db:
    workers: 24
    queue: 1000
    serviceTime: { lognormal: { p50: 3ms, p99: 20ms } }
`;
}

/**
 * The storm bench (issue 3): ten services at 2,000 requests/s for `durationS`, with timeouts and
 * retries (exponential backoff, jitter, budgets) on every call, a breaker on payments, and two
 * faults: the database slows down 4x for two minutes, and payments fail 30% for five minutes.
 */
export function stormYaml(durationS) {
  const call = (to, timeout, extra = '') =>
    `{ to: ${to}, timeout: ${timeout}, retry: { attempts: 3, backoff: { exponential: 20ms, max: 500ms }, jitter: full, budget: { ratio: 10% } }${extra} }`;
  return `name: Bench storm, ten services at 2000/s with timeouts, retries and faults
duration: ${durationS}s
warmup: 30s
seed: 13
features:
  browse:    { rate: 1200/s, entry: gateway, timeout: 2s }
  search:    { rate: 400/s,  entry: search, timeout: 2s }
  recommend: { rate: 300/s,  entry: recs, priority: optional, timeout: 2s }
  checkout:  { rate: 100/s,  entry: checkout, priority: core, timeout: 5s, retry: { attempts: 2 } }
services:
  gateway:
    workers: 32
    queue: 500
    serviceTime: { uniform: { min: 0.5ms, max: 1.5ms } }
    calls: [${call('auth', '200ms')}, ${call('catalog', '300ms')}]
  search:
    workers: 16
    queue: 200
    serviceTime: { exponential: 4ms }
    calls: [${call('auth', '200ms')}, ${call('catalog', '300ms')}]
  recs:
    workers: 20
    queue: 200
    serviceTime: { lognormal: { p50: 5ms, p99: 30ms } }
    calls: [{ parallel: [${call('cache', '50ms', ', optional: true')}, ${call('catalog', '300ms', ', optional: true')}] }]
  checkout:
    workers: 10
    queue: 100
    serviceTime: { exponential: 5ms }
    calls: [${call('auth', '200ms')}, ${call('inventory', '300ms')}, ${call('payments', '1s', ', breaker: { window: 10s, errorThreshold: 50%, sleep: 5s }')}]
  auth:
    workers: 8
    serviceTime: { exponential: 1ms }
    calls: [${call('cache', '50ms')}]
  catalog:
    workers: 40
    serviceTime: { exponential: 2ms }
    calls: [${call('cache', '50ms')}, ${call('db', '200ms')}]
  inventory:
    workers: 4
    serviceTime: { exponential: 2ms }
    calls: [${call('db', '200ms')}]
  payments:
    workers: 6
    queue: 50
    serviceTime: { constant: 20ms }
  cache:
    workers: 8
    serviceTime: { exponential: 0.5ms }
  db:
    workers: 24
    queue: 1000
    serviceTime: { lognormal: { p50: 3ms, p99: 20ms } }
faults:
  - latency: { service: db, start: ${Math.round(durationS * 0.3)}s, duration: 2m, factor: 4 }
  - errors: { service: payments, start: ${Math.round(durationS * 0.6)}s, duration: 5m, rate: 30% }
`;
}
