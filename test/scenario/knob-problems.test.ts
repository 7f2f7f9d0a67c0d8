/** `knobs:` in a scenario file: every problem located at its line:col, with the fix in words. */
import { describe, expect, it } from 'vitest';
import { problemsOf, scenarioOf, yaml } from './helpers.js';

/**
 * A file with one fault, ready for knobs from line 12. Lines: workers 7, serviceTime 8,
 * faults 9, the errors fault 10 (its rate written as a fraction), knobs 11.
 */
const HEAD = [
  'name: t',
  'duration: 10m',
  'features:',
  '  lookup: { rate: 30/s, entry: api, timeout: 1s, retry: { attempts: 3 } }',
  'services:',
  '  api:',
  '    workers: 4',
  '    serviceTime: { exponential: 100ms }',
  'faults:',
  '  - errors: { service: api, start: 5m, duration: 2m, rate: 0.2 }',
  'knobs:',
];
const withKnobs = (...knobs: string[]) => yaml(...HEAD, ...knobs.map((k) => `  - ${k}`));

describe('knobs: problems with the knob itself', () => {
  it('a path that leads nowhere: at the path, with a did-you-mean and what is there', () => {
    expect(problemsOf(withKnobs('{ param: services.api.wrokers, from: 1, to: 8 }'))).toEqual([
      'x.yaml:12:14: knobs[0].param: there is no services.api.wrokers (did you mean services.api.workers? services.api has 2 keys: workers, serviceTime)',
    ]);
    expect(problemsOf(withKnobs('{ param: faults.1.errors.rate, from: 10%, to: 90% }'))).toEqual([
      'x.yaml:12:14: knobs[0].param: there is no faults.1 (faults has 1 item: 0)',
    ]);
  });

  it('a path to a map, into variants, or not a path at all', () => {
    expect(problemsOf(withKnobs('{ param: services.api.serviceTime, from: 50ms, to: 1s }'))).toEqual([
      'x.yaml:12:14: knobs[0].param: holds a map, not a single number, duration, rate or share (a path to one value, e.g. services.api.serviceTime.exponential)',
    ]);
    expect(problemsOf(withKnobs('{ param: variants.x.patch, from: 1, to: 2 }'))).toEqual([
      "x.yaml:12:14: knobs[0].param: cannot be in variants (a path outside variants: a knob sets the file, and each variant's patch applies on top)",
    ]);
    expect(problemsOf(withKnobs('{ param: services..workers, from: 1, to: 2 }'))[0]).toMatch(
      /^x\.yaml:12:14: knobs\[0\]\.param: must be a path like load\.0\.spike\.factor, got "services\.\.workers" \(a path as in sweep --param/,
    );
  });

  it('from and to of another kind than the value: at from, with a range written like the value', () => {
    expect(problemsOf(withKnobs('{ param: services.api.workers, from: 1s, to: 8s }'))).toEqual([
      'x.yaml:12:42: knobs[0].from: is a duration (1s), but services.api.workers holds a number (4) (from and to written like the value, e.g. from: 1, to: 16)',
    ]);
    expect(problemsOf(withKnobs('{ param: faults.0.errors.duration, from: 1, to: 8 }'))).toEqual([
      'x.yaml:12:46: knobs[0].from: is a number (1), but faults.0.errors.duration holds a duration ("2m") (from and to written like the value, e.g. from: 30s, to: 8m)',
    ]);
  });

  it('from, to and step of mixed kinds, to not above from, a step of 0 or wider than the range', () => {
    expect(problemsOf(withKnobs('{ param: services.api.workers, from: 1, to: 8s }'))).toEqual([
      'x.yaml:12:49: knobs[0].to: is a duration (8s), but from is a number (1) (from, to and step of one kind, e.g. from: 30s, to: 10m, or from: 1, to: 20)',
    ]);
    expect(problemsOf(withKnobs('{ param: services.api.workers, from: 8, to: 2, step: 0 }'))).toEqual([
      "x.yaml:12:49: knobs[0].to: must be more than from (8), got 2 (from is the slider's low end and to its high end, e.g. from: 30s, to: 10m, or from: 1, to: 20)",
      'x.yaml:12:58: knobs[0].step: must be more than 0, got 0 (a step more than 0, or no step)',
    ]);
    expect(problemsOf(withKnobs('{ param: faults.0.errors.duration, from: 30s, to: 5m, step: 10m }'))).toEqual([
      'x.yaml:12:65: knobs[0].step: is more than the whole range 30s to 5m (270s) (a step like 13500ms, or no step)',
    ]);
  });

  it('amounts that are not amounts, and missing keys', () => {
    expect(problemsOf(withKnobs('{ param: services.api.workers, from: few, to: 8, lable: Workers }'))).toEqual([
      'x.yaml:12:42: knobs[0].from: "few" is not a number, duration (30s), rate (10/s) or share (50%) (a number (2), duration (30s), rate (10/s) or share (50%))',
      'x.yaml:12:54: knobs[0]: unknown key "lable" (did you mean "label"?)',
    ]);
    expect(problemsOf(withKnobs('{ param: services.api.workers, to: 8 }'))).toEqual([
      'x.yaml:12:5: knobs[0]: missing "from" (a number (2), duration (30s), rate (10/s) or share (50%))',
    ]);
  });
});

describe('knobs: both ends must keep the file valid', () => {
  it("an end the field refuses: at that end, in the field's own words", () => {
    expect(problemsOf(withKnobs('{ param: services.api.workers, from: 0, to: 8 }'))).toEqual([
      'x.yaml:12:42: knobs[0].from: sets services.api.workers to 0, which the file cannot take: must be a whole number of at least 1, got 0 (a from that keeps the file valid: a positive integer like 4)',
    ]);
    expect(problemsOf(withKnobs('{ param: features.lookup.retry.attempts, from: 1, to: 2.5 }'))).toEqual([
      'x.yaml:12:59: knobs[0].to: sets features.lookup.retry.attempts to 2.5, which the file cannot take: must be a whole number of at least 1, got 2.5 ' +
        '(a to that keeps the file valid: a whole number of attempts counting the first, like 3 (1: no retries))',
    ]);
  });

  it('an end that breaks another rule of the file, or a variant, names where', () => {
    const text = yaml(
      ...HEAD.slice(0, 10),
      'variants:',
      '  budget: { patch: { features: { lookup: { retry: { budget: { ratio: 10% } } } } } }',
      'knobs:',
      '  - { param: features.lookup.retry.attempts, from: 1, to: 5 }',
    );
    expect(problemsOf(text)).toEqual([
      // The variant's patch wrote the budget, so the problem is placed there.
      'x.yaml:14:52: knobs[0].from: sets features.lookup.retry.attempts to 1, which the file cannot take: a budget limits retries, ' +
        'but attempts: 1 makes none (at variants.budget.patch.features.lookup.retry.budget) ' +
        '(a from that keeps the file valid: attempts: 2 or more, or no budget)',
    ]);
  });

  it('a share knob fits a share written as a fraction', () => {
    const s = scenarioOf(withKnobs(
      '{ param: faults.0.errors.rate, from: 10%, to: 100% }',
      '{ param: services.api.workers, from: 1, to: 40 }',
    ));
    expect(s.knobs?.map((k) => [k.param, k.kind, k.from, k.to])).toEqual([
      ['faults.0.errors.rate', 'share', 0.1, 1],
      ['services.api.workers', 'number', 1, 40],
    ]);
  });

  it('knobs that only clash with each other at their ends are not blamed', () => {
    // A capacity fault may not take more workers than there are. Alone, each knob's low end is
    // fine (2 workers losing the file's 2; 4 workers losing 3); together (2 workers losing 3) not.
    const text = yaml(
      ...HEAD.slice(0, 9),
      '  - capacity: { service: api, start: 5m, duration: 2m, lose: 2 }',
      'knobs:',
      '  - { param: services.api.workers, from: 2, to: 8 }',
      '  - { param: faults.0.capacity.lose, from: 3, to: 4 }',
    );
    expect(scenarioOf(text).knobs).toHaveLength(2);
    expect(problemsOf(text.replace('from: 2, to: 8', 'from: 1, to: 8'))).toEqual([
      "x.yaml:12:42: knobs[0].from: sets services.api.workers to 1, which the file cannot take: must be at most the service's 1 worker " +
        '(1 × 1 instance), got 2 (at faults[0].capacity.lose) (a from that keeps the file valid: lose: at most workers × instances)',
    ]);
  });

  it("ends are tried only once the file's other problems are fixed", () => {
    const text = withKnobs('{ param: services.api.workers, from: 0, to: 8 }').replace('entry: api', 'entry: apo');
    expect(problemsOf(text)).toEqual(['x.yaml:4:32: features.lookup.entry: there is no service named "apo" (did you mean "api"?)']);
  });
});

describe('knobs: every problem at once', () => {
  it('lists the problems of every knob, in the order of the file', () => {
    const text = withKnobs(
      '{ param: services.api.wrokers, from: 1, to: 8 }',
      '{ param: services.api.workers, from: 8, to: 2 }',
      '{ param: services.api.workers, from: 0, to: 8 }',
    );
    expect(problemsOf(text).map((p) => p.split(': ').slice(0, 2).join(': '))).toEqual([
      'x.yaml:12:14: knobs[0].param',
      'x.yaml:13:49: knobs[1].to',
      'x.yaml:14:42: knobs[2].from',
    ]);
  });
});
