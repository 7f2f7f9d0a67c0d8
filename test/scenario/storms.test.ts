import { describe, expect, it } from 'vitest';
import { problemsOf, scenarioOf, yaml } from './helpers.js';

/**
 * Two features and two services; storm lines appended from line 9. web calls catalog, which
 * has 2 instances of 2 workers and a cache.
 */
const STORM_BASE = [
  'name: t',
  'duration: 1h',
  'features:',
  '  browse: { rate: 10/s, entry: web }',
  '  search: { rate: 5/s, entry: web }',
  'services:',
  '  web: { workers: 4, serviceTime: 1ms, calls: [catalog] }',
  '  catalog: { workers: 2, instances: 2, serviceTime: 1ms, cache: { hitRatio: 50% } }',
];
const storm = (...lines: string[]) => yaml(...STORM_BASE, ...lines);
/** The one load item at line 10. */
const load = (item: string) => scenarioOf(storm('load:', `  - ${item}`)).load;
const loadProblems = (item: string) => problemsOf(storm('load:', `  - ${item}`));
/** The one fault at line 10. */
const fault = (item: string) => scenarioOf(storm('faults:', `  - ${item}`)).faults;
const faultProblems = (item: string) => problemsOf(storm('faults:', `  - ${item}`));

describe('load forms', () => {
  it('spike: ramp sets both ramps; rampUp and rampDown separately; default 0', () => {
    expect(load('spike: { feature: browse, factor: 10, start: 5m, duration: 5m, ramp: 30s }')).toEqual([
      { kind: 'spike', features: ['browse'], startMs: 300_000, durationMs: 300_000, factor: 10, rampUpMs: 30_000, rampDownMs: 30_000 },
    ]);
    expect(load('spike: { factor: 3, start: 0s, duration: 1m, rampUp: 10s }')).toEqual([
      { kind: 'spike', features: [], startMs: 0, durationMs: 60_000, factor: 3, rampUpMs: 10_000, rampDownMs: 0 },
    ]);
    expect(load('spike: { factor: 3, start: 0s, duration: 1m, rampDown: 5s }')?.[0]).toMatchObject({ rampUpMs: 0, rampDownMs: 5_000 });
  });

  it('step: a list of features; no duration lasts to the end', () => {
    expect(load('step: { features: [browse, search], factor: 2, start: 10m, duration: 5m }')).toEqual([
      { kind: 'step', features: ['browse', 'search'], startMs: 600_000, durationMs: 300_000, factor: 2 },
    ]);
    expect(load('step: { feature: search, factor: 0.5, start: 10m }')).toEqual([
      { kind: 'step', features: ['search'], startMs: 600_000, durationMs: Infinity, factor: 0.5 },
    ]);
  });

  it('ramp with no feature applies to all ([]); daily with the default period', () => {
    expect(load('ramp: { from: 1, to: 3, start: 0s, duration: 30m }')).toEqual([
      { kind: 'ramp', features: [], startMs: 0, durationMs: 1_800_000, from: 1, to: 3 },
    ]);
    expect(load('daily: { feature: browse, min: 0.4, max: 1.2, peakAt: 20h }')).toEqual([
      { kind: 'daily', features: ['browse'], min: 0.4, max: 1.2, peakAtMs: 72_000_000, periodMs: 86_400_000 },
    ]);
    expect(load('daily: { min: 1, max: 1, peakAt: 0s, period: 1h }')?.[0]).toMatchObject({ peakAtMs: 0, periodMs: 3_600_000 });
  });

  it('keeps several items in order (they multiply on a shared feature)', () => {
    const s = scenarioOf(storm('load:', '  - step: { factor: 2, start: 1m }', '  - spike: { feature: browse, factor: 5, start: 2m, duration: 1m }'));
    expect(s.load?.map((l) => l.kind)).toEqual(['step', 'spike']);
  });

  it('leaves load, faults, shedding and propagateDeadlines out when the file has none', () => {
    const s = scenarioOf(storm());
    expect(['load', 'faults', 'shedding', 'propagateDeadlines'].filter((key) => key in s)).toEqual([]);
  });
});

