/**
 * Plain-words kinds for users and business (patience, users' own retries, conversion, value,
 * tickets, churn, SLOs), the breaks thresholds, the currency and variants; see messages.ts for
 * how kinds are used.
 */
import { type Kind, mapKind, numberFrom, text, wholeNumber } from './explain.js';
import { describeValue, parseShare } from './units.js';

const DISTRIBUTIONS = '{ exponential: 5s }, 8s or { lognormal: { p50: 3s, p99: 30s } }';

export const BUSINESS_KINDS = {
  currency: { expected: 'a currency or unit for values, e.g. currency: USD', explain: text },
  users: mapKind('a map like { patience: { p50: 3s, p95: 10s }, retry: { probability: 40%, think: 5s, max: 2 } }', 'a map of user settings'),
  patience: {
    expected: `{ p50: 3s, p95: 10s }, or a distribution like ${DISTRIBUTIONS}`,
    explain: (raw: unknown) =>
      typeof raw === 'number'
        ? `needs a unit, got the bare number ${raw}`
        : `must be a duration, { p50, p95 } or a distribution, got ${describeValue(raw)}`,
  },
  percentiles: mapKind('a map like { p50: 3s, p95: 10s }', 'a map with p50 and p95'),
  userRetry: mapKind('a map like { probability: 40%, think: { exponential: 5s }, max: 2 }', 'a map with probability, think and max'),
  retries: { expected: 'a whole number of retries like 2', explain: wholeNumber(1) },
  odds: {
    expected: 'a share like 20%, 0.2 or 0%',
    explain: (raw: unknown) => {
      const parsed = parseShare(raw, { allowZero: true });
      return parsed.ok ? undefined : parsed.message;
    },
  },
  conversion: {
    expected: 'a list of points (latency, share) like [[1s, 100%], [2s, 90%], [3s, 75%]]',
    explain: (raw: unknown) => {
      if (!Array.isArray(raw)) return `must be a list of points, got ${describeValue(raw)}`;
      return raw.length === 0 ? 'must list at least one point' : undefined;
    },
  },
  conversionPoint: {
    expected: 'a point like [2s, 90%] or { latency: 2s, share: 90% }',
    explain: (raw: unknown) =>
      Array.isArray(raw)
        ? `must be a pair [latency, share], got a list of ${raw.length}`
        : `must be a pair like [2s, 90%] or a map with latency and share, got ${describeValue(raw)}`,
  },
  conversionMap: mapKind('a map like { latency: 2s, share: 90% }', 'a map with latency and share'),
  value: {
    expected: 'a number like 40, or { success: 40, degraded: 30, stale: 35 }',
    explain: (raw: unknown) =>
      typeof raw === 'number' ? numberFrom(0)(raw) : `must be a number or a map with success, got ${describeValue(raw)}`,
  },
  valueMap: mapKind('a map like { success: 40, degraded: 30, stale: 35 }', 'a map with success'),
  amount: { expected: 'a number of 0 or more like 40', explain: numberFrom(0) },
  tickets: mapKind('a map like { failed: 2%, abandoned: 0.5%, late: 5%, lateAfter: 1h }', 'a map of chances per outcome'),
  churn: mapKind('a map like { failed: 1%, abandoned: 0.5%, lifetimeValue: 250 }', 'a map of chances per outcome'),
  slo: mapKind('a map like { success: 99.9%, within: 1s, window: 1m }', 'a map with success'),
  breaks: mapKind('a map like { saturation: 90%, sustain: 10s, abandonment: 5%, errors: 1% }', 'a map of thresholds'),
  variantMap: mapKind('variant names, each with a patch, e.g. no-retries: { patch: { ... } }', 'a map of variant names to variants'),
  variant: mapKind('a map like { description: Shed recommendations, patch: { ... } }', 'a map with patch'),
  patch: mapKind('a map of changes to the scenario, e.g. { features: { checkout: { retry: null } } }', 'a map of changes'),
} satisfies Record<string, Kind>;
