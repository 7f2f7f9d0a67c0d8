import { describe, expect, it } from 'vitest';
import { lognormalFromQuantiles } from '../../src/engine/lognormal.js';
import {
  breaksOf, conversionAt, currencyOf, hasSessions, lateOf, lifetimeValueOf, oddsOf, sloOf, userRetriesOf, valueOf,
  type FeatureSpec,
} from '../../src/scenario/index.js';
import { problemsOf, scenarioOf, yaml } from './helpers.js';

/** `checkout` last, so lines from 10 on are its keys (4 spaces in). */
const BUSINESS_BASE = [
  'name: t',
  'duration: 1h',
  'services:',
  '  api: { workers: 4, serviceTime: 10ms }',
  '  db: { workers: 2, serviceTime: 5ms }',
  'features:',
  '  checkout:',
  '    rate: 20/s',
  '    entry: api',
];
const withCheckout = (...lines: string[]) => yaml(...BUSINESS_BASE, ...lines);
const checkout = (...lines: string[]): FeatureSpec => scenarioOf(withCheckout(...lines)).features[0];
const problems = (...lines: string[]) => problemsOf(withCheckout(...lines));
/** The feature with one key on line 10, e.g. `users: { ... }`. */
const one = (line: string) => checkout(`    ${line}`);

const Z95 = 1.6448536269514722;
const SHARE = '(a share like 20% or 0.2)';
const ODDS = '(a share like 20%, 0.2 or 0%)';

describe('users', () => {
  it('patience { p50, p95 } is the log-normal with that median and 95th percentile', () => {
    const patience = one('users: { patience: { p50: 3s, p95: 10s } }').users?.patience;
    expect(patience).toEqual({ kind: 'lognormal', mu: Math.log(3000), sigma: (Math.log(10_000) - Math.log(3000)) / Z95 });
    if (patience?.kind !== 'lognormal') throw new Error('not log-normal');
    expect(Math.exp(patience.mu)).toBeCloseTo(3000, 8);
    expect(Math.exp(patience.mu + Z95 * patience.sigma)).toBeCloseTo(10_000, 8);
  });

  it('patience takes every distribution form serviceTime takes', () => {
    const patience = (text: string) => one(`users: { patience: ${text} }`).users?.patience;
    expect(patience('8s')).toEqual({ kind: 'constant', value: 8000 });
    expect(patience('{ constant: 2s }')).toEqual({ kind: 'constant', value: 2000 });
    expect(patience('{ exponential: 5s }')).toEqual({ kind: 'exponential', mean: 5000 });
    expect(patience('{ uniform: { min: 1s, max: 5s } }')).toEqual({ kind: 'uniform', min: 1000, max: 5000 });
    expect(patience('{ empirical: [1s, 2s, 30s] }')).toEqual({ kind: 'empirical', samples: [1000, 2000, 30_000] });
    expect(patience('{ lognormal: { p50: 3s, p99: 30s } }')).toEqual({ kind: 'lognormal', ...lognormalFromQuantiles(3000, 30_000) });
  });

  it('retry: probability as a share (0 allowed), think a distribution, max whole', () => {
    expect(one('users: { retry: { probability: 40%, think: { exponential: 5s }, max: 2 } }').users).toEqual({
      retry: { probability: 0.4, think: { kind: 'exponential', mean: 5000 }, max: 2 },
    });
    expect(one('users: { retry: { probability: 0, think: 3s, max: 1 } }').users?.retry).toEqual({
      probability: 0, think: { kind: 'constant', value: 3000 }, max: 1,
    });
  });

  it('conversion: [latency, share] pairs or { latency, share } maps, in ms and fractions', () => {
    expect(one('users: { conversion: [[1s, 100%], [2s, 90%], { latency: 3s, share: 75% }, [10s, 0%]] }').users?.conversion).toEqual([
      { latencyMs: 1000, share: 1 },
      { latencyMs: 2000, share: 0.9 },
      { latencyMs: 3000, share: 0.75 },
      { latencyMs: 10_000, share: 0 },
    ]);
    expect(one('users: { conversion: [[0ms, 0.5]] }').users?.conversion).toEqual([{ latencyMs: 0, share: 0.5 }]);
  });

  it('the block form, and accessors reading it', () => {
    const f = checkout(
      '    users:',
      '      patience: { p50: 3s, p95: 10s }',
      '      retry: { probability: 40%, think: { exponential: 5s }, max: 2 }',
      '      conversion:',
      '        - [1s, 100%]',
      '        - [3s, 80%]',
    );
    expect([hasSessions(f), userRetriesOf(f), conversionAt(f, 500), conversionAt(f, 2000), conversionAt(f, 9000)]).toEqual([true, 2, 1, 0.9, 0.8]);
  });
});

