import { describe, expect, it } from 'vitest';
import type { BackoffSpec, CallSpec, FeatureSpec, ServiceSpec } from '../../src/scenario/index.js';
import { problemsOf, scenarioOf, yaml } from './helpers.js';

/** `api` last, so lines from 11 on are its keys; db and ads are there to be called. */
const DEFENCE_BASE = [
  'name: t',
  'duration: 1h',
  'features:',
  '  lookup: { rate: 30/s, entry: api }',
  'services:',
  '  db: { workers: 2, serviceTime: 1ms }',
  '  ads: { workers: 1, serviceTime: 1ms }',
  '  api:',
  '    workers: 4',
  '    serviceTime: 1ms',
];
const withApi = (...lines: string[]) => yaml(...DEFENCE_BASE, ...lines);
const api = (...lines: string[]): ServiceSpec => scenarioOf(withApi(...lines)).services[2];
/** api's calls, written from line 12 (`calls:` on line 11). */
const calls = (...lines: string[]): CallSpec[] => api('    calls:', ...lines).calls;
const callProblems = (...lines: string[]) => problemsOf(withApi('    calls:', ...lines));
/** The feature `lookup`, written on line 4. */
const feature = (settings: string): FeatureSpec => scenarioOf(withFeature(settings)).features[0];
const withFeature = (settings: string) => {
  const lines = [...DEFENCE_BASE];
  lines[3] = `  lookup: { rate: 30/s, entry: api, ${settings} }`;
  return yaml(...lines);
};

const NONE: BackoffSpec = { kind: 'none', baseMs: 0, multiplier: 1, capMs: Infinity, jitter: 'none' };

describe('call policies', () => {
  it('reads the full call form', () => {
    expect(
      calls(
        '      - to: db',
        '        timeout: 1s',
        '        retry:',
        '          attempts: 3',
        '          backoff: { exponential: 100ms, max: 5s, multiplier: 3 }',
        '          jitter: full',
        '          budget: { ratio: 10%, earn: success, max: 20 }',
        '        breaker: { window: 20s, buckets: 5, minimumRequests: 10, errorThreshold: 25%, sleep: 2s }',
        '        bulkhead: 10',
        '        optional: true',
        '        latency: { constant: 2ms }',
      ),
    ).toEqual([
      {
        to: 'db',
        latency: { kind: 'constant', value: 2 },
        timeoutMs: 1000,
        retry: {
          attempts: 3,
          backoff: { kind: 'exponential', baseMs: 100, multiplier: 3, capMs: 5000, jitter: 'full' },
          budget: { ratio: 0.1, earn: 'success', maxTokens: 20 },
        },
        breaker: { windowMs: 20_000, buckets: 5, minimumRequests: 10, errorThreshold: 0.25, sleepMs: 2000 },
        bulkhead: 10,
        optional: true,
      },
    ]);
  });

  it('backoff defaults: none (immediate), constant (cap = base), exponential (×2, no cap)', () => {
    const retry = (text: string) => calls(`      - { to: db, retry: ${text} }`)[0].retry;
    expect(retry('{ attempts: 2 }')).toEqual({ attempts: 2, backoff: NONE });
    expect(retry('{ attempts: 2, backoff: none, jitter: none }')).toEqual({ attempts: 2, backoff: NONE });
    expect(retry('{ attempts: 2, backoff: { constant: 250ms } }')?.backoff).toEqual({
      kind: 'constant', baseMs: 250, multiplier: 1, capMs: 250, jitter: 'none',
    });
    expect(retry('{ attempts: 4, backoff: { exponential: 50ms }, jitter: decorrelated }')?.backoff).toEqual({
      kind: 'exponential', baseMs: 50, multiplier: 2, capMs: Infinity, jitter: 'decorrelated',
    });
    expect(retry('{ attempts: 2, budget: { ratio: 0.1 } }')?.budget).toEqual({ ratio: 0.1, earn: 'request', maxTokens: 10 });
  });

  it('breaker: true gives the Hystrix defaults, false none; fallback makes a call optional', () => {
    const hystrix = { windowMs: 10_000, buckets: 10, minimumRequests: 20, errorThreshold: 0.5, sleepMs: 5000 };
    expect(calls('      - { to: db, breaker: true }')).toEqual([{ to: 'db', breaker: hystrix }]);
    expect(calls('      - { to: db, breaker: { sleep: 1m } }')[0].breaker).toEqual({ ...hystrix, sleepMs: 60_000 });
    expect(calls('      - { to: db, breaker: false }')).toEqual([{ to: 'db' }]);
    expect(calls('      - { to: db, fallback: "static list" }')).toEqual([{ to: 'db', optional: true }]);
    expect(calls('      - { to: db, optional: false }')).toEqual([{ to: 'db' }]);
  });

  it('parallel calls share their entry\'s step; every call in that list gets one', () => {
    expect(calls('      - db', '      - parallel: [db, { to: ads, optional: true }]', '      - ads')).toEqual([
      { to: 'db', step: 0 },
      { to: 'db', step: 1 },
      { to: 'ads', optional: true, step: 1 },
      { to: 'ads', step: 2 },
    ]);
  });

  it('lists without parallel keep the old form: no steps', () => {
    expect(calls('      - db', '      - { to: ads, timeout: 1s }')).toEqual([{ to: 'db' }, { to: 'ads', timeoutMs: 1000 }]);
  });
});

