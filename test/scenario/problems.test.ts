import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';
import { BASE, problemsOf, withLine, yaml } from './helpers.js';

const DURATION = '(a duration like 250ms, 5s, 10m, 2h)';
const RATE = '(a rate like 30/s, 1800/min, 100000/h)';
const LOOP = '(calls that never lead back to a service already waiting in the chain)';

describe('duplicate keys', () => {
  it('points at the repeated key, in block and flow maps', () => {
    expect(problemsOf(withLine(7, '    workers: 4', '    workers: 5'))).toEqual([
      'x.yaml:8:5: services.api: repeats the key "workers" (each key only once per map; the first one counts)',
    ]);
    expect(problemsOf(withLine(4, '  lookup: { rate: 30/s, entry: api, rate: 1/s }'))).toEqual([
      'x.yaml:4:37: features.lookup: repeats the key "rate" (each key only once per map; the first one counts)',
    ]);
  });

  it('reports a repeated top-level key and a repeated service name', () => {
    expect(problemsOf(yaml('name: a', ...BASE, '  api: { workers: 1, serviceTime: 1ms }'))).toEqual([
      'x.yaml:2:1: repeats the key "name" (each key only once per map; the first one counts)',
      'x.yaml:10:3: services: repeats the key "api" (each key only once per map; the first one counts)',
    ]);
  });
});

describe('unknown keys', () => {
  it('names the key, points at it, suggests the near miss, and does not also say it is missing', () => {
    expect(problemsOf(withLine(4, '  lookup: { rat: 30/s, entry: api }'))).toEqual([
      'x.yaml:4:13: features.lookup: unknown key "rat" (did you mean "rate"?)',
    ]);
    expect(problemsOf(withLine(7, '    wrkers: 4'))).toEqual([
      'x.yaml:7:5: services.api: unknown key "wrkers" (did you mean "workers"?)',
    ]);
    expect(problemsOf(withLine(2, 'durration: 1h'))).toEqual([
      'x.yaml:2:1: unknown key "durration" (did you mean "duration"?)',
    ]);
  });

  it('ignores case and separators when suggesting', () => {
    expect(problemsOf(withLine(8, '    service_time: 100ms'))).toEqual([
      'x.yaml:8:5: services.api: unknown key "service_time" (did you mean "serviceTime"?)',
    ]);
  });

  it('lists what is allowed when nothing is close', () => {
    expect(problemsOf(withLine(4, '  lookup: { rate: 30/s, entry: api, colour: red }'))).toEqual([
      'x.yaml:4:37: features.lookup: unknown key "colour" (one of "rate", "entry", "priority", "rateLimit", "timeout", "retry", "breaker", "bulkhead", "optional", "fallback", ...)',
    ]);
    expect(problemsOf(withLine(8, '    serviceTime: { lognormal: { spread: 1ms } }'))).toEqual([
      'x.yaml:8:33: services.api.serviceTime.lognormal: unknown key "spread" (one of "p50", "p99", "mean" or "sd")',
    ]);
  });

  it('calls an unknown distribution a distribution', () => {
    expect(problemsOf(withLine(8, '    serviceTime: { expo: 100ms }'))).toEqual([
      'x.yaml:8:20: services.api.serviceTime: unknown distribution "expo" (did you mean "exponential"?)',
    ]);
    expect(problemsOf(withLine(8, '    serviceTime: { lognormal: { p5: 1ms, p99: 3ms } }'))).toEqual([
      'x.yaml:8:33: services.api.serviceTime.lognormal: unknown key "p5" (did you mean "p50"?)',
    ]);
  });

  it('reports unknown keys in the object form of a call', () => {
    expect(problemsOf(withLine(8, '    serviceTime: 1ms', '    calls: [{ to: db, timout: 1s }]', '  db: { workers: 1, serviceTime: 1ms }'))).toEqual([
      'x.yaml:9:23: services.api.calls[0]: unknown key "timout" (did you mean "timeout"?)',
    ]);
  });
});

