/**
 * The story of scenarios/three-tier.yaml: a shop at steady load. Browse (120/s) hits web, which
 * calls catalog; checkout (8/s) hits checkout, which calls catalog then payments. Nothing is
 * broken: the lesson is where the headroom is, i.e. what would saturate first as load grows.
 *
 * Figures derived from the file. A worker is busy for its own work plus the calls it waits on
 * (log-normal means are p50 · exp(σ²/2), σ = ln(p99/p50)/2.326):
 * - web:      120/s × (19.4 ms own + 10 ms catalog) / 32 workers = 11.0%
 * - checkout:   8/s × (54.6 ms own + 10 ms catalog + 120 ms payments) / 8 = 18.5%
 * - catalog:  128/s × 10 ms / 16 = 8.0%
 * - payments:   8/s × 120 ms / 4 = 24.0%: the busiest, so the first to saturate (at ≈ 4.2× the load).
 * Queue waits are negligible at these loads (payments, an M/D/4 queue at 24%, waits < 1 ms; the
 * others far less), so browse takes ≈ 29.4 ms and checkout ≈ 184.6 ms; the 1 ms bias below
 * covers those waits. With queues of 200 (catalog) and 50 (payments) nothing is turned away.
 */
import { describe, expect, it } from 'vitest';
import { seedsFrom } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';
import { bundled, lazyRuns, lognormalMean } from './story-support.js';

const family = comparisons('scenarios/story-three-tier');

const scenario = bundled('three-tier');
const runs = lazyRuns(scenario, seedsFrom(1, 5));

const BROWSE = 0.12, CHECKOUT = 0.008; // per ms
const WEB_OWN = lognormalMean(15, 80), CHECKOUT_OWN = lognormalMean(40, 250), CATALOG = 10, PAYMENTS = 120;
const BROWSE_TIME = WEB_OWN + CATALOG;
const CHECKOUT_TIME = CHECKOUT_OWN + CATALOG + PAYMENTS;
const UTILIZATION: Record<string, number> = {
  web: (BROWSE * BROWSE_TIME) / 32,
  checkout: (CHECKOUT * CHECKOUT_TIME) / 8,
  catalog: ((BROWSE + CHECKOUT) * CATALOG) / 16,
  payments: (CHECKOUT * PAYMENTS) / 4,
};

describe('three-tier: a shop at steady load, with payments closest to its limit', () => {
  it('is the scenario these figures were derived from', () => {
    expect(scenario.features.map((f) => [f.name, f.ratePerMs, f.entry])).toEqual([['browse', BROWSE, 'web'], ['checkout', CHECKOUT, 'checkout']]);
    expect(scenario.services.map((s) => [s.name, s.workers, s.calls.map((c) => c.to)])).toEqual([
      ['web', 32, ['catalog']], ['checkout', 8, ['catalog', 'payments']], ['catalog', 16, []], ['payments', 4, []],
    ]);
    expect(scenario.services.map((s) => s.serviceTime)).toMatchObject([
      { kind: 'lognormal' }, { kind: 'lognormal' }, { kind: 'exponential', mean: CATALOG }, { kind: 'constant', value: PAYMENTS },
    ]);
  });

  it('at steady load every request succeeds and no service turns anyone away', () => {
    for (const r of runs()) {
      for (const [name, f] of Object.entries(r.features)) expect(f.failed, `seed ${r.seed} ${name}`).toBe(0);
      for (const [name, s] of Object.entries(r.services)) expect(s.rejected, `seed ${r.seed} ${name}`).toBe(0);
    }
  });

  it('each service is busy for its arrivals × (own work + calls) / workers: web 11%, checkout 18.5%, catalog 8%, payments 24%', () => {
    for (const [name, expected] of Object.entries(UTILIZATION)) {
      family.expectAgrees(`${name} utilization`, runs().map((r) => r.services[name].utilization), expected, { bias: 0.002 });
    }
  });

  it('payments is the busiest service, so it is what breaks first as load grows (at ≈ 1/0.24 ≈ 4× today\'s checkouts)', () => {
    for (const r of runs()) {
      const busiest = Object.entries(r.services).sort((a, b) => b[1].utilization - a[1].utilization)[0][0];
      expect(busiest, `seed ${r.seed}`).toBe('payments');
    }
  });

  it('browse takes ≈ 29 ms and checkout ≈ 185 ms: own work plus the calls, with no queueing to speak of', () => {
    family.expectAgrees('browse latency, ms', runs().map((r) => r.features.browse.latencyMs.mean), BROWSE_TIME, { bias: 1 });
    family.expectAgrees('checkout latency, ms', runs().map((r) => r.features.checkout.latencyMs.mean), CHECKOUT_TIME, { bias: 1 });
  });
});