describe('value, tickets, churn and slo', () => {
  it('value: a number is the success value; a map gives degraded and stale', () => {
    expect(one('value: 40').value).toEqual({ success: 40 });
    expect(one('value: 0').value).toEqual({ success: 0 });
    expect(one('value: { success: 40, degraded: 30, stale: 35.5 }').value).toEqual({ success: 40, degraded: 30, stale: 35.5 });
    expect(valueOf(one('value: { success: 40, stale: 10 }'))).toEqual({ success: 40, degraded: 40, stale: 10 });
  });

  it('tickets: shares per outcome (0 allowed), late with lateAfter; lateAfter alone is allowed', () => {
    expect(one('tickets: { failed: 2%, abandoned: 0.5%, degraded: 0.1%, stale: 1%, refused: 0, late: 5%, lateAfter: 1h }').tickets).toEqual({
      failed: 0.02, abandoned: 0.005, degraded: 0.001, stale: 0.01, refused: 0, late: 0.05, lateAfterMs: 3_600_000,
    });
    const f = one('tickets: { failed: 2%, lateAfter: 30m }');
    expect(f.tickets).toEqual({ failed: 0.02, lateAfterMs: 1_800_000 });
    expect([oddsOf(f.tickets), lateOf(f)]).toEqual([
      { failed: 0.02, abandoned: 0, degraded: 0, stale: 0, refused: 0.02 },
      { odds: 0, afterMs: 1_800_000 },
    ]);
  });

  it('churn: shares per outcome and the lifetime value', () => {
    const f = one('churn: { failed: 1%, abandoned: 0.5%, degraded: 0, stale: 0, refused: 0.5%, lifetimeValue: 250 }');
    expect(f.churn).toEqual({ failed: 0.01, abandoned: 0.005, degraded: 0, stale: 0, refused: 0.005, lifetimeValue: 250 });
    expect(lifetimeValueOf(f)).toBe(250);
    expect(one('churn: {}').churn).toEqual({});
  });

  it('slo: success as a fraction, within and window in ms; only success is required', () => {
    const f = one('slo: { success: 99.9%, within: 1s, window: 5m }');
    // Exactly 0.999 (99.9 / 100 alone would be 0.9990000000000001, which judges 999 good of 1,000 out of SLO).
    expect(f.slo).toEqual({ success: 0.999, withinMs: 1000, windowMs: 300_000 });
    expect(one('slo: { success: 0.995 }').slo).toEqual({ success: 0.995 });
    expect(sloOf(one('slo: { success: 99% }'))).toEqual({ success: 0.99, withinMs: Infinity, windowMs: 60_000 });
  });
});

describe('currency and breaks', () => {
  it('reads currency and the breaks thresholds; absent ones come from DEFAULTS', () => {
    const s = scenarioOf(yaml('currency: USD', 'breaks: { saturation: 80%, sustain: 0s, abandonment: 10%, errors: 0.5% }', ...BUSINESS_BASE));
    expect([s.currency, s.breaks]).toEqual(['USD', { saturation: 0.8, sustainMs: 0, abandonment: 0.1, errors: 0.005 }]);
    const partial = scenarioOf(yaml('breaks:', '  sustain: 30s', ...BUSINESS_BASE));
    expect(partial.breaks).toEqual({ sustainMs: 30_000 });
    expect(breaksOf(partial)).toEqual({ saturation: 0.9, sustainMs: 30_000, abandonment: 0.05, errors: 0.01 });
  });

  it('leaves every new key out when the file has none', () => {
    const s = scenarioOf(withCheckout());
    expect(['currency', 'breaks', 'variants'].filter((key) => key in s)).toEqual([]);
    expect(['users', 'value', 'tickets', 'churn', 'slo'].filter((key) => key in s.features[0])).toEqual([]);
    expect([currencyOf(s), hasSessions(s.features[0]), conversionAt(s.features[0], 5000), sloOf(s.features[0])]).toEqual(['value', false, 1, null]);
  });
});