describe('unknown service names', () => {
  it('in an entry, with a suggestion', () => {
    expect(problemsOf(withLine(4, '  lookup: { rate: 30/s, entry: ap }'))).toEqual([
      'x.yaml:4:32: features.lookup.entry: there is no service named "ap" (did you mean "api"?)',
    ]);
  });

  it('in an entry, listing the services when nothing is close', () => {
    expect(problemsOf(withLine(4, '  lookup: { rate: 30/s, entry: billing }'))).toEqual([
      'x.yaml:4:32: features.lookup.entry: there is no service named "billing" (one of the services: "api")',
    ]);
  });

  it('in calls, both the name form and the object form', () => {
    const text = withLine(8, '    serviceTime: 1ms', '    calls: [dbb, { to: dx }]', '  db: { workers: 1, serviceTime: 1ms }');
    expect(problemsOf(text)).toEqual([
      'x.yaml:9:13: services.api.calls[0]: there is no service named "dbb" (did you mean "db"?)',
      'x.yaml:9:24: services.api.calls[1].to: there is no service named "dx" (did you mean "db"?)',
    ]);
  });
});

describe('zero, negative and fractional numbers', () => {
  it('workers: zero, negative, fractional, quoted', () => {
    const expected = (got: string) => [
      `x.yaml:7:14: services.api.workers: must be a whole number of at least 1, got ${got} (a positive integer like 4)`,
    ];
    expect(problemsOf(withLine(7, '    workers: 0'))).toEqual(expected('0'));
    expect(problemsOf(withLine(7, '    workers: -2'))).toEqual(expected('-2'));
    expect(problemsOf(withLine(7, '    workers: 2.5'))).toEqual(expected('2.5'));
    expect(problemsOf(withLine(7, '    workers: "4"'))).toEqual(expected('the text "4"'));
  });

  it('rates of zero or less', () => {
    expect(problemsOf(withLine(4, '  lookup: { rate: 0/s, entry: api }'))).toEqual([
      `x.yaml:4:19: features.lookup.rate: must be more than 0, got 0/s ${RATE}`,
    ]);
    expect(problemsOf(withLine(4, '  lookup: { rate: -5/s, entry: api }'))).toEqual([
      `x.yaml:4:19: features.lookup.rate: must not be negative, got -5/s ${RATE}`,
    ]);
  });

  it('durations of zero or less', () => {
    expect(problemsOf(withLine(2, 'duration: 0s'))).toEqual([`x.yaml:2:11: duration: must be more than 0, got 0s ${DURATION}`]);
    expect(problemsOf(withLine(2, 'duration: -1h'))).toEqual([`x.yaml:2:11: duration: must not be negative, got -1h ${DURATION}`]);
    expect(problemsOf(withLine(8, '    serviceTime: -5ms'))).toEqual([
      'x.yaml:8:18: services.api.serviceTime: must not be negative, got -5ms (a duration like 0ms, 15ms, 2s)',
    ]);
    expect(problemsOf(withLine(8, '    serviceTime: { lognormal: { p50: 0ms, p99: 80ms } }'))).toEqual([
      `x.yaml:8:38: services.api.serviceTime.lognormal.p50: must be more than 0, got 0ms ${DURATION}`,
    ]);
  });

  it('queue and seed below zero', () => {
    expect(problemsOf(withLine(8, '    serviceTime: 1ms', '    queue: -1'))).toEqual([
      'x.yaml:9:12: services.api.queue: must be a whole number of 0 or more, got -1 (a whole number of 0 or more like 100; leave it out for an unlimited queue)',
    ]);
    expect(problemsOf(withLine(1, 'name: t', 'seed: -1'))).toEqual([
      'x.yaml:2:7: seed: must be a whole number of 0 or more, got -1 (a whole number of 0 or more like 1)',
    ]);
  });
});

