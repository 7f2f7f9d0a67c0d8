/** Value: potential, realized and lost, conversion applied, split by state. */
import { describe, expect, it } from 'vitest';
import { split } from '../../src/outcomes/split.js';
import { states } from '../../src/outcomes/states.js';
import { value } from '../../src/outcomes/value.js';
import { feature, fill, result, scenario } from './fixture.js';

const checkout = feature('checkout', 'web', { value: { success: 40, degraded: 30, stale: 10 } });

function run(fillUsers: Parameters<typeof result>[1]['features']) {
  const sc = scenario({ features: [checkout], faults: [{ kind: 'outage', service: 'payments', startMs: 30_000, durationMs: 20_000, mode: 'fail-fast' }] });
  const r = result(sc, { buckets: 10, features: fillUsers });
  const st = states(sc, r.series.t, r.series.bucketMs, r.endMs);
  const parts = split(r, 'checkout', st);
  return { r, st, parts, v: value(checkout, parts, r.series.features.checkout) };
}

describe('value', () => {
  it('is value × successes when everything succeeds', () => {
    const { v } = run({ checkout: { users: { succeeded: fill(10, 25) } } });
    expect(v.realized).toBe(40 * 250);
    expect(v.potential).toBe(40 * 250);
    expect(v.lost).toBe(0);
  });

  it('loses the full value of failed, abandoned and refused intents and the gap of degraded and stale ones', () => {
    const { v } = run({ checkout: { users: { succeeded: fill(10, 10), failed: fill(10, 2), abandoned: fill(10, 1), shed: fill(10, 1), rateLimited: [1], degraded: fill(10, 3), stale: [4] } } });
    expect(v.realized).toBe(40 * 100 + 30 * 30 + 10 * 4);
    expect(v.potential).toBe(40 * (100 + 20 + 10 + 10 + 1 + 30 + 4));
    expect(v.lost).toBe(v.potential - v.realized);
    expect(v.lostBy).toEqual({ failed: 800, abandoned: 400, refused: 440, degraded: 300, stale: 120, conversion: 0 });
  });

  it('applies the conversion curve: converted counts, not served counts, bring value', () => {
    const { v } = run({ checkout: { users: { succeeded: fill(10, 10) }, converted: { succeeded: fill(10, 7.5) } } });
    expect(v.realized).toBe(40 * 75);
    expect(v.lost).toBe(40 * 25);
    expect(v.lostBy.conversion).toBe(40 * 25);
  });

  it('leaves in-flight intents out of the potential', () => {
    const { v } = run({ checkout: { users: { succeeded: fill(10, 1) }, inFlight: 5 } });
    expect(v.potential).toBe(400);
  });

  it('splits by state and adds up to the totals; per bucket too', () => {
    const { v, st } = run({ checkout: { users: { succeeded: fill(10, 10), failed: [0, 0, 0, 8, 9, 0, 0, 0, 0, 0] } } });
    expect(st.state.slice(0, 6)).toEqual(['normal', 'normal', 'normal', 'degraded', 'degraded', 'normal']);
    expect(v.byState.degraded.lost).toBe(40 * 17);
    expect(v.byState.normal.lost).toBe(0);
    expect(v.byState.normal.lost + v.byState.peak.lost + v.byState.degraded.lost).toBe(v.lost);
    expect(v.byBucket.lost).toEqual([0, 0, 0, 320, 360, 0, 0, 0, 0, 0]);
  });

  it('is all zero without a value', () => {
    const sc = scenario();
    const r = result(sc, { buckets: 3, features: { checkout: { users: { failed: [1, 2, 3] } } } });
    const st = states(sc, r.series.t, r.series.bucketMs, r.endMs);
    const v = value(sc.features[0], split(r, 'checkout', st));
    expect([v.potential, v.realized, v.lost]).toEqual([0, 0, 0]);
  });
});