describe('problems', () => {
  it('unknown keys, with did-you-mean', () => {
    expect(problems('    users:', '      patiense: { p50: 3s, p95: 10s }')).toEqual([
      'x.yaml:11:7: features.checkout.users: unknown key "patiense" (did you mean "patience"?)',
    ]);
    expect(problems('    value: { success: 1, degrade: 2 }')).toEqual([
      'x.yaml:10:26: features.checkout.value: unknown key "degrade" (did you mean "degraded"?)',
    ]);
    expect(problems('    slo: { sucess: 99% }')).toEqual(['x.yaml:10:12: features.checkout.slo: unknown key "sucess" (did you mean "success"?)']);
    expect(problems('    tickets: { lateafter: 1h }')).toEqual(['x.yaml:10:16: features.checkout.tickets: unknown key "lateafter" (did you mean "lateAfter"?)']);
    expect(problemsOf(yaml('breaks: { saturaton: 90% }', ...BUSINESS_BASE))).toEqual([
      'x.yaml:1:11: breaks: unknown key "saturaton" (did you mean "saturation"?)',
    ]);
    expect(problems('    users: { patience: { p50: 3s, p99: 9s } }')).toEqual([
      'x.yaml:10:35: features.checkout.users.patience: unknown key "p99" (did you mean "p95"?)',
    ]);
  });

  it('negative values', () => {
    expect(problems('    value: -5')).toEqual(['x.yaml:10:12: features.checkout.value: must be 0 or more, got -5 (a number of 0 or more like 40)']);
    expect(problems('    churn: { lifetimeValue: -1 }')).toEqual([
      'x.yaml:10:29: features.checkout.churn.lifetimeValue: must be 0 or more, got -1 (a number of 0 or more like 40)',
    ]);
    expect(problems('    tickets: { failed: -2% }')).toEqual([
      `x.yaml:10:24: features.checkout.tickets.failed: must not be negative, got -2% ${ODDS}`,
    ]);
    expect(problems('    slo: { success: 99%, within: -1s }')).toEqual([
      'x.yaml:10:34: features.checkout.slo.within: must not be negative, got -1s (a duration like 250ms, 5s, 10m, 2h)',
    ]);
  });

  it('shares above 100%', () => {
    expect(problems('    tickets: { failed: 120% }')).toEqual([`x.yaml:10:24: features.checkout.tickets.failed: must be at most 100%, got 120% ${ODDS}`]);
    expect(problems('    users: { retry: { probability: 40, think: 5s, max: 2 } }')).toEqual([
      `x.yaml:10:36: features.checkout.users.retry.probability: must be at most 1 (100%), got 40; for a percentage write 40% ${ODDS}`,
    ]);
    expect(problemsOf(yaml('breaks: { errors: 101% }', ...BUSINESS_BASE))).toEqual([`x.yaml:1:19: breaks.errors: must be at most 100%, got 101% ${SHARE}`]);
  });

  it('an SLO of 100% leaves no error budget', () => {
    const expected = 'must be below 100%: an objective of 100% leaves no error budget to spend (a share below 100% like 99.9%)';
    expect(problems('    slo: { success: 100% }')).toEqual([`x.yaml:10:21: features.checkout.slo.success: ${expected}`]);
    expect(problems('    slo:', '      success: 1')).toEqual([`x.yaml:11:16: features.checkout.slo.success: ${expected}`]);
    expect(problems('    slo: { within: 1s }')).toEqual([`x.yaml:10:5: features.checkout.slo: missing "success" ${SHARE}`]);
  });

  it('patience: p95 must be above p50, both given, with units', () => {
    expect(problems('    users: { patience: { p50: 3s, p95: 3s } }')).toEqual([
      'x.yaml:10:40: features.checkout.users.patience.p95: must be more than p50 (3s), got 3s (p95 above p50, e.g. { p50: 3s, p95: 10s })',
    ]);
    expect(problems('    users: { patience: { p50: 3s } }')).toEqual([
      'x.yaml:10:14: features.checkout.users.patience: missing "p95" (a duration like 250ms, 5s, 10m, 2h)',
    ]);
    expect(problems('    users: { patience: 5 }')).toEqual([
      'x.yaml:10:24: features.checkout.users.patience: needs a unit, got the bare number 5 ({ p50: 3s, p95: 10s }, or a distribution like { exponential: 5s }, 8s or { lognormal: { p50: 3s, p99: 30s } })',
    ]);
    expect(problems('    users: { patience: { exponentail: 5s } }')).toEqual([
      'x.yaml:10:26: features.checkout.users.patience: unknown distribution "exponentail" (did you mean "exponential"?)',
    ]);
  });

  it('user retries: every key required, max whole and at least 1, think a distribution', () => {
    expect(problems('    users: { retry: { probability: 40%, think: 5, max: 0 } }')).toEqual([
      'x.yaml:10:48: features.checkout.users.retry.think: needs a unit, got the bare number 5 (a duration or a distribution, e.g. 100ms, { exponential: 100ms } or { lognormal: { p50: 15ms, p99: 80ms } })',
      'x.yaml:10:56: features.checkout.users.retry.max: must be a whole number of at least 1, got 0 (a whole number of retries like 2)',
    ]);
    expect(problems('    users: { retry: { probability: 40% } }')).toEqual([
      'x.yaml:10:14: features.checkout.users.retry: missing "think" (a duration or a distribution, e.g. 100ms, { exponential: 100ms } or { lognormal: { p50: 15ms, p99: 80ms } })',
      'x.yaml:10:14: features.checkout.users.retry: missing "max" (a whole number of retries like 2)',
    ]);
  });

  it('conversion: latencies increasing, shares up to 100%, pairs of two, at least one point', () => {
    expect(problems('    users:', '      conversion: [[1s, 100%], [2s, 90%], [2s, 80%], { latency: 1500ms, share: 70% }]')).toEqual([
      'x.yaml:11:44: features.checkout.users.conversion[2][0]: must be later than the point before (2s), got 2s (latencies increasing, e.g. [[1s, 100%], [2s, 90%], [3s, 75%]])',
      'x.yaml:11:65: features.checkout.users.conversion[3].latency: must be later than the point before (2s), got 1500ms (latencies increasing, e.g. [[1s, 100%], [2s, 90%], [3s, 75%]])',
    ]);
    expect(problems('    users:', '      conversion: [[1s, 120%], [2s], { latency: 3s, shar: 1% }]')).toEqual([
      `x.yaml:11:25: features.checkout.users.conversion[0][1]: must be at most 100%, got 120% ${ODDS}`,
      'x.yaml:11:32: features.checkout.users.conversion[1]: must be a pair [latency, share], got a list of 1 (a point like [2s, 90%] or { latency: 2s, share: 90% })',
      'x.yaml:11:53: features.checkout.users.conversion[2]: unknown key "shar" (did you mean "share"?)',
    ]);
    expect(problems('    users: { conversion: [] }')).toEqual([
      'x.yaml:10:26: features.checkout.users.conversion: must list at least one point (a list of points (latency, share) like [[1s, 100%], [2s, 90%], [3s, 75%]])',
    ]);
  });

  it('late needs lateAfter', () => {
    expect(problems('    tickets: { failed: 1%, late: 5% }')).toEqual([
      'x.yaml:10:34: features.checkout.tickets.late: needs lateAfter: without it no delivery is late, so late: 5% could never apply (late with lateAfter, e.g. { late: 5%, lateAfter: 1h })',
    ]);
  });

  it('currency must be text; breaks must be a map', () => {
    expect(problemsOf(yaml('currency: ""', 'breaks: 90%', ...BUSINESS_BASE))).toEqual([
      'x.yaml:1:11: currency: must not be empty (a currency or unit for values, e.g. currency: USD)',
      'x.yaml:2:9: breaks: must be a map of thresholds, got "90%" (a map like { saturation: 90%, sustain: 10s, abandonment: 5%, errors: 1% })',
    ]);
  });
});