describe('units', () => {
  it('bare numbers', () => {
    expect(problemsOf(withLine(2, 'duration: 5'))).toEqual([`x.yaml:2:11: duration: needs a unit, got the bare number 5 ${DURATION}`]);
    expect(problemsOf(withLine(4, '  lookup: { rate: 30, entry: api }'))).toEqual([
      `x.yaml:4:19: features.lookup.rate: needs a unit of time, got the bare number 30 ${RATE}`,
    ]);
    expect(problemsOf(withLine(8, '    serviceTime: 100'))[0]).toBe(
      'x.yaml:8:18: services.api.serviceTime: needs a unit, got the bare number 100 (a duration or a distribution, e.g. 100ms, { exponential: 100ms } or { lognormal: { p50: 15ms, p99: 80ms } })',
    );
    expect(problemsOf(withLine(8, '    serviceTime: { exponential: 100 }'))).toEqual([
      'x.yaml:8:33: services.api.serviceTime.exponential: needs a unit, got the bare number 100 (a duration like 0ms, 15ms, 2s)',
    ]);
  });

  it('unknown or misplaced units', () => {
    expect(problemsOf(withLine(2, 'duration: 5 sec'))).toEqual([`x.yaml:2:11: duration: has an unknown unit "sec" in "5 sec" ${DURATION}`]);
    expect(problemsOf(withLine(2, 'duration: soon'))).toEqual([`x.yaml:2:11: duration: is not a duration, got "soon" ${DURATION}`]);
    expect(problemsOf(withLine(4, '  lookup: { rate: 30/sec, entry: api }'))).toEqual([
      `x.yaml:4:19: features.lookup.rate: has an unknown unit "/sec" in "30/sec" ${RATE}`,
    ]);
    expect(problemsOf(withLine(4, '  lookup: { rate: 30s, entry: api }'))).toEqual([
      `x.yaml:4:19: features.lookup.rate: needs a slash before the unit, got "30s" ${RATE}`,
    ]);
  });
});

describe('empty files and YAML syntax errors', () => {
  it.each(['', '\n\n', '# just a comment\n', '~\n'])('reports an empty file: %j', (text) => {
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(/^x\.yaml:1:1: the file (is empty|holds no settings) \(a scenario with name, duration, features and services\)$/),
    ]);
  });

  it('a file that is a list rather than a map', () => {
    expect(problemsOf('- name: t\n')).toEqual([
      'x.yaml:1:1: must be a map of settings such as name, duration, features and services, got a list (a map with name, duration, features and services)',
    ]);
  });

  it('unclosed quote, unclosed list, tab indentation, misaligned key', () => {
    expect(problemsOf(withLine(1, 'name: "t'))).toEqual([
      'x.yaml:9:1: has text in "quotes" that is never closed (a closing " at the end of the text)',
    ]);
    expect(problemsOf(withLine(8, '    serviceTime: 1ms', '    calls: [db', '  db: { workers: 1, serviceTime: 1ms }'))).toEqual([
      'x.yaml:10:3: has a list opened with "[" that is never closed (a closing "]", or the following lines indented further)',
    ]);
    expect(problemsOf(withLine(7, '\tworkers: 4'))).toEqual(['x.yaml:7:1: uses a tab to indent (spaces for indentation)']);
    expect(problemsOf(withLine(8, '   serviceTime: 100ms'))).toEqual([
      'x.yaml:8:1: the indentation is off here (items of one map or list lined up in the same column)',
    ]);
  });

  it('a missing colon', () => {
    expect(problemsOf(withLine(7, '    workers 4'))).toEqual([
      'x.yaml:7:5: has a line that is not "key: value" (a key, a ":" and a space, then the value, on one line)',
    ]);
  });
});

