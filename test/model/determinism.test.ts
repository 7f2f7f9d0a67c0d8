/**
 * Reproducibility: the same scenario and seed give an identical result (to the JSON byte); a
 * different seed gives a different one; and every random source has its own named stream, so
 * changing one feature's rate (or adding a feature, or changing a service) leaves the other
 * features' arrivals exactly as they were (common random numbers across variants).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import { parseScenario } from '../../src/scenario/parse.js';
import type { Scenario } from '../../src/scenario/types.js';

/** The bundled three-tier scenario, shortened to 2 minutes so each run takes a few ms. */
function threeTier(): Scenario {
  const path = new URL('../../scenarios/three-tier.yaml', import.meta.url);
  const parsed = parseScenario(readFileSync(path, 'utf8'), 'scenarios/three-tier.yaml');
  if (!parsed.ok) throw new Error(`three-tier.yaml does not parse: ${JSON.stringify(parsed.problems)}`);
  return { ...parsed.scenario, durationMs: 120_000, warmupMs: 10_000 };
}

const withRate = (s: Scenario, feature: string, factor: number): Scenario => ({
  ...s,
  features: s.features.map((f) => (f.name === feature ? { ...f, ratePerMs: f.ratePerMs * factor } : f)),
});

describe('determinism', () => {
  it('the same scenario and seed give deep-equal results with identical JSON', () => {
    const s = threeTier();
    const a = simulate(s, { seed: 3 });
    const b = simulate(s, { seed: 3 });
    expect(a.status).toBe('complete');
    expect(a.features.browse.arrivals).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('a freshly parsed copy of the scenario gives the same result as the original', () => {
    const a = simulate(threeTier(), { seed: 11 });
    const b = simulate(structuredClone(threeTier()), { seed: 11 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('the scenario seed is used when no seed is given, and the seed option overrides it', () => {
    const s = threeTier();
    const fromFile = simulate({ ...s, seed: 5 });
    const fromOption = simulate({ ...s, seed: 1 }, { seed: 5 });
    expect(fromFile.seed).toBe(5);
    expect(fromOption.seed).toBe(5);
    expect(JSON.stringify(fromOption)).toBe(JSON.stringify(fromFile));
  });

  it('does not modify the scenario it is given', () => {
    const s = threeTier();
    const before = JSON.stringify(s);
    simulate(s, { seed: 2 });
    expect(JSON.stringify(s)).toBe(before);
  });

  it('a different seed gives a different result', () => {
    const s = threeTier();
    const a = simulate(s, { seed: 1 });
    const b = simulate(s, { seed: 2 });
    expect(b.seed).toBe(2);
    expect(b.features.browse.arrivals).not.toBe(a.features.browse.arrivals);
    expect(b.features.browse.latencyMs).not.toEqual(a.features.browse.latencyMs);
    expect(b.services.catalog.sojournMs).not.toEqual(a.services.catalog.sojournMs);
  });

  it('changing one feature\'s rate leaves the other feature\'s arrival count unchanged', () => {
    const s = threeTier();
    for (const seed of [1, 2, 3]) {
      const base = simulate(s, { seed });
      for (const factor of [0.5, 1.5, 3]) {
        const more = simulate(withRate(s, 'browse', factor), { seed });
        expect(more.features.checkout.arrivals, `seed ${seed}, browse ×${factor}`).toBe(base.features.checkout.arrivals);
        expect(more.features.browse.arrivals).not.toBe(base.features.browse.arrivals);
        // Arrivals over time too, not just the total.
        expect(more.series.features.checkout.arrivals).toEqual(base.series.features.checkout.arrivals);
        const fewer = simulate(withRate(s, 'checkout', factor), { seed });
        expect(fewer.features.browse.arrivals, `seed ${seed}, checkout ×${factor}`).toBe(base.features.browse.arrivals);
        expect(fewer.series.features.browse.arrivals).toEqual(base.series.features.browse.arrivals);
      }
    }
  });

  it('adding a feature or changing a service leaves the existing features\' arrivals unchanged', () => {
    const s = threeTier();
    const base = simulate(s, { seed: 4 });
    const added = simulate({ ...s, features: [{ name: 'search', ratePerMs: 0.05, entry: 'catalog' }, ...s.features] }, { seed: 4 });
    expect(added.features.browse.arrivals).toBe(base.features.browse.arrivals);
    expect(added.features.checkout.arrivals).toBe(base.features.checkout.arrivals);
    expect(added.features.search.arrivals).toBeGreaterThan(0);

    const slower = simulate(
      { ...s, services: s.services.map((v) => (v.name === 'catalog' ? { ...v, serviceTime: { kind: 'exponential' as const, mean: 14 } } : v)) },
      { seed: 4 },
    );
    expect(slower.features.browse.arrivals).toBe(base.features.browse.arrivals);
    expect(slower.features.checkout.arrivals).toBe(base.features.checkout.arrivals);
    expect(slower.services.catalog.sojournMs.mean).toBeGreaterThan(base.services.catalog.sojournMs.mean);
  });
});