describe('call policy problems', () => {
  it('a budget with attempts: 1', () => {
    expect(callProblems('      - { to: db, retry: { attempts: 1, budget: { ratio: 10% } } }')).toEqual([
      'x.yaml:12:49: services.api.calls[0].retry.budget: a budget limits retries, but attempts: 1 makes none (attempts: 2 or more, or no budget)',
    ]);
  });

  // The model ignored these jitters: without a backoff every wait was 0, and decorrelated
  // jitter over a constant backoff always waited the constant (capped at it).
  it('jitter without a backoff to randomise', () => {
    expect(callProblems('      - { to: db, retry: { attempts: 3, jitter: full } }')).toEqual([
      'x.yaml:12:49: services.api.calls[0].retry.jitter: full jitter needs a backoff to randomise; with none, every retry goes at once (a backoff such as backoff: { exponential: 100ms } beside the jitter, or no jitter)',
    ]);
    expect(problemsOf(withFeature('retry: { attempts: 3, backoff: none, jitter: equal }'))).toEqual([
      'x.yaml:4:82: features.lookup.retry.jitter: equal jitter needs a backoff to randomise; with none, every retry goes at once (a backoff such as backoff: { exponential: 100ms } beside the jitter, or no jitter)',
    ]);
  });

  it('decorrelated jitter needs exponential backoff, and uses no multiplier', () => {
    expect(callProblems('      - { to: db, retry: { attempts: 3, backoff: { constant: 250ms }, jitter: decorrelated } }')).toEqual([
      'x.yaml:12:79: services.api.calls[0].retry.jitter: decorrelated jitter needs exponential backoff; with constant backoff every wait is the constant (250ms) (backoff: { exponential: 250ms, max: 5s } with decorrelated jitter, or jitter: full or equal)',
    ]);
    expect(callProblems('      - { to: db, retry: { attempts: 3, backoff: { exponential: 100ms, multiplier: 3 }, jitter: decorrelated } }')).toEqual([
      'x.yaml:12:84: services.api.calls[0].retry.backoff.multiplier: does not apply with decorrelated jitter, which draws each wait between the first and 3 times the last (no multiplier with jitter: decorrelated, or jitter: full or equal)',
    ]);
    const ok = calls('      - { to: db, retry: { attempts: 3, backoff: { constant: 250ms }, jitter: equal } }');
    expect(ok[0].retry?.backoff).toEqual({ kind: 'constant', baseMs: 250, multiplier: 1, capMs: 250, jitter: 'equal' });
  });

  it('attempts, jitter and backoff of the wrong sort', () => {
    expect(callProblems('      - { to: db, retry: { attempts: 0, jitter: ful, backoff: linear } }')).toEqual([
      'x.yaml:12:38: services.api.calls[0].retry.attempts: must be a whole number of at least 1, got 0 (a whole number of attempts counting the first, like 3 (1: no retries))',
      'x.yaml:12:49: services.api.calls[0].retry.jitter: "ful" is not a kind of jitter (did you mean "full"?)',
      'x.yaml:12:63: services.api.calls[0].retry.backoff: must be none or a map like { exponential: 100ms }, got "linear" (none, { constant: 100ms } or { exponential: 100ms, max: 5s, multiplier: 2 })',
    ]);
  });

  it('backoff maps: one kind, exponential-only keys, max at least the first wait', () => {
    const backoff = (text: string) => callProblems(`      - { to: db, retry: { attempts: 2, backoff: ${text} } }`);
    expect(backoff('{ constant: 1s, exponential: 1s }')).toEqual([
      'x.yaml:12:50: services.api.calls[0].retry.backoff: names both constant and exponential; use one (one of { constant: 100ms } or { exponential: 100ms, max: 5s })',
    ]);
    expect(backoff('{ constant: 1s, max: 2s }')).toEqual([
      'x.yaml:12:71: services.api.calls[0].retry.backoff.max: only applies to exponential backoff ({ exponential: 100ms, multiplier: 2, max: 5s })',
    ]);
    expect(backoff('{ exponential: 1s, max: 500ms }')).toEqual([
      'x.yaml:12:74: services.api.calls[0].retry.backoff.max: must be at least the first wait (1s), got 500ms (max at least the exponential wait, e.g. { exponential: 100ms, max: 5s })',
    ]);
    expect(backoff('{ exponential: 1s, multiplier: 0.5 }')).toEqual([
      'x.yaml:12:81: services.api.calls[0].retry.backoff.multiplier: must be 1 or more, got 0.5 (a number of 1 or more like 2)',
    ]);
  });

  it('breaker errorThreshold outside (0, 100%]; a breaker of the wrong sort', () => {
    expect(callProblems('      - { to: db, breaker: { errorThreshold: 0 } }')).toEqual([
      'x.yaml:12:46: services.api.calls[0].breaker.errorThreshold: must be more than 0, got 0 (a share like 20% or 0.2)',
    ]);
    expect(callProblems('      - { to: db, breaker: { errorThreshold: 150% } }')).toEqual([
      'x.yaml:12:46: services.api.calls[0].breaker.errorThreshold: must be at most 100%, got 150% (a share like 20% or 0.2)',
    ]);
    expect(callProblems('      - { to: db, breaker: yes }')).toEqual([
      'x.yaml:12:28: services.api.calls[0].breaker: must be true, false or a map of breaker settings, got "yes" (true, or a map like { window: 10s, minimumRequests: 20, errorThreshold: 50%, sleep: 5s })',
    ]);
  });

  it('zero timeouts and bulkheads; optional: false beside a fallback', () => {
    expect(callProblems('      - { to: db, timeout: 0s, bulkhead: 0 }')).toEqual([
      'x.yaml:12:28: services.api.calls[0].timeout: must be more than 0, got 0s (a duration like 250ms, 5s, 10m, 2h)',
      'x.yaml:12:42: services.api.calls[0].bulkhead: must be a whole number of at least 1, got 0 (a positive integer like 10: attempts in flight at once)',
    ]);
    expect(callProblems('      - { to: db, optional: false, fallback: cached }')).toEqual([
      'x.yaml:12:29: services.api.calls[0].optional: is false, but a fallback makes the call optional (optional: true, or no fallback)',
    ]);
  });

  it('parallel: fewer than two calls; problems inside it; unknown services and loops through it', () => {
    expect(callProblems('      - parallel: [db]')).toEqual([
      'x.yaml:12:19: services.api.calls[0].parallel: lists one call; parallel needs two or more to run together (a list of two or more calls like [search, { to: ads, optional: true }])',
    ]);
    expect(callProblems('      - parallel: [db, { to: ads, timout: 1s }]')).toEqual([
      'x.yaml:12:35: services.api.calls[0].parallel[1]: unknown key "timout" (did you mean "timeout"?)',
    ]);
    expect(callProblems('      - parallel: [db, { to: adds }, api]')).toEqual([
      'x.yaml:12:30: services.api.calls[0].parallel[1].to: there is no service named "adds" (did you mean "ads"?)',
      'x.yaml:12:38: services.api.calls[0].parallel[2]: "api" calls itself: api -> api (calls that never lead back to a service already waiting in the chain)',
    ]);
  });
});