describe('deadlines', () => {
  it('propagate and ignore', () => {
    expect(scenarioOf(yaml(...STORM_BASE, 'deadlines: propagate')).propagateDeadlines).toBe(true);
    expect(scenarioOf(yaml(...STORM_BASE, 'deadlines: ignore')).propagateDeadlines).toBe(false);
  });

  it('anything else, with a suggestion', () => {
    expect(problemsOf(yaml(...STORM_BASE, 'deadlines: propogate'))).toEqual([
      'x.yaml:9:12: deadlines: "propogate" is not a deadlines setting (did you mean "propagate"?)',
    ]);
    expect(problemsOf(yaml(...STORM_BASE, 'deadlines: true'))).toEqual([
      'x.yaml:9:12: deadlines: true is not a deadlines setting (one of propagate or ignore)',
    ]);
  });
});

describe('load problems', () => {
  it('an unknown, missing or doubled load kind', () => {
    expect(loadProblems('spik: { factor: 2, start: 0s, duration: 1m }')).toEqual([
      'x.yaml:10:5: load[0]: unknown load kind "spik" (did you mean "spike"?)',
    ]);
    expect(loadProblems('{}')).toEqual(['x.yaml:10:5: load[0]: names no load kind (one of spike, step, ramp, daily, replay)']);
    expect(loadProblems('{ step: { factor: 2, start: 0s }, ramp: { from: 1, to: 2, start: 0s, duration: 1m } }')).toEqual([
      'x.yaml:10:5: load[0]: names more than one load kind (step, ramp); give each its own item (one kind per item, e.g. - spike: { ... })',
    ]);
    expect(problemsOf(storm('load:', '  spike: {}'))).toEqual([
      'x.yaml:10:3: load: must be a list of load items, got a map (a list like - spike: { feature: browse, factor: 10, start: 5m, duration: 5m })',
    ]);
  });

  it('unknown features, with did-you-mean, in feature and in features', () => {
    expect(loadProblems('step: { feature: brows, factor: 2, start: 0s }')).toEqual([
      'x.yaml:10:22: load[0].step.feature: there is no feature named "brows" (did you mean "browse"?)',
    ]);
    expect(loadProblems('step: { features: [search, checkout], factor: 2, start: 0s }')).toEqual([
      'x.yaml:10:32: load[0].step.features[1]: there is no feature named "checkout" (one of the features: "browse" or "search")',
    ]);
  });

  it('feature and features together; an empty features list', () => {
    expect(loadProblems('step: { feature: browse, features: [search], factor: 2, start: 0s }')).toEqual([
      'x.yaml:10:40: load[0].step.features: names both feature and features; use one (feature: browse, or features: [browse, search])',
    ]);
    expect(loadProblems('step: { features: [], factor: 2, start: 0s }')).toEqual([
      'x.yaml:10:23: load[0].step.features: must list at least one feature name (a list of feature names like [browse, search])',
    ]);
  });

  it('ramp beside rampUp or rampDown', () => {
    expect(loadProblems('spike: { factor: 2, start: 0s, duration: 1m, ramp: 5s, rampDown: 5s }')).toEqual([
      'x.yaml:10:70: load[0].spike.rampDown: cannot be given with ramp, which sets both (ramp: 30s, or rampUp and rampDown)',
    ]);
  });

  it('negative factors, zero durations, bare numbers', () => {
    expect(loadProblems('step: { factor: -2, start: 0s, duration: 0s }')).toEqual([
      'x.yaml:10:21: load[0].step.factor: must be 0 or more, got -2 (a number like 2 or 0.5 (1: unchanged))',
      'x.yaml:10:46: load[0].step.duration: must be more than 0, got 0s (a duration like 250ms, 5s, 10m, 2h)',
    ]);
    expect(loadProblems('ramp: { from: 1, to: "3x", start: 5, duration: 1m }')).toEqual([
      'x.yaml:10:26: load[0].ramp.to: must be a number, got the text "3x" (a number like 2 or 0.5 (1: unchanged))',
      'x.yaml:10:39: load[0].ramp.start: needs a unit, got the bare number 5 (a time from the start of the run, like 0s, 5m, 1h)',
    ]);
  });

  it('a start at or after the end of the run', () => {
    expect(loadProblems('spike: { factor: 2, start: 1h, duration: 1m }')).toEqual([
      'x.yaml:10:32: load[0].spike.start: starts after the run ends (duration: 1h) (a time before 1h)',
    ]);
  });

  it('daily: max below min, peak outside the period', () => {
    expect(loadProblems('daily: { min: 2, max: 1, peakAt: 25h }')).toEqual([
      'x.yaml:10:27: load[0].daily.max: must be at least min (2), got 1 (min no more than max, e.g. { min: 0.4, max: 1.2 })',
      'x.yaml:10:38: load[0].daily.peakAt: must be less than the period (24h), got 25h (a time within one period, e.g. peakAt: 20h with period: 24h)',
    ]);
  });

  it('missing keys, pointing at the item', () => {
    expect(loadProblems('spike: { feature: browse, factor: 10 }')).toEqual([
      'x.yaml:10:5: load[0].spike: missing "start" (a time from the start of the run, like 0s, 5m, 1h)',
      'x.yaml:10:5: load[0].spike: missing "duration" (a duration like 250ms, 5s, 10m, 2h)',
    ]);
  });
});

