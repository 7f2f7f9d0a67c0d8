/**
 * Plain-words kinds for storms (load profiles and faults), the brownout dimmer and the
 * top-level `deadlines`; see messages.ts for how kinds are used.
 */
import { type Kind, duration, list, mapKind, name, numberFrom, oneOf, share, text, wholeNumber } from './explain.js';
import { SHARE_EXPECTED, describeValue } from './units.js';

const kindList = (item: string, example: string): Kind => ({ expected: `a list like ${example}`, explain: list(item, false) });

export const STORM_KINDS = {
  deadlines: oneOf(['propagate', 'ignore'], 'deadlines setting'),
  loadList: kindList('load item', '- spike: { feature: browse, factor: 10, start: 5m, duration: 5m }'),
  loadItem: mapKind('one of spike, step, ramp, daily or replay, e.g. spike: { factor: 10, start: 5m, duration: 5m }', 'a map naming one load kind', 'load kind'),
  spike: mapKind('a map like { feature: browse, factor: 10, start: 5m, duration: 5m, ramp: 30s }', 'a map with factor, start and duration'),
  step: mapKind('a map like { features: [browse, search], factor: 2, start: 10m, duration: 5m }', 'a map with factor and start'),
  ramp: mapKind('a map like { from: 1, to: 3, start: 0s, duration: 30m }', 'a map with from, to, start and duration'),
  daily: mapKind('a map like { min: 0.4, max: 1.2, peakAt: 20h, period: 24h }', 'a map with min, max and peakAt'),
  replay: mapKind('a map like { feature: browse, file: rates.csv, start: 0s }', 'a map with file'),
  featureRef: { expected: 'the name of a feature listed under features', explain: name('feature') },
  featureList: { expected: 'a list of feature names like [browse, search]', explain: list('feature name', true) },
  multiplier: { expected: 'a number like 2 or 0.5 (1: unchanged)', explain: numberFrom(0) },
  startTime: { expected: 'a time from the start of the run, like 0s, 5m, 1h', explain: duration(true) },
  csvFile: { expected: 'a CSV file name like rates.csv, relative to the scenario file', explain: text },
  interpolate: oneOf(['step', 'linear'], 'way to interpolate'),
  faultList: kindList('fault', '- outage: { service: db, start: 10m, duration: 1m }'),
  faultItem: mapKind(
    'one of outage, latency, errors, capacity, cacheFlush or partition, e.g. outage: { service: db, start: 10m, duration: 1m }',
    'a map naming one fault kind',
    'fault kind',
  ),
  outage: mapKind('a map like { service: db, start: 10m, duration: 1m, mode: fail-fast }', 'a map with service, start and duration'),
  latencyFault: mapKind('a map like { service: db, start: 5m, duration: 20s, factor: 3 }', 'a map with service, start, duration and factor or add'),
  errorsFault: mapKind('a map like { service: payments, start: 5m, duration: 2m, rate: 20% }', 'a map with service, start, duration and rate'),
  capacity: mapKind('a map like { service: api, start: 5m, duration: 10m, lose: 2 }', 'a map with service, start, duration and lose or share'),
  cacheFlush: mapKind('a map like { service: catalog, at: 10m }', 'a map with service and at'),
  partition: mapKind('a map like { from: web, to: catalog, start: 5m, duration: 1m }', 'a map with from, to, start and duration'),
  outageMode: oneOf(['fail-fast', 'hang'], 'mode'),
  lose: { expected: 'a whole number of workers like 2', explain: wholeNumber(1) },
  share: { expected: SHARE_EXPECTED, explain: share },
  sheddingList: kindList('shedding policy', '- { service: db, signal: utilization, above: 85%, below: 70%, for: 10s }'),
  shedding: mapKind('a map like { service: db, signal: utilization, above: 85%, below: 70%, for: 10s }', 'a map with service, signal, above, below and for'),
  signal: oneOf(['utilization', 'queue', 'p95'], 'signal'),
  threshold: {
    expected: `${SHARE_EXPECTED} (utilization), a number like 50 (queue) or a duration like 300ms (p95)`,
    explain: (raw: unknown) => `must be a share, a number or a duration, got ${describeValue(raw)}`,
  },
  shedList: { expected: 'a list of priorities like [optional, important]', explain: list('priority', true) },
  priority: oneOf(['core', 'important', 'optional'], 'priority'),
} satisfies Record<string, Kind>;

