/**
 * Plain-words kinds for defences: call policies (timeouts, retries, breakers, bulkheads,
 * fallbacks, parallel calls), rate limits, caches, message queues, autoscaling, failover and
 * the other service settings; see messages.ts for how kinds are used.
 */
import { type Kind, list, mapKind, numberFrom, oneOf, rate, text, wholeNumber } from './explain.js';
import { RATE_EXPECTED, describeValue } from './units.js';

const whole = (expected: string, least = 1): Kind => ({ expected, explain: wholeNumber(least) });

export const DEFENCE_KINDS = {
  instances: whole('a positive integer like 3'),
  discipline: oneOf(['fifo', 'lifo'], 'queue discipline'),
  cost: { expected: 'a number of 0 or more like 0.12', explain: numberFrom(0) },
  count: whole('a positive integer like 10'),
  flag: {
    expected: 'true or false',
    explain: (raw: unknown) => (typeof raw === 'boolean' ? undefined : `must be true or false, got ${describeValue(raw)}`),
  },
  fallback: { expected: 'a short label like "static list"', explain: text },
  bulkhead: whole('a positive integer like 10: attempts in flight at once'),
  retry: mapKind('a map like { attempts: 3, backoff: { exponential: 100ms }, jitter: full }', 'a map with attempts'),
  attempts: whole('a whole number of attempts counting the first, like 3 (1: no retries)'),
  backoff: {
    expected: 'none, { constant: 100ms } or { exponential: 100ms, max: 5s, multiplier: 2 }',
    explain: (raw: unknown) => `must be none or a map like { exponential: 100ms }, got ${describeValue(raw)}`,
  },
  backoffMap: mapKind('one of { constant: 100ms } or { exponential: 100ms, max: 5s, multiplier: 2 }', 'a map naming constant or exponential'),
  growth: { expected: 'a number of 1 or more like 2', explain: numberFrom(1) },
  jitter: oneOf(['none', 'full', 'equal', 'decorrelated'], 'kind of jitter'),
  budget: mapKind('a map like { ratio: 10%, earn: request, max: 10 }', 'a map with ratio'),
  earn: oneOf(['request', 'success'], 'way to earn tokens'),
  tokens: { expected: 'a number of 1 or more like 10', explain: numberFrom(1) },
  breaker: {
    expected: 'true, or a map like { window: 10s, minimumRequests: 20, errorThreshold: 50%, sleep: 5s }',
    explain: (raw: unknown) => `must be true, false or a map of breaker settings, got ${describeValue(raw)}`,
  },
  breakerMap: mapKind('a map like { window: 10s, buckets: 10, minimumRequests: 20, errorThreshold: 50%, sleep: 5s }', 'a map of breaker settings'),
  parallel: {
    expected: 'a list of two or more calls like [search, { to: ads, optional: true }]',
    explain: (raw: unknown) => {
      const problem = list('call', false)(raw);
      if (problem !== undefined || !Array.isArray(raw)) return problem;
      return raw.length < 2 ? `lists ${raw.length === 0 ? 'no calls' : 'one call'}; parallel needs two or more to run together` : undefined;
    },
  },
  parallelMap: mapKind('a map like { parallel: [search, ads] }', 'a map with parallel'),
  rateLimit: {
    expected: `${RATE_EXPECTED}, or { rate: 100/s, burst: 50 }`,
    explain: (raw: unknown) =>
      typeof raw === 'number' ? rate(raw) : `must be a rate or a map with rate and burst, got ${describeValue(raw)}`,
  },
  rateLimitMap: mapKind('a map like { rate: 100/s, burst: 50 }', 'a map with rate'),
  cache: mapKind('{ keys: 10000, ttl: 5m } or { hitRatio: 80% }', 'a map of cache settings'),
  keys: whole('a positive integer like 10000'),
  zipf: { expected: 'a number of 0 or more like 1 (0: all keys equally popular)', explain: numberFrom(0) },
  messages: mapKind('a map like { retention: 4h, maxDeliveries: 5, redeliveryDelay: 30s }, or {} for the defaults', 'a map of queue settings'),
  autoscale: mapKind('a map like { target: 60%, min: 2, max: 20 }', 'a map with target, min and max'),
  failover: mapKind('a map like { detection: 10s, switchover: 30s, staleReads: 30s }', 'a map with detection and switchover'),
} satisfies Record<string, Kind>;