describe('fault forms', () => {
  it('outage: fail-fast by default, or hang', () => {
    expect(fault('outage: { service: catalog, start: 10m, duration: 1m }')).toEqual([
      { kind: 'outage', service: 'catalog', startMs: 600_000, durationMs: 60_000, mode: 'fail-fast' },
    ]);
    expect(fault('outage: { service: catalog, start: 10m, duration: 1m, mode: hang }')?.[0]).toMatchObject({ mode: 'hang' });
  });

  it('latency: factor and/or add, each defaulting to no change', () => {
    expect(fault('latency: { service: web, start: 5m, duration: 20s, factor: 3 }')).toEqual([
      { kind: 'latency', service: 'web', startMs: 300_000, durationMs: 20_000, factor: 3, addMs: 0 },
    ]);
    expect(fault('latency: { service: web, start: 5m, duration: 20s, add: 200ms }')?.[0]).toMatchObject({ factor: 1, addMs: 200 });
  });

  it('errors: a percentage or a fraction', () => {
    const expected = [{ kind: 'errors', service: 'catalog', startMs: 300_000, durationMs: 120_000, rate: 0.2 }];
    expect(fault('errors: { service: catalog, start: 5m, duration: 2m, rate: 20% }')).toEqual(expected);
    expect(fault('errors: { service: catalog, start: 5m, duration: 2m, rate: 0.2 }')).toEqual(expected);
    expect(fault('errors: { service: catalog, start: 5m, duration: 2m, rate: 100% }')?.[0]).toMatchObject({ rate: 1 });
  });

  it('capacity: lose workers, or a share of instances', () => {
    expect(fault('capacity: { service: catalog, start: 5m, duration: 10m, lose: 4 }')).toEqual([
      { kind: 'capacity', service: 'catalog', startMs: 300_000, durationMs: 600_000, workers: 4, share: 0 },
    ]);
    expect(fault('capacity: { service: catalog, start: 5m, duration: 10m, share: 50% }')?.[0]).toMatchObject({ workers: 0, share: 0.5 });
  });

  it('cacheFlush is an instant; partition hangs by default', () => {
    expect(fault('cacheFlush: { service: catalog, at: 10m }')).toEqual([
      { kind: 'cache-flush', service: 'catalog', startMs: 600_000, durationMs: 0 },
    ]);
    expect(fault('partition: { from: web, to: catalog, start: 5m, duration: 1m }')).toEqual([
      { kind: 'partition', from: 'web', to: 'catalog', startMs: 300_000, durationMs: 60_000, mode: 'hang' },
    ]);
    expect(fault('partition: { from: web, to: catalog, start: 5m, duration: 1m, mode: fail-fast }')?.[0]).toMatchObject({ mode: 'fail-fast' });
  });
});