describe('features', () => {
  it('priority, rate limit (burst defaults to one second\'s worth, at least 1) and the client policy', () => {
    expect(feature('priority: optional, rateLimit: 100/s, timeout: 2s, retry: { attempts: 3 }')).toEqual({
      name: 'lookup',
      ratePerMs: 0.03,
      entry: 'api',
      priority: 'optional',
      rateLimit: { ratePerMs: 0.1, burst: 100 },
      client: { timeoutMs: 2000, retry: { attempts: 3, backoff: NONE } },
    });
    expect(feature('rateLimit: 30/min').rateLimit).toEqual({ ratePerMs: 0.0005, burst: 1 });
    expect(feature('rateLimit: { rate: 100/s, burst: 50 }').rateLimit).toEqual({ ratePerMs: 0.1, burst: 50 });
    expect(feature('breaker: true, bulkhead: 5, fallback: later').client).toMatchObject({ bulkhead: 5, optional: true });
  });

  it('a feature without client settings has no client', () => {
    expect('client' in feature('priority: core')).toBe(false);
  });

  it('bad priorities, bursts below 1, rate limits of the wrong sort', () => {
    expect(problemsOf(withFeature('priority: high'))).toEqual([
      'x.yaml:4:47: features.lookup.priority: "high" is not a priority (one of core, important or optional)',
    ]);
    expect(problemsOf(withFeature('rateLimit: { rate: 10/s, burst: 0.5 }'))).toEqual([
      'x.yaml:4:69: features.lookup.rateLimit.burst: must be 1 or more, got 0.5 (a number of 1 or more like 10)',
    ]);
    expect(problemsOf(withFeature('rateLimit: 100'))).toEqual([
      'x.yaml:4:48: features.lookup.rateLimit: needs a unit of time, got the bare number 100 (a rate like 30/s, 1800/min, 100000/h, or { rate: 100/s, burst: 50 })',
    ]);
  });
});

