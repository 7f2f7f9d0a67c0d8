/**
 * The family-wise error control itself: the per-comparison level is α/K with K the declared
 * total, the quantiles invert it exactly, and a suite cannot make more comparisons than it
 * declares. (Instances made here are not registered with `comparisons`, so they add nothing to
 * any suite's count.)
 */
import { describe, expect, it } from 'vitest';
import { Comparisons, DECLARED, FAMILY_ALPHA, FAMILY_SIZE, PER_COMPARISON, criticalValue } from './family.js';
import { normalTwoSided, studentTwoSided } from './stats.js';

describe('family of comparisons', () => {
  it('K is the sum of the declarations, and K comparisons at α/K each add up to α', () => {
    expect(FAMILY_SIZE).toBe(Object.values(DECLARED).reduce((a: number, b: number) => a + b, 0));
    expect(PER_COMPARISON * FAMILY_SIZE).toBeCloseTo(FAMILY_ALPHA, 15);
  });

  it('the critical values have two-sided tail α/K: normal for a known SE, Student t for an estimated one', () => {
    expect(normalTwoSided(criticalValue()) / PER_COMPARISON).toBeCloseTo(1, 6);
    for (const df of [3, 9, 29]) {
      expect(studentTwoSided(criticalValue(df), df) / PER_COMPARISON).toBeCloseTo(1, 6);
      expect(criticalValue(df)).toBeGreaterThan(criticalValue());
    }
    // With ~150 comparisons a known SE needs ~4.5 of them, ten replications ~9.3.
    expect(criticalValue()).toBeGreaterThan(4.2);
    expect(criticalValue()).toBeLessThan(4.8);
  });

  it('tolerance = q·SE + bias, with q from the right distribution', () => {
    const z = criticalValue(), se = 0.1;
    const c = () => new Comparisons('cli/cli');
    c().expectAgrees('just inside (known SE)', [10 + 0.999 * z * se + 0.5], 10, { se, bias: 0.5 });
    expect(() => c().expectAgrees('just outside (known SE)', [10 + 1.001 * z * se + 0.5], 10, { se, bias: 0.5 })).toThrow();
    // Estimated SE from 1, 2, 3, 4: mean 2.5, sample variance 5/3, SE √(5/3/4); t with 3 df.
    const xs = [1, 2, 3, 4], seHat = Math.sqrt(5 / 3 / 4), t3 = criticalValue(3);
    c().expectAgrees('inside with t', xs, 2.5 - 0.999 * t3 * seHat);
    expect(() => c().expectAgrees('outside with t', xs, 2.5 - 1.001 * t3 * seHat)).toThrow();
  });

  it('a suite making more comparisons than it declares fails at the first one too many', () => {
    const c = new Comparisons('cli/cli');
    for (let i = 0; i < DECLARED['cli/cli']; i++) c.expectAgrees(`comparison ${i}`, [1], 1, { se: 1 });
    expect(() => c.expectAgrees('one too many', [1], 1, { se: 1 })).toThrow(/declared/);
  });
});
