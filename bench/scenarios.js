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
export function tenServicesYaml(durationS) {
  return `name: Bench ten services, four features
duration: ${durationS}s
warmup: 30s
seed: 11
features:
  browse:    { rate: 2000/s, entry: gateway }
  search:    { rate: 600/s,  entry: search }
  recommend: { rate: 800/s,  entry: recs }
  checkout:  { rate: 150/s,  entry: checkout }
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