describe('fault problems', () => {
  it('unknown fault kinds and services, with did-you-mean', () => {
    expect(faultProblems('outtage: { service: web, start: 0s, duration: 1m }')).toEqual([
      'x.yaml:10:5: faults[0]: unknown fault kind "outtage" (did you mean "outage"?)',
    ]);
    expect(faultProblems('outage: { service: catalogue, start: 0s, duration: 1m }')).toEqual([
      'x.yaml:10:24: faults[0].outage.service: there is no service named "catalogue" (did you mean "catalog"?)',
    ]);
  });

  it('modes, shares and missing settings', () => {
    expect(faultProblems('outage: { service: web, start: 0s, duration: 1m, mode: crash }')).toEqual([
      'x.yaml:10:60: faults[0].outage.mode: "crash" is not a mode (one of fail-fast or hang)',
    ]);
    expect(faultProblems('latency: { service: web, start: 0s, duration: 1m }')).toEqual([
      'x.yaml:10:14: faults[0].latency: needs factor, add or both ({ factor: 3 } or { add: 200ms })',
    ]);
    const rate = (value: string) => faultProblems(`errors: { service: web, start: 0s, duration: 1m, rate: ${value} }`);
    expect(rate('0%')).toEqual(['x.yaml:10:60: faults[0].errors.rate: must be more than 0, got 0% (a share like 20% or 0.2)']);
    expect(rate('120%')).toEqual(['x.yaml:10:60: faults[0].errors.rate: must be at most 100%, got 120% (a share like 20% or 0.2)']);
    expect(rate('20')).toEqual([
      'x.yaml:10:60: faults[0].errors.rate: must be at most 1 (100%), got 20; for a percentage write 20% (a share like 20% or 0.2)',
    ]);
  });

  it('capacity: both lose and share, neither, or more workers than there are', () => {
    const capacity = (rest: string) => faultProblems(`capacity: { service: catalog, start: 0s, duration: 1m${rest} }`);
    expect(capacity(', lose: 1, share: 50%')).toEqual([
      'x.yaml:10:15: faults[0].capacity: names both lose and share; use one ({ lose: 2 } (workers) or { share: 50% } (instances))',
    ]);
    expect(capacity('')).toEqual(['x.yaml:10:15: faults[0].capacity: needs lose or share ({ lose: 2 } (workers) or { share: 50% } (instances))']);
    expect(capacity(', lose: 5')).toEqual([
      "x.yaml:10:66: faults[0].capacity.lose: must be at most the service's 4 workers (2 × 2 instances), got 5 (lose: at most workers × instances)",
    ]);
  });

  it('a cache flush on a service without a cache', () => {
    expect(faultProblems('cacheFlush: { service: web, at: 1m }')).toEqual([
      'x.yaml:10:28: faults[0].cacheFlush.service: "web" has no cache to flush (a service with a cache)',
    ]);
  });

  it('a partition needs a call from → to, and known services', () => {
    expect(faultProblems('partition: { from: catalog, to: web, start: 0s, duration: 1m }')).toEqual([
      'x.yaml:10:16: faults[0].partition: "catalog" never calls "web", so there is no call to cut (a call listed under services.catalog.calls)',
    ]);
    expect(faultProblems('partition: { from: wbe, to: catalog, start: 0s, duration: 1m }')).toEqual([
      'x.yaml:10:24: faults[0].partition.from: there is no service named "wbe" (did you mean "web"?)',
    ]);
  });

  it('a partition may cut a call inside a parallel group', () => {
    const text = storm('faults:', '  - partition: { from: web, to: catalog, start: 0s, duration: 1m }')
      .replace('calls: [catalog]', 'calls: [{ parallel: [catalog, { to: catalog, optional: true }] }]');
    expect(scenarioOf(text).faults?.[0]).toMatchObject({ kind: 'partition', from: 'web', to: 'catalog' });
  });

  it('starts after the run ends, a zero duration, a flush after the end', () => {
    expect(faultProblems('outage: { service: web, start: 2h, duration: 0s }')).toEqual([
      'x.yaml:10:36: faults[0].outage.start: starts after the run ends (duration: 1h) (a time before 1h)',
      'x.yaml:10:50: faults[0].outage.duration: must be more than 0, got 0s (a duration like 250ms, 5s, 10m, 2h)',
    ]);
    expect(faultProblems('cacheFlush: { service: catalog, at: 60m }')).toEqual([
      'x.yaml:10:41: faults[0].cacheFlush.at: starts after the run ends (duration: 1h) (a time before 1h)',
    ]);
  });
});

