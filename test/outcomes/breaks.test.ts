/** The what-breaks-first timeline on hand-built series: order, times, sustain, one per subject and kind. */
import { describe, expect, it } from 'vitest';
import { breaks } from '../../src/outcomes/breaks.js';
import { slo } from '../../src/outcomes/slo.js';
import type { Scenario } from '../../src/scenario/types.js';
import { bump, feature, fill, result, scenario, service } from './fixture.js';

const N = 12;

function shop(over: Partial<Scenario> = {}): Scenario {
  return scenario({
    breaks: { sustainMs: 30_000, saturation: 0.9, errors: 0.05, abandonment: 0.1 },
    features: [feature('checkout', 'web', { slo: { success: 0.95, windowMs: 10_000 } })],
    services: [service('web', ['payments']), service('payments', [], { autoscale: { target: 0.7, min: 1, max: 4, evaluateMs: 1, startupMs: 1, cooldownMs: 1 } })],
    durationMs: N * 10_000, ...over,
  });
}

const slosOf = (sc: Scenario, r: ReturnType<typeof result>) =>
  Object.fromEntries(sc.features.map((f) => [f.name, slo(f, r.features[f.name], r.series.features[f.name], r.series.t, r.series.bucketMs, r.endMs)]));

describe('breaks', () => {
  it('finds first crossings in time order, with the start of the sustained run as the time', () => {
    const sc = shop();
    const r = result(sc, {
      buckets: N,
      services: {
        // A one-bucket blip at 10 s, then saturated from 40 s on.
        payments: { utilization: [0.5, 0.95, 0.5, 0.5, 0.92, 0.97, 0.99, 0.99, 0.99, 0.5, 0.95, 0.95], instances: bump(N, 1, 7, 12, 3.8) },
        web: { rejected: bump(N, 0, 6, 9, 20) },
      },
      edges: { 'user->checkout': { attempts: fill(N, 100) }, 'web->payments': { attempts: fill(N, 100), timeouts: bump(N, 0, 5, 12, 30), breakerOpenShare: bump(N, 0, 8, 9, 0.4) } },
      features: { checkout: { users: { succeeded: bump(N, 100, 5, 12, 60), failed: bump(N, 0, 5, 12, 40) } } },
    });
    const list = breaks(r, sc, slosOf(sc, r));
    expect(list.map((b) => [b.t, b.kind, b.subject])).toEqual([
      [40_000, 'saturation', 'payments'],
      [50_000, 'timeouts', 'web->payments'],
      [50_000, 'slo', 'checkout'],
      [60_000, 'rejections', 'web'],
      [70_000, 'autoscale-max', 'payments'],
      [80_000, 'breaker-open', 'web->payments'],
    ]);
    const sat = list[0];
    expect(sat.value).toBeCloseTo((0.92 + 0.97 + 0.99) / 3, 12);
    expect(sat.window).toEqual([40_000, 70_000]);
    expect(sat.detail).toBe('utilization 96% (held 30s), at or above 90%');
    expect(list[3].detail).toBe('turned away 20% of the requests that reached it (held 30s)');
    expect(list[2].detail).toBe('60% good over the last 10s, below its 95% target');
  });

  it('does not count a blip shorter than the sustain time', () => {
    const sc = shop();
    const r = result(sc, { buckets: N, services: { web: { utilization: bump(N, 0.3, 2, 4, 0.99) } } });
    expect(breaks(r, sc, {})).toEqual([]);
  });

  it('ignores buckets before warmup', () => {
    const sc = shop({ warmupMs: 20_000 });
    const r = result(sc, { buckets: N, services: { web: { utilization: bump(N, 0.3, 0, 5, 0.99) } } });
    // The fixture starts its buckets at warmup; shift them back so two buckets are warmup.
    r.series.t = r.series.t.map((x) => x - 20_000);
    expect(breaks(r, sc, {}).map((b) => b.t)).toEqual([20_000]);
    r.series.services.web.utilization = bump(N, 0.3, 0, 4, 0.99);
    expect(breaks(r, sc, {})).toEqual([]);
  });

  it('finds a queue growing without bound, not a busy but steady one', () => {
    const sc = shop();
    const growing = [0, 1, 1, 2, 5, 9, 14, 20, 27, 35, 44, 54];
    const steady = [30, 31, 32, 31, 33, 34, 35, 34, 33, 34, 35, 34];
    const r = result(sc, { buckets: N, services: { web: { meanQueueLength: growing }, payments: { meanQueueLength: steady } } });
    const list = breaks(r, sc, {});
    // Never falling through 30 s from bucket 0, but growing by 2 × 4 workers only from bucket 4
    // (5 → 14); it had grown by a round of work (4) by bucket 5, the break's time.
    expect(list.map((b) => [b.t, b.kind, b.subject, b.value])).toEqual([[50_000, 'queue-growing', 'web', 14]]);
    expect(list[0].detail).toBe('queue grew from 5 to 14 waiting over 30s without falling back');
  });

  it('finds fault errors, shedding and abandonment', () => {
    const sc = shop({ durationMs: N * 10_000 });
    const r = result(sc, {
      buckets: N,
      services: { payments: { errors: bump(N, 0, 2, 6, 50) } },
      edges: { 'web->payments': { attempts: fill(N, 100) } },
      features: { checkout: { users: { succeeded: fill(N, 80), abandoned: bump(N, 0, 6, 10, 20) }, sloGood: fill(N, 80) } },
      shedding: [{ service: 'web', signal: 'utilization', levels: ['optional', 'important'], shedMs: 0, changes: [{ t: 35_000, level: 1 }, { t: 60_000, level: 0 }] }],
    });
    const list = breaks(r, sc, {});
    expect(list.map((b) => [b.t, b.kind, b.subject])).toEqual([[20_000, 'errors', 'payments'], [35_000, 'shedding', 'web'], [60_000, 'abandonment', 'checkout']]);
    expect(list[1].detail).toBe('the dimmer (on utilization) starts shedding optional work');
    expect(list[2].value).toBeCloseTo(0.2, 12);
  });

  it('reports each subject and kind once', () => {
    const sc = shop();
    const r = result(sc, { buckets: N, services: { web: { utilization: [1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1] } } });
    expect(breaks(r, sc, {}).length).toBe(1);
  });
});
