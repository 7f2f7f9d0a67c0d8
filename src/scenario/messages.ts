/**
 * Plain-words messages for every kind of value a scenario file holds.
 *
 * The zod schema only decides *where* something is wrong: each schema node carries one of
 * these kind names as its error message. The translation in issues.ts then asks the kind to
 * explain the actual value. Keeping all wording here means no zod jargon can leak out, and a
 * message always describes the value the user wrote, whichever zod check tripped.
 */
import { BUSINESS_KINDS } from './messages-business.js';
import { DEFENCE_KINDS } from './messages-defences.js';
import { PRESENTATION_KINDS } from './messages-presentation.js';
import { STORM_KINDS } from './messages-storms.js';
import { type Kind, duration, list, mapOf, rate, text, wholeNumber } from './explain.js';
import { DURATION_EXPECTED, RATE_EXPECTED, describeValue } from './units.js';

export { isMap, type Kind } from './explain.js';

const DISTRIBUTION_EXAMPLES = '100ms, { exponential: 100ms } or { lognormal: { p50: 15ms, p99: 80ms } }';

const CORE_KINDS = {
  scenario: {
    expected: 'a map with name, duration, features and services',
    explain: mapOf('a map of settings such as name, duration, features and services'),
  },
  title: { expected: 'a short title, e.g. name: Checkout at peak', explain: text },
  story: { expected: 'text telling the scenario\'s story', explain: text },
  runDuration: { expected: DURATION_EXPECTED, explain: duration(false) },
  warmup: { expected: `${DURATION_EXPECTED}, shorter than duration`, explain: duration(true) },
  seed: { expected: 'a whole number of 0 or more like 1', explain: wholeNumber(0) },
  featureMap: {
    expected: 'feature names, each with a rate and an entry service, e.g. lookup: { rate: 30/s, entry: api }',
    explain: mapOf('a map of feature names to features'),
  },
  feature: {
    expected: 'a map with rate and entry, e.g. { rate: 30/s, entry: api }',
    explain: mapOf('a map with rate and entry'),
  },
  rate: { expected: RATE_EXPECTED, explain: rate },
  serviceRef: {
    expected: 'the name of a service listed under services',
    explain: (raw: unknown) =>
      typeof raw === 'string' && raw !== '' ? undefined : `must be a service name, got ${describeValue(raw)}`,
  },
  serviceMap: {
    expected: 'service names, each with workers and serviceTime, e.g. api: { workers: 4, serviceTime: 100ms }',
    explain: mapOf('a map of service names to services'),
  },
  service: {
    expected: 'a map with workers and serviceTime, e.g. { workers: 4, serviceTime: 100ms }',
    explain: mapOf('a map with workers and serviceTime'),
  },
  workers: { expected: 'a positive integer like 4', explain: wholeNumber(1) },
  queue: {
    expected: 'a whole number of 0 or more like 100; leave it out for an unlimited queue',
    explain: wholeNumber(0),
  },
  distribution: {
    expected: `a duration or a distribution, e.g. ${DISTRIBUTION_EXAMPLES}`,
    explain: (raw: unknown) =>
      typeof raw === 'number'
        ? `needs a unit, got the bare number ${raw}`
        : `must be a duration or a distribution, got ${describeValue(raw)}`,
  },
  distributionMap: {
    expected: 'one of exponential, constant, uniform, lognormal or empirical',
    explain: mapOf('a distribution'),
    keyNoun: 'distribution',
  },
  sampleDuration: { expected: 'a duration like 0ms, 15ms, 2s', explain: duration(true) },
  scaleDuration: { expected: DURATION_EXPECTED, explain: duration(false) },
  uniform: { expected: 'a map like { min: 10ms, max: 30ms }', explain: mapOf('a map with min and max') },
  lognormal: {
    expected: 'a map like { p50: 15ms, p99: 80ms } or { mean: 20ms, sd: 10ms }',
    explain: mapOf('a map with p50 and p99, or mean and sd'),
  },
  empirical: { expected: 'a list of durations like [12ms, 15ms, 40ms]', explain: list('duration', true) },
  calls: { expected: 'a list of service names like [catalog, payments]', explain: list('service name', false) },
  call: {
    expected: 'a service name, a map like { to: catalog, timeout: 1s }, or { parallel: [search, ads] }',
    explain: (raw: unknown) => `must be a service name or a map with "to" or "parallel", got ${describeValue(raw)}`,
  },
  callMap: { expected: 'a map like { to: catalog, timeout: 1s }', explain: mapOf('a map with "to"') },
} satisfies Record<string, Kind>;

export const KINDS = { ...CORE_KINDS, ...STORM_KINDS, ...DEFENCE_KINDS, ...BUSINESS_KINDS, ...PRESENTATION_KINDS } satisfies Record<string, Kind>;

export type KindName = keyof typeof KINDS;

/** Narrows a zod issue message back to the kind that raised it, if it is one. */
export function kindNamed(message: string): Kind | undefined {
  return Object.hasOwn(KINDS, message) ? (KINDS as Record<string, Kind>)[message] : undefined;
}