describe('shedding', () => {
  const dimmer = (...lines: string[]) => storm('shedding:', ...lines);

  it('utilization thresholds as percentages or fractions; default levels', () => {
    expect(scenarioOf(dimmer('  - { service: catalog, signal: utilization, above: 85%, below: 0.7, for: 10s }')).shedding).toEqual([
      { service: 'catalog', signal: 'utilization', above: 0.85, below: 0.7, forMs: 10_000, levels: ['optional', 'important'] },
    ]);
  });

  it('queue thresholds are numbers, p95 thresholds durations; shed lists its order', () => {
    const s = scenarioOf(
      dimmer(
        '  - { service: web, signal: queue, above: 50, below: 0, for: 0s, shed: [optional] }',
        '  - { service: web, signal: p95, above: 500ms, below: 200ms, for: 30s, shed: [important, optional] }',
      ),
    );
    expect(s.shedding).toEqual([
      { service: 'web', signal: 'queue', above: 50, below: 0, forMs: 0, levels: ['optional'] },
      { service: 'web', signal: 'p95', above: 500, below: 200, forMs: 30_000, levels: ['important', 'optional'] },
    ]);
  });

  it('below must be under above, in the signal\'s own terms', () => {
    expect(problemsOf(dimmer('  - { service: web, signal: utilization, above: 70%, below: 85%, for: 10s }'))).toEqual([
      'x.yaml:10:61: shedding[0].below: must be below above (70%), got 85% (below under above, e.g. above: 85%, below: 70%)',
    ]);
    expect(problemsOf(dimmer('  - { service: web, signal: p95, above: 1s, below: 1000ms, for: 10s }'))).toEqual([
      'x.yaml:10:52: shedding[0].below: must be below above (1s), got 1s (below under above, e.g. above: 500ms, below: 200ms)',
    ]);
  });

  it('a threshold of the wrong sort for its signal', () => {
    expect(problemsOf(dimmer('  - { service: web, signal: p95, above: 85%, below: 10, for: 10s }'))).toEqual([
      'x.yaml:10:41: shedding[0].above: is not a duration, got "85%" (a duration like 250ms, 5s, 10m, 2h)',
      'x.yaml:10:53: shedding[0].below: needs a unit, got the bare number 10 (a duration like 250ms, 5s, 10m, 2h)',
    ]);
    expect(problemsOf(dimmer('  - { service: web, signal: queue, above: 85%, below: 10, for: 10s }'))).toEqual([
      'x.yaml:10:43: shedding[0].above: must be a number of waiting requests, got "85%" (a number of waiting requests like 50)',
    ]);
    expect(problemsOf(dimmer('  - { service: web, signal: utilization, above: 85, below: 0.7, for: 10s }'))).toEqual([
      'x.yaml:10:49: shedding[0].above: must be at most 1 (100%), got 85; for a percentage write 85% (a share like 20% or 0.2)',
    ]);
  });

  it('core in shed, a priority twice, an unknown service or signal', () => {
    expect(problemsOf(dimmer('  - { service: web, signal: queue, above: 9, below: 1, for: 1s, shed: [core, optional, optional] }'))).toEqual([
      'x.yaml:10:72: shedding[0].shed[0]: core work is never shed (optional and/or important, e.g. [optional, important])',
      'x.yaml:10:88: shedding[0].shed[2]: lists "optional" twice (optional and/or important, e.g. [optional, important])',
    ]);
    expect(problemsOf(dimmer('  - { service: wbe, signal: queues, above: 9, below: 1, for: 1s }'))).toEqual([
      'x.yaml:10:16: shedding[0].service: there is no service named "wbe" (did you mean "web"?)',
      'x.yaml:10:29: shedding[0].signal: "queues" is not a signal (did you mean "queue"?)',
    ]);
  });
});
