/** Breaking points: bisection between tabulated values on synthetic monotone functions. */
import { describe, expect, it } from 'vitest';
import { findBreaks, type Probe } from '../../src/outcomes/bisect.js';

/** Features broken at x: `a` from 37.3 up, `b` from 81.25 up. */
const thresholds: Record<string, number> = { a: 37.3, b: 81.25 };
const brokenAt = (x: number) => Object.keys(thresholds).filter((f) => x >= thresholds[f]);
const gridOf = (values: number[]) => values.map((value) => ({ value, broken: brokenAt(value) }));

function counting(): { probe: Probe; calls: number[][] } {
  const calls: number[][] = [];
  return { calls, probe: (xs) => (calls.push(xs), xs.map(brokenAt)) };
}

describe('findBreaks', () => {
  it('brackets each threshold within the tolerance (1% of the range), all features probed together', () => {
    const { probe, calls } = counting();
    const found = findBreaks(gridOf([0, 25, 50, 75, 100]), { tolerance: 1 }, probe);
    expect(found.map((f) => f.feature)).toEqual(['a', 'b']);
    for (const f of found) {
      expect(f.status).toBe('breaks');
      expect(f.ok!).toBeLessThan(thresholds[f.feature]);
      expect(f.broken).toBeGreaterThanOrEqual(thresholds[f.feature]);
      expect(f.broken - f.ok!).toBeLessThanOrEqual(1);
    }
    // 25-wide brackets halve to ≤ 1 in 5 steps; each round probes both brackets in one batch.
    expect(found.map((f) => f.steps)).toEqual([5, 5]);
    expect(calls.length).toBe(5);
    expect(calls.every((c) => c.length === 2)).toBe(true);
  });

  it('stops after 8 steps however fine the tolerance', () => {
    const [a] = findBreaks(gridOf([0, 100]), { tolerance: 1e-9 }, counting().probe);
    expect(a.steps).toBe(8);
    expect(a.broken - a.ok!).toBeCloseTo(100 / 256, 12);
    expect(a.broken).toBeGreaterThanOrEqual(37.3);
  });

  it('whole-number fields bisect to adjacent whole numbers', () => {
    const [a, b] = findBreaks(gridOf([0, 50, 100]), { tolerance: 1, snap: Math.round }, counting().probe);
    expect([a.ok, a.broken]).toEqual([37, 38]);
    expect([b.ok, b.broken]).toEqual([81, 82]);
  });

  it('works along a descending sweep (breaking as the value falls)', () => {
    const brokenBelow = (x: number) => (x < 6.5 ? ['checkout'] : []);
    const grid = [20, 15, 10, 5, 2].map((value) => ({ value, broken: brokenBelow(value) }));
    const [c] = findBreaks(grid, { tolerance: 1, snap: Math.round }, (xs) => xs.map(brokenBelow));
    expect([c.ok, c.broken]).toEqual([7, 6]);
  });

  it('broken from the first value: at-start, nothing probed; never broken: not listed', () => {
    const { probe, calls } = counting();
    const found = findBreaks(gridOf([40, 60, 80]), { tolerance: 1, label: (v) => `${v}/s` }, probe);
    expect(found).toEqual([{ feature: 'a', status: 'at-start', broken: 40, brokenLabel: '40/s', steps: 0 }]);
    expect(calls).toEqual([]);
  });

  it('labels the bracket ends', () => {
    const [a] = findBreaks(gridOf([0, 100]), { tolerance: 30, label: (v) => `${v}ms` }, counting().probe);
    expect(a).toMatchObject({ ok: 25, okLabel: '25ms', broken: 50, brokenLabel: '50ms', steps: 2 });
  });
});
