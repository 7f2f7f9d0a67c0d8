/** System states from the scenario alone: spike → peak, fault → degraded (wins), flush → one bucket. */
import { describe, expect, it } from 'vitest';
import { states } from '../../src/outcomes/states.js';
import { storms } from '../../src/outcomes/storms.js';
import type { FaultSpec, LoadSpec } from '../../src/scenario/types.js';
import { feature, scenario } from './fixture.js';

const t = (n: number, w = 10_000) => Array.from({ length: n }, (_, b) => b * w);
const run = (load: LoadSpec[], faults: FaultSpec[] = [], n = 10) =>
  states(scenario({ load, faults, durationMs: n * 10_000 }), t(n), 10_000, n * 10_000);

describe('states', () => {
  it('marks a spike peak and an outage degraded, degraded winning where they overlap', () => {
    const s = run(
      [{ kind: 'spike', features: ['checkout'], startMs: 20_000, durationMs: 40_000, factor: 10, rampUpMs: 5_000, rampDownMs: 5_000 }],
      [{ kind: 'outage', service: 'payments', startMs: 50_000, durationMs: 20_000, mode: 'fail-fast' }],
    );
    expect(s.state).toEqual(['normal', 'normal', 'peak', 'peak', 'peak', 'degraded', 'degraded', 'normal', 'normal', 'normal']);
    expect(s.ms).toEqual({ normal: 50_000, peak: 30_000, degraded: 20_000 });
    expect(s.share.peak).toBeCloseTo(0.3, 12);
  });

  it('counts a cache flush in its own bucket only', () => {
    expect(run([], [{ kind: 'cache-flush', service: 'web', startMs: 35_000, durationMs: 0 }]).state.indexOf('degraded')).toBe(3);
    expect(run([], [{ kind: 'cache-flush', service: 'web', startMs: 35_000, durationMs: 0 }]).ms.degraded).toBe(10_000);
  });

  it('is peak only where a step or ramp lifts the rate above 1', () => {
    expect(run([{ kind: 'step', features: [], startMs: 80_000, durationMs: Infinity, factor: 2 }]).state.slice(7)).toEqual(['normal', 'peak', 'peak']);
    expect(run([{ kind: 'step', features: [], startMs: 0, durationMs: Infinity, factor: 0.5 }]).ms.peak).toBe(0);
    // 0.5 → 1.5 over [0, 100 s): above 1 from 50 s.
    const ramp = run([{ kind: 'ramp', features: [], startMs: 0, durationMs: 100_000, from: 0.5, to: 1.5 }]);
    expect(ramp.state).toEqual([...Array(5).fill('normal'), ...Array(5).fill('peak')]);
  });

  it('is peak around each daily peak where the curve is above 1', () => {
    // min 0.5, max 1.5, period 40 s, peak at 0: above 1 within ±10 s of 0, 40, 80 s.
    const s = run([{ kind: 'daily', features: [], min: 0.5, max: 1.5, peakAtMs: 0, periodMs: 40_000 }]);
    expect(s.state).toEqual(['peak', 'normal', 'normal', 'peak', 'peak', 'normal', 'normal', 'peak', 'peak', 'normal']);
  });

  it('is peak where a replayed rate is above the feature base rate', () => {
    const sc = scenario({
      features: [feature('checkout', 'web', { ratePerMs: 0.01 })], durationMs: 100_000,
      load: [{ kind: 'replay', features: ['checkout'], startMs: 30_000, interpolate: 'step', points: [{ tMs: 0, ratePerMs: 0.005 }, { tMs: 20_000, ratePerMs: 0.02 }, { tMs: 40_000, ratePerMs: 0.01 }] }],
    });
    expect(states(sc, t(10), 10_000, 100_000).state).toEqual(['normal', 'normal', 'normal', 'normal', 'normal', 'peak', 'peak', 'normal', 'normal', 'normal']);
  });

  it('names storms in plain words', () => {
    const sc = scenario({
      load: [{ kind: 'spike', features: ['checkout'], startMs: 0, durationMs: 10, factor: 10, rampUpMs: 0, rampDownMs: 0 }],
      faults: [{ kind: 'latency', service: 'payments', startMs: 0, durationMs: 10, factor: 3, addMs: 200 }, { kind: 'partition', from: 'web', to: 'payments', startMs: 0, durationMs: 5, mode: 'hang' }],
    });
    const all = storms(sc, 1000);
    expect(all.map((s) => s.name)).toEqual(['slowdown of payments (3x +200ms)', 'partition between web and payments (hanging)', '10x spike on checkout']);
    expect(all[1]).toMatchObject({ service: 'payments', from: 'web', spans: [[0, 5]] });
  });

  it('throws on a bucket width that is not positive', () => {
    expect(() => states(scenario(), [0], 0, 10)).toThrow(RangeError);
  });
});
