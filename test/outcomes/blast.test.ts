/** Blast radius: a fault by origins (its service and services whose breaks it caused), a storm by excess over baseline. */
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/outcomes/summarize.js';
import { bump, feature, fill, result, scenario, service } from './fixture.js';
import { storyResult, storyScenario } from './story.js';

const N = 30;

/** checkout (web → payments) and subscribe (billing → payments) depend on payments; browse (catalog) does not. */
function threeFeatures() {
  const sc = scenario({
    durationMs: N * 10_000,
    features: [
      feature('checkout', 'web', { value: { success: 40 } }), feature('subscribe', 'billing', { value: { success: 10 } }), feature('browse', 'catalog', { value: { success: 1 } }),
    ],
    services: [service('web', ['payments']), service('billing', ['payments']), service('payments'), service('catalog')],
    faults: [{ kind: 'outage', service: 'payments', startMs: 100_000, durationMs: 50_000, mode: 'fail-fast' }],
  });
  const r = result(sc, {
    buckets: N,
    services: { payments: { errors: bump(N, 0, 10, 15, 50) }, web: { utilization: bump(N, 0.5, 11, 16, 0.95) } },
    edges: { 'web->payments': { attempts: fill(N, 50) }, 'billing->payments': { attempts: fill(N, 10) } },
    features: {
      // checkout: 20 failed at payments and 10 rejected at web (which saturated because of the outage) per bucket.
      checkout: { users: { succeeded: bump(N, 50, 10, 16, 20), failed: bump(N, 0, 10, 16, 30) }, badBy: { payments: bump(N, 0, 10, 15, 20), web: bump(N, 0, 10, 16, 10) } },
      subscribe: { users: { succeeded: bump(N, 10, 10, 15, 0), failed: bump(N, 0, 10, 15, 10) }, badBy: { payments: bump(N, 0, 10, 15, 10) } },
      // browse has its own trouble at catalog at the same time: not the outage's doing.
      browse: { users: { succeeded: fill(N, 100), failed: bump(N, 0, 10, 15, 5) }, badBy: { catalog: bump(N, 0, 10, 15, 5) } },
    },
  });
  return summarize(r, sc);
}

describe('blast', () => {
  it('finds the two features a payments outage reached, and how much each lost', () => {
    const o = threeFeatures();
    const b = o.blast[0];
    expect(b).toMatchObject({ kind: 'fault', ref: 0, name: 'outage of payments' });
    // Judged over the outage plus a 10 s tail.
    expect(b.window).toEqual([100_000, 160_000]);
    expect(b.features.map((f) => f.feature)).toEqual(['checkout', 'subscribe']);
    // web saturated because of the outage, so its rejections count too: all 30 × 6 buckets.
    expect(o.breaks.find((x) => x.subject === 'web')!.path.steps.some((s) => s.kind === 'fault' && s.ref === 0)).toBe(true);
    expect(b.features[0]).toEqual({ feature: 'checkout', users: 180, value: 180 * 40 });
    expect(b.features[1]).toEqual({ feature: 'subscribe', users: 50, value: 50 * 10 });
    expect(b.users).toBe(230);
    expect(b.value).toBe(7700);
  });

  it('judges a load storm by what features lost above their normal baseline', () => {
    const o = summarize(storyResult(), storyScenario());
    const spike = o.blast.find((b) => b.kind === 'load')!;
    expect(spike.name).toBe('10x spike on browse');
    // Judged with its aftermath: the spill-over failures in buckets 30 and 31 end at 05:20.
    expect(spike.window).toEqual([120_000, 320_000]);
    // Judged: buckets 12..31. Normal: 0..11, 32..35, 42..59, with no bad intents: nothing to take away.
    const [checkout, browse] = spike.features;
    expect([checkout.feature, browse.feature]).toEqual(['checkout', 'browse']);
    expect(checkout.users).toBeCloseTo(16 * 15 + 14 * 3, 9);
    expect(browse.users).toBeCloseTo(100 * 16, 9);
    expect(checkout.value).toBeCloseTo(40 * checkout.users, 9);
    const outage = o.blast.find((b) => b.kind === 'fault')!;
    expect(outage.features.map((f) => [f.feature, f.users, f.value])).toEqual([['recommend', 600, 300]]);
  });
});
