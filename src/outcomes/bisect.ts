/**
 * Where each feature first breaks along a sweep: the first tabulated value where it is broken
 * after one where it held, then bisection inside that bracket (all features' brackets probed
 * together, one batch per round, so the work parallelises). Assumes breaking is monotone inside
 * the bracket; a probe value shared by several brackets is run once.
 */
import type { BreakPoint } from './experiment-types.js';

export interface BisectOptions {
  /** Stop when |broken − ok| ≤ tolerance. */
  tolerance: number;
  /** Most bisection steps per feature (default 8). */
  maxSteps?: number;
  /** Rounds a midpoint to a value the field can take (whole numbers...). */
  snap?: (value: number) => number;
  label?: (value: number) => string;
}

/** The features broken at each probed value, in the order of `values`. */
export type Probe = (values: number[]) => string[][];

interface Bracket { feature: string; ok: number; broken: number; steps: number }

/** `grid` in sweep order with the features broken at each value; returns one BreakPoint per feature that ever broke on it. */
export function findBreaks(grid: { value: number; broken: string[] }[], options: BisectOptions, probe: Probe): BreakPoint[] {
  const snap = options.snap ?? ((v: number) => v), label = options.label ?? String, maxSteps = options.maxSteps ?? 8;
  const features = [...new Set(grid.flatMap((g) => g.broken))];
  const starts: BreakPoint[] = [];
  const brackets: Bracket[] = [];
  for (const feature of features) {
    const k = grid.findIndex((g) => g.broken.includes(feature));
    if (k === 0) starts.push({ feature, status: 'at-start', broken: grid[0].value, brokenLabel: label(grid[0].value), steps: 0 });
    else brackets.push({ feature, ok: grid[k - 1].value, broken: grid[k].value, steps: 0 });
  }
  const midOf = (b: Bracket) => snap((b.ok + b.broken) / 2);
  const open = (b: Bracket) => b.steps < maxSteps && Math.abs(b.broken - b.ok) > options.tolerance && midOf(b) !== b.ok && midOf(b) !== b.broken;
  const seen = new Map<number, string[]>();
  for (let active = brackets.filter(open); active.length > 0; active = active.filter(open)) {
    const fresh = [...new Set(active.map(midOf))].filter((v) => !seen.has(v));
    const results = fresh.length > 0 ? probe(fresh) : [];
    fresh.forEach((v, i) => seen.set(v, results[i]));
    for (const b of active) {
      const mid = midOf(b);
      if (seen.get(mid)!.includes(b.feature)) b.broken = mid;
      else b.ok = mid;
      b.steps++;
    }
  }
  const found = brackets.map((b): BreakPoint => ({
    feature: b.feature, status: 'breaks', ok: b.ok, okLabel: label(b.ok), broken: b.broken, brokenLabel: label(b.broken), steps: b.steps,
  }));
  return features.map((f) => [...starts, ...found].find((p) => p.feature === f)!);
}
