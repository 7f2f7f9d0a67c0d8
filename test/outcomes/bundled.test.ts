/**
 * The outcomes of every bundled scenario (and of a small one with every business figure set)
 * hold together: the grid adds up to the totals, the users are the model's, tickets never
 * outnumber the outcomes that could raise them, budgets are what the SLO says, metrics are
 * finite numbers, and the brief reads.
 */
import { describe, expect, it } from 'vitest';
import { sloOf } from '../../src/scenario/resolve.js';
import { brief } from '../../src/outcomes/brief.js';
import { metrics } from '../../src/outcomes/metrics.js';
import { MONTH_MS } from '../../src/outcomes/slo.js';
import { STATES } from '../../src/outcomes/types.js';
import { BREAKER, bundled, bundledNames, run, type Run } from './real.js';

const runs: [string, () => Run][] = [...bundledNames().map((name): [string, () => Run] => [name, () => bundled(name)]), ['BREAKER (real.ts)', () => run(BREAKER)]];

describe.each(runs)('%s', (_, make) => {
  const { scenario, result, outcomes: o } = make();
  const sum = (pick: (s: (typeof STATES)[number]) => number) => STATES.reduce((a, s) => a + pick(s), 0);

  it('summarizes to plain JSON', () => {
    expect(JSON.parse(JSON.stringify(o))).toEqual(o);
    expect(Object.keys(o.features)).toEqual(scenario.features.map((f) => f.name).filter((n) => result.features[n] !== undefined));
  });

  it('has a grid whose states add up to the totals, per feature and overall', () => {
    for (const [name, f] of Object.entries(o.features)) {
      const row = o.grid.features[name], u = result.features[name].users;
      expect(sum((s) => row[s].users), name).toBe(u.arrived - u.inFlight);
      expect(sum((s) => row[s].tickets), name).toBe(f.tickets.count);
      expect(sum((s) => row[s].churnUsers), name).toBe(f.churn.count);
      expect(sum((s) => row[s].bad.failed), name).toBe(u.failed);
      expect(sum((s) => row[s].bad.refused), name).toBe(u.shed + u.rateLimited);
      expect(sum((s) => row[s].revenueLost), name).toBeCloseTo(f.value.lost, 6);
    }
    expect(sum((s) => o.grid.total[s].users)).toBe(o.totals.users.ended);
    expect(sum((s) => o.grid.total[s].tickets)).toBe(o.totals.tickets);
    expect(sum((s) => o.grid.total[s].churnUsers)).toBe(o.totals.churn.users);
    const measured = o.states.t.reduce((a, t) => a + Math.max(0, Math.min(o.states.bucketMs, o.endMs - t)), 0);
    expect(sum((s) => o.grid.time[s].ms)).toBe(measured);
  });

  it("reports each feature's user classes as the model does", () => {
    for (const [name, f] of Object.entries(o.features)) {
      const u = result.features[name].users;
      expect(f.users, name).toEqual(u);
      const t = f.split.total;
      expect([t.succeeded, t.degraded, t.stale, t.failed, t.abandoned, t.shed, t.rateLimited], name)
        .toEqual([u.succeeded, u.degraded, u.stale, u.failed, u.abandoned, u.shed, u.rateLimited]);
      expect(u.succeeded + u.degraded + u.stale + u.failed + u.abandoned + u.shed + u.rateLimited + u.inFlight, name).toBe(u.arrived);
    }
  });

  it('draws no more tickets or lost users than there were outcomes to raise them', () => {
    for (const [name, f] of Object.entries(o.features)) {
      const u = f.users, bad = u.failed + u.abandoned + u.degraded + u.stale + u.shed + u.rateLimited;
      expect(f.tickets.count, name).toBeLessThanOrEqual(bad + result.features[name].late);
      expect(f.churn.count, name).toBeLessThanOrEqual(bad);
    }
  });

  it('burns the error budget the SLO defines: bad / ((1 − target) · rate · 30 days)', () => {
    for (const spec of scenario.features) {
      const s = o.features[spec.name]?.slo, target = sloOf(spec);
      if (target === null || s === undefined) { expect(s ?? null).toBeNull(); continue; }
      if (s === null) throw new Error(`${spec.name} has an SLO but no SLO outcome`);
      const f = result.features[spec.name], events = f.succeeded + f.failed + f.abandoned;
      expect(s.events).toBe(events);
      expect(s.bad).toBe(events - f.sloGood);
      expect(s.budgetBurned).toBeCloseTo(s.bad / ((1 - target.success) * spec.ratePerMs * MONTH_MS), 12);
    }
  });

  it('gives finite metrics under stable names, and a brief', () => {
    const m = metrics(o);
    expect(Object.values(m).every(Number.isFinite)).toBe(true);
    for (const key of ['total.users.ended', 'total.value.lost', 'total.tickets', 'total.churn.users', 'total.cost', 'total.loss', 'total.breaks', 'time.degraded.ms']) {
      expect(m[key], key).toBeTypeOf('number');
    }
    expect(m['total.breaks']).toBe(o.breaks.length);
    const text = brief({ scenario, outcomes: o });
    expect(text).not.toMatch(/NaN|undefined|Infinity|\bof value of value\b/);
  });
});