describe('services', () => {
  it('instances, discipline, maxWait, cost', () => {
    expect(api('    instances: 3', '    discipline: lifo', '    maxWait: 2s', '    costPerHour: 0')).toMatchObject({
      instances: 3, discipline: 'lifo', maxWaitMs: 2000, costPerHour: 0,
    });
  });

  it('cache: keyspace mode and hit-ratio mode, with defaults', () => {
    expect(api('    cache: { keys: 10000, ttl: 5m }').cache).toEqual({ keys: 10_000, ttlMs: 300_000, zipf: 1, warmMs: 0, serveStaleMs: 0 });
    expect(api('    cache: { keys: 10, ttl: 1s, zipf: 0, serveStale: 10m }').cache).toEqual({
      keys: 10, ttlMs: 1000, zipf: 0, warmMs: 0, serveStaleMs: 600_000,
    });
    expect(api('    cache: { hitRatio: 80% }').cache).toEqual({ hitRatio: 0.8, warmMs: 60_000, zipf: 0, ttlMs: 0, serveStaleMs: 0 });
    expect(api('    cache: { hitRatio: 0.8, warm: 0s, serveStale: 1m }').cache).toMatchObject({ warmMs: 0, serveStaleMs: 60_000 });
  });

  it('messages, autoscale and failover, with defaults', () => {
    expect(api('    messages: {}').messaging).toEqual({ retentionMs: Infinity, maxDeliveries: 5, redeliveryDelayMs: 0 });
    expect(api('    messages: { retention: 4h, maxDeliveries: 3, redeliveryDelay: 30s }').messaging).toEqual({
      retentionMs: 14_400_000, maxDeliveries: 3, redeliveryDelayMs: 30_000,
    });
    expect(api('    instances: 2', '    autoscale: { target: 60%, min: 2, max: 20 }').autoscale).toEqual({
      target: 0.6, min: 2, max: 20, evaluateMs: 30_000, startupMs: 60_000, cooldownMs: 300_000,
    });
    expect(api('    failover: { detection: 10s, switchover: 30s }').failover).toEqual({ detectionMs: 10_000, switchoverMs: 30_000, staleReadsMs: 0 });
  });

  it('a message consumer may be a feature\'s entry', () => {
    expect(api('    messages: { retention: 1h }').messaging?.retentionMs).toBe(3_600_000);
  });

  it('cache: both modes, neither, keys without ttl, settings of the other mode, on a message consumer', () => {
    expect(problemsOf(withApi('    cache: { hitRatio: 80%, keys: 10 }'))).toEqual([
      'x.yaml:11:12: services.api.cache: names both keys and hitRatio; use one mode ({ keys: 10000, ttl: 5m } or { hitRatio: 80% })',
    ]);
    expect(problemsOf(withApi('    cache: { serveStale: 1m }'))).toEqual([
      'x.yaml:11:12: services.api.cache: needs keys (with ttl) or hitRatio ({ keys: 10000, ttl: 5m } or { hitRatio: 80% })',
    ]);
    expect(problemsOf(withApi('    cache: { keys: 10, warm: 1m }'))).toEqual([
      'x.yaml:11:12: services.api.cache: needs a ttl with keys (how long an entry stays fresh, e.g. { keys: 10000, ttl: 5m })',
      'x.yaml:11:30: services.api.cache.warm: only applies with hitRatio: a keyspace cache warms up as misses refill its keys ({ keys: 10000, ttl: 5m } or { hitRatio: 80% })',
    ]);
    expect(problemsOf(withApi('    cache: { hitRatio: 80%, ttl: 1m }'))).toEqual([
      'x.yaml:11:34: services.api.cache.ttl: only applies with keys (keyspace mode) ({ keys: 10000, ttl: 5m } or { hitRatio: 80% })',
    ]);
    expect(problemsOf(withApi('    messages: {}', '    cache: { hitRatio: 80% }'))).toEqual([
      'x.yaml:12:5: services.api.cache: a service that consumes messages cannot have a cache (a cache on a service that answers calls, or no messages)',
    ]);
  });

  it('autoscale: min above max, instances outside [min, max], default instances below min', () => {
    expect(problemsOf(withApi('    autoscale: { target: 60%, min: 5, max: 3 }'))).toEqual([
      'x.yaml:11:44: services.api.autoscale.max: must be at least min (5), got 3 (min no more than max, e.g. { min: 2, max: 20 })',
    ]);
    expect(problemsOf(withApi('    instances: 30', '    autoscale: { target: 60%, min: 2, max: 20 }'))).toEqual([
      "x.yaml:11:16: services.api.instances: must be within autoscale's min and max (2 to 20), got 30 (instances inside the autoscale range, or a wider range)",
    ]);
    expect(problemsOf(withApi('    autoscale: { target: 60%, min: 2, max: 20 }'))).toEqual([
      "x.yaml:11:36: services.api.autoscale.min: is more than the service's instances (1, the default) (instances: 2 (or up to 20) beside autoscale)",
    ]);
    expect(problemsOf(withApi('    autoscale: { target: 0%, min: 1, max: 2, evaluate: 0s }'))).toEqual([
      'x.yaml:11:26: services.api.autoscale.target: must be more than 0, got 0% (a share like 20% or 0.2)',
      'x.yaml:11:56: services.api.autoscale.evaluate: must be more than 0, got 0s (a duration like 250ms, 5s, 10m, 2h)',
    ]);
  });

  it('other settings of the wrong sort', () => {
    expect(problemsOf(withApi('    instances: 0', '    discipline: lifoo', '    maxWait: 0s', '    costPerHour: -1', '    failover: { detection: 1s }'))).toEqual([
      'x.yaml:11:16: services.api.instances: must be a whole number of at least 1, got 0 (a positive integer like 3)',
      'x.yaml:12:17: services.api.discipline: "lifoo" is not a queue discipline (did you mean "lifo"?)',
      'x.yaml:13:14: services.api.maxWait: must be more than 0, got 0s (a duration like 250ms, 5s, 10m, 2h)',
      'x.yaml:14:18: services.api.costPerHour: must be 0 or more, got -1 (a number of 0 or more like 0.12)',
      'x.yaml:15:5: services.api.failover: missing "switchover" (a duration like 0ms, 15ms, 2s)',
    ]);
  });
});