describe('missing required fields', () => {
  it('at the top level, pointing at the start of the file', () => {
    expect(problemsOf(yaml('features:', '  lookup: { rate: 30/s, entry: api }'))).toEqual([
      'x.yaml:1:1: missing "name" (a short title, e.g. name: Checkout at peak)',
      `x.yaml:1:1: missing "duration" ${DURATION}`,
      'x.yaml:1:1: missing "services" (service names, each with workers and serviceTime, e.g. api: { workers: 4, serviceTime: 100ms })',
    ]);
  });

  it('in a feature and a service, pointing at the map that lacks them', () => {
    expect(problemsOf(withLine(4, '  lookup: { rate: 30/s }', '  other:', '    entry: api'))).toEqual([
      'x.yaml:4:3: features.lookup: missing "entry" (the name of a service listed under services)',
      `x.yaml:5:3: features.other: missing "rate" ${RATE}`,
    ]);
    expect(problemsOf(withLine(7, '    queue: 5'))).toEqual([
      'x.yaml:6:3: services.api: missing "workers" (a positive integer like 4)',
    ]);
  });

  it('empty values and empty maps', () => {
    expect(problemsOf(withLine(7, '    workers:'))).toEqual(['x.yaml:7:5: services.api.workers: has no value (a positive integer like 4)']);
    expect(problemsOf(withLine(5, 'services: {}', ...[]).replace(/ {2}api:\n.*\n.*\n/, ''))).toEqual([
      'x.yaml:4:32: features.lookup.entry: there is no service named "api" (a service listed under services)',
      'x.yaml:5:11: services: must list at least one service (service names, each with workers and serviceTime, e.g. api: { workers: 4, serviceTime: 100ms })',
    ]);
  });
});

describe('distribution rules', () => {
  const at8 = (text: string) => problemsOf(withLine(8, `    serviceTime: ${text}`));

  it('uniform needs min below max', () => {
    expect(at8('{ uniform: { min: 30ms, max: 10ms } }')).toEqual([
      'x.yaml:8:47: services.api.serviceTime.uniform.max: must be more than min (30ms), got 10ms (a range like { min: 10ms, max: 30ms })',
    ]);
  });

  it('log-normal needs p99 above p50, one complete pair', () => {
    expect(at8('{ lognormal: { p50: 30ms, p99: 10ms } }')).toEqual([
      'x.yaml:8:49: services.api.serviceTime.lognormal.p99: must be more than p50 (30ms), got 10ms (p99 above p50, e.g. { p50: 15ms, p99: 80ms })',
    ]);
    const pairs = '(a map like { p50: 15ms, p99: 80ms } or { mean: 20ms, sd: 10ms })';
    expect(at8('{ lognormal: { p50: 30ms } }')).toEqual([`x.yaml:8:31: services.api.serviceTime.lognormal: needs both p50 and p99 ${pairs}`]);
    expect(at8('{ lognormal: { p50: 30ms, sd: 1ms } }')).toEqual([
      `x.yaml:8:31: services.api.serviceTime.lognormal: mixes p50/p99 with mean/sd; use one pair ${pairs}`,
    ]);
  });

  it('exactly one distribution per map; empirical not empty', () => {
    expect(at8('{ exponential: 1ms, constant: 2ms }')).toEqual([
      'x.yaml:8:18: services.api.serviceTime: names more than one distribution (exponential, constant) (exactly one, e.g. { exponential: 100ms })',
    ]);
    expect(at8('{}')).toEqual([
      'x.yaml:8:18: services.api.serviceTime: names no distribution (one of exponential, constant, uniform, lognormal or empirical)',
    ]);
    expect(at8('{ empirical: [] }')).toEqual([
      'x.yaml:8:31: services.api.serviceTime.empirical: must list at least one duration (a list of durations like [12ms, 15ms, 40ms])',
    ]);
  });
});

