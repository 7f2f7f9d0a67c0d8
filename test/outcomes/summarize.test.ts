/** summarize and metrics: grid and totals agree, deterministic, JSON-able, stable names. */
import { describe, expect, it } from 'vitest';
import { metrics } from '../../src/outcomes/metrics.js';
import { split } from '../../src/outcomes/split.js';
import { states } from '../../src/outcomes/states.js';
import { summarize } from '../../src/outcomes/summarize.js';
import { STATES } from '../../src/outcomes/types.js';
import { feature, fill, result, scenario } from './fixture.js';
import { storyResult, storyScenario } from './story.js';

describe('summarize', () => {
  const sc = storyScenario(), o = summarize(storyResult(), sc);

  it('has grid cells that add up exactly to the totals', () => {
    for (const [name, f] of Object.entries(o.features)) {
      const row = o.grid.features[name];
      const over = (pick: (s: (typeof STATES)[number]) => number) => STATES.reduce((a, s) => a + pick(s), 0);
      expect(over((s) => row[s].tickets)).toBe(f.tickets.count);
      expect(over((s) => row[s].churnUsers)).toBe(f.churn.count);
      expect(over((s) => row[s].churnValue)).toBe(f.churn.value);
      expect(over((s) => row[s].revenueLost)).toBe(f.value.lost);
      expect(over((s) => row[s].users)).toBe(f.users.arrived - f.users.inFlight);
      expect(over((s) => row[s].bad.failed)).toBe(f.users.failed);
    }
    expect(STATES.reduce((a, s) => a + o.grid.total[s].tickets, 0)).toBe(o.totals.tickets);
    expect(STATES.reduce((a, s) => a + o.grid.total[s].revenueLost, 0)).toBeCloseTo(o.totals.value.lost, 6);
    // The spike (02:00 to 05:00) and its aftermath, two buckets of spill-over failures.
    expect(o.grid.time.peak.ms).toBe(200_000);
    expect(o.grid.time.degraded.ms).toBe(60_000);
  });

  it('puts the spike\'s losses in the peak column', () => {
    const checkout = o.grid.features.checkout;
    // Every failure and abandonment, the spill-over after 05:00 included (the spike's aftermath).
    expect(checkout.normal.revenueLost).toBe(0);
    expect(checkout.peak.revenueLost).toBe(40 * (16 * 15 + 14 * 3));
    expect(checkout.degraded.revenueLost).toBe(0);
  });

  it('adds up value, cost and net', () => {
    expect(o.totals.cost).toBe(5);
    expect(o.cost.byService.payments).toEqual({ cost: 4, instanceHours: 4 });
    expect(o.totals.value.net).toBeCloseTo(o.totals.value.realized - o.totals.churn.value - 5, 9);
    expect(o.totals.loss).toBeCloseTo(o.totals.value.lost + o.totals.churn.value, 9);
    expect(o.currency).toBe('USD');
  });

  it('is deterministic and JSON-able', () => {
    const again = summarize(storyResult(), sc);
    expect(again).toEqual(o);
    expect(JSON.parse(JSON.stringify(o))).toEqual(o);
    expect(summarize(storyResult(2), sc).totals.tickets).not.toBe(o.totals.tickets);
  });

  it('lists breaks with cause paths', () => {
    expect(o.breaks.map((b) => `${b.t} ${b.kind} ${b.subject}`)).toEqual([
      '150000 saturation payments', '160000 timeouts web->payments', '160000 slo checkout', '170000 abandonment checkout', '360000 errors recs',
    ]);
    expect(o.breaks.every((b) => b.path.steps[0].kind === b.kind)).toBe(true);
  });
});

describe('summarize on a quiet or empty run', () => {
  it('has nothing broken and nothing lost when all went well', () => {
    const sc = scenario({ features: [feature('checkout', 'web', { value: { success: 3 }, slo: { success: 0.9 } })] });
    const o = summarize(result(sc, { buckets: 6, features: { checkout: { users: { succeeded: fill(6, 10) } } } }), sc);
    expect(o.breaks).toEqual([]);
    expect(o.totals.value).toEqual({ potential: 180, realized: 180, lost: 0, net: 180 });
    expect(o.features.checkout.slo?.leftAt).toBeNull();
    expect(o.states.share.normal).toBe(1);
  });

  it('does not throw on a run with no buckets', () => {
    const sc = scenario();
    const r = result(sc, { buckets: 0 });
    r.series.bucketMs = 0;
    expect(summarize(r, sc).breaks).toEqual([]);
  });
});

describe('metrics', () => {
  const m = metrics(summarize(storyResult(), storyScenario()));

  it('names every figure with stable dotted names', () => {
    expect(m['checkout.users.failed']).toBe(240);
    expect(m['checkout.value.lost']).toBe(40 * (240 + 42));
    expect(m['checkout.slo.budgetBurned']).toBeGreaterThan(0);
    expect(m['checkout.slo.outOfSloMs']).toBeGreaterThan(0);
    expect(m['recommend.users.failed']).toBe(600);
    for (const name of ['checkout.tickets', 'checkout.churn.users', 'checkout.churn.value', 'total.value.lost', 'total.tickets', 'total.cost', 'total.value.net', 'total.loss', 'worst.slo.budgetBurned', 'checkout.peak.value.lost', 'service.payments.cost', 'time.peak.share']) {
      expect(m[name], name).toBeTypeOf('number');
    }
    expect(Object.values(m).every(Number.isFinite)).toBe(true);
  });

  it('has the same keys in the same order run after run', () => {
    expect(Object.keys(metrics(summarize(storyResult(3), storyScenario())))).toEqual(Object.keys(m));
  });
});

describe('split', () => {
  it('shares the totals out by the series when they disagree, so the grid still adds up', () => {
    const sc = scenario({ load: [{ kind: 'step', features: [], startMs: 20_000, durationMs: 20_000, factor: 2 }], durationMs: 60_000 });
    const r = result(sc, { buckets: 6, features: { checkout: { users: { failed: [1, 1, 3, 3, 1, 1] } } } });
    r.features.checkout.users.failed = 20; // the series counts 10 of them
    const parts = split(r, 'checkout', states(sc, r.series.t, 10_000, 60_000));
    expect(parts.byState.normal.failed + parts.byState.peak.failed + parts.byState.degraded.failed).toBe(20);
    expect(parts.byState.peak.failed).toBe(12);
    expect(parts.total.failed).toBe(20);
  });

  it('shares the totals by time when the series has none of a class', () => {
    const sc = scenario({ load: [{ kind: 'step', features: [], startMs: 20_000, durationMs: 20_000, factor: 2 }], durationMs: 60_000 });
    const r = result(sc, { buckets: 6, features: { checkout: { users: { succeeded: fill(6, 1) } } } });
    r.features.checkout.users.abandoned = 7;
    const parts = split(r, 'checkout', states(sc, r.series.t, 10_000, 60_000));
    expect([parts.byState.normal.abandoned, parts.byState.peak.abandoned]).toEqual([5, 2]);
  });
});
