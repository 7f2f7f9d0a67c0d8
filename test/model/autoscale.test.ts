/** Autoscaler: scales toward target utilization within [min, max], with cooldown, and integrates paid instance time. */
import { describe, expect, it } from 'vitest';
import { Autoscaler } from '../../src/model/autoscale.js';
import type { AutoscaleSpec } from '../../src/scenario/types.js';

const spec: AutoscaleSpec = { target: 0.6, min: 2, max: 10, evaluateMs: 15_000, startupMs: 60_000, cooldownMs: 120_000 };

describe('Autoscaler', () => {
  it('scales up when over target: ceil(current·u/target) − current', () => {
    const a = new Autoscaler(spec, 3);
    expect(a.evaluate(15_000, 0.9)).toBe(2); // ceil(3·0.9/0.6) = 5
    expect([a.running, a.starting]).toEqual([3, 2]);
    a.ready(2);
    expect([a.running, a.starting]).toEqual([5, 0]);
  });

  it('holds at target and within the clamp', () => {
    expect(new Autoscaler(spec, 2).evaluate(0, 0.6)).toBe(0);
    expect(new Autoscaler(spec, 4).evaluate(0, 1)).toBe(3); // ceil(6.67) = 7
    expect(new Autoscaler(spec, 8).evaluate(0, 1)).toBe(2); // 14 clamped to max 10
    expect(new Autoscaler(spec, 5).evaluate(0, 0)).toBe(-3); // 0 clamped to min 2
    expect(new Autoscaler(spec, 3).evaluate(0, NaN)).toBe(0);
  });

  it('blocks both directions during the cooldown after an action', () => {
    const a = new Autoscaler(spec, 2);
    expect(a.evaluate(0, 1)).toBe(2);
    a.ready(2);
    expect(a.evaluate(60_000, 1)).toBe(0);
    expect(a.evaluate(119_999, 0.1)).toBe(0);
    expect(a.evaluate(120_000, 1)).toBe(3); // ceil(4/0.6) = 7
  });

  it('scales down once the cooldown has passed, but not while instances are starting', () => {
    const a = new Autoscaler({ ...spec, cooldownMs: 0 }, 4);
    expect(a.evaluate(0, 1)).toBe(3);
    expect(a.evaluate(15_000, 0.1)).toBe(0); // 3 still starting
    a.ready(3);
    expect(a.evaluate(30_000, 0.15)).toBe(-5); // ceil(7·0.15/0.6) = 2
    expect(a.running).toBe(2);
  });
});