describe('whole-file rules', () => {
  it('warmup must be shorter than duration', () => {
    const expected = (got: string) => [
      `x.yaml:2:9: warmup: must be shorter than the duration (1h), got ${got} (a warm-up shorter than the run, e.g. warmup: 5m with duration: 2h)`,
    ];
    expect(problemsOf(withLine(1, 'name: t', 'warmup: 1h'))).toEqual(expected('1h'));
    expect(problemsOf(withLine(1, 'name: t', 'warmup: 90m'))).toEqual(expected('90m'));
  });

  it('names a two-service loop a -> b -> a at the call that closes it', () => {
    const text = yaml(
      'name: t',
      'duration: 1h',
      'features: { f: { rate: 1/s, entry: a } }',
      'services:',
      '  a: { workers: 1, serviceTime: 1ms, calls: [b] }',
      '  b: { workers: 1, serviceTime: 1ms, calls: [c, a] }',
      '  c: { workers: 1, serviceTime: 1ms }',
    );
    expect(problemsOf(text)).toEqual([`x.yaml:6:49: services.b.calls[1]: these calls go round in a loop: a -> b -> a ${LOOP}`]);
  });

  it('names a self-call and a longer loop', () => {
    const text = yaml(
      'name: t',
      'duration: 1h',
      'features: { f: { rate: 1/s, entry: a } }',
      'services:',
      '  a: { workers: 1, serviceTime: 1ms, calls: [a, { to: b }] }',
      '  b: { workers: 1, serviceTime: 1ms, calls: [c] }',
      '  c: { workers: 1, serviceTime: 1ms, calls: [a] }',
    );
    expect(problemsOf(text)).toEqual([
      `x.yaml:5:46: services.a.calls[0]: "a" calls itself: a -> a ${LOOP}`,
      `x.yaml:7:46: services.c.calls[0]: these calls go round in a loop: a -> b -> c -> a ${LOOP}`,
    ]);
  });
});

describe('several problems at once', () => {
  it('reports every problem in one pass, sorted by position', () => {
    const text = yaml(
      'name: t',
      'duration: 5',
      'warmup: 10m',
      'features:',
      '  lookup: { rat: 30/s, entry: ap }',
      'services:',
      '  api:',
      '    workers: 0',
      '    serviceTime: { expo: 100ms }',
      '    calls: [api]',
    );
    expect(problemsOf(text)).toEqual([
      `x.yaml:2:11: duration: needs a unit, got the bare number 5 ${DURATION}`,
      'x.yaml:5:13: features.lookup: unknown key "rat" (did you mean "rate"?)',
      'x.yaml:5:31: features.lookup.entry: there is no service named "ap" (did you mean "api"?)',
      'x.yaml:8:14: services.api.workers: must be a whole number of at least 1, got 0 (a positive integer like 4)',
      'x.yaml:9:20: services.api.serviceTime: unknown distribution "expo" (did you mean "exponential"?)',
      `x.yaml:10:13: services.api.calls[0]: "api" calls itself: api -> api ${LOOP}`,
    ]);
  });

  it('returns structured problems with 1-based positions and the file name', () => {
    const result = parseScenario(withLine(7, '    workers: 0'), 'scenarios/x.yaml');
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          file: 'scenarios/x.yaml',
          line: 7,
          col: 14,
          path: 'services.api.workers',
          message: 'must be a whole number of at least 1, got 0',
          expected: 'a positive integer like 4',
        },
      ],
    });
  });
});

describe('odd YAML', () => {
  it('reports aliases without anchors, self-referencing anchors and __proto__', () => {
    expect(problemsOf(withLine(8, '    serviceTime: *slow'))).toEqual([
      'x.yaml:8:18: services.api.serviceTime: uses *slow but no anchor &slow is set before it',
    ]);
    expect(problemsOf(withLine(6, '  __proto__: { workers: 1, serviceTime: 1ms }', '  api:'))).toEqual([
      'x.yaml:6:3: services: "__proto__" cannot be used as a key (plain names like api or checkout)',
    ]);
  });

  it('rejects names that would make paths ambiguous', () => {
    expect(problemsOf(withLine(6, '  "my api":'))).toContain(
      'x.yaml:6:3: services: "my api" cannot be used as a name (a name of letters, digits, - and _, starting with a letter or digit)',
    );
  });
});

describe('typos do not hide real omissions', () => {
  it('still reports a missing key when the unknown key is not a misspelling of it', () => {
    expect(problemsOf(withLine(4, '  lookup: { rate: 30/s, colour: red }'))).toEqual([
      'x.yaml:4:3: features.lookup: missing "entry" (the name of a service listed under services)',
      'x.yaml:4:25: features.lookup: unknown key "colour" (one of "rate", "entry", "priority", "rateLimit", "timeout", "retry", "breaker", "bulkhead", "optional", "fallback", ...)',
    ]);
  });
});
