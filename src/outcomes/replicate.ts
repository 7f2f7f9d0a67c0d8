/**
 * Replications: which seeds a set of runs uses, and the mean of each metric over them with its
 * 95% Student t confidence interval.
 */
import { tQuantile } from './student-t.js';
import type { Samples, Stat } from './experiment-types.js';

/** The confidence level of every interval brownout reports. */
export const CONFIDENCE = 0.95;

/**
 * The seeds of `runs` replications: base, base + 1, ..., base + runs − 1. Run i's seed depends
 * on nothing but the base and i (not on the number of runs, the shard or the thread), so 10 runs
 * are the first 10 of 20. Neighbouring seeds give unrelated draws: every random stream is
 * seeded by hashing `${seed}/${stream name}` (src/engine/random.ts).
 */
export function replicationSeeds(baseSeed: number, runs: number): number[] {
  if (!Number.isSafeInteger(baseSeed) || baseSeed < 0) throw new RangeError(`seed must be a whole number ≥ 0, got ${baseSeed}`);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new RangeError(`runs must be a whole number ≥ 1, got ${runs}`);
  if (!Number.isSafeInteger(baseSeed + runs)) throw new RangeError(`seed ${baseSeed} is too large for ${runs} runs`);
  return Array.from({ length: runs }, (_, i) => baseSeed + i);
}

/**
 * Each metric's mean, sample standard deviation and 95% Student t interval
 * (mean ± t(0.975, n − 1)·sd/√n) over the samples, one sample per run. A metric missing from
 * some samples counts as 0 in them (metrics are counts and shares of what happened; a metric
 * a run does not report is one that did not happen there), so every metric has n = samples.length.
 * With one sample, sd and the interval are NaN (null in JSON). Sums run in sample order, so the
 * result is the same bit for bit however the runs were spread over threads or shards.
 * Metrics come out in sorted order.
 */
export function summaryOf(samples: Samples[]): Record<string, Stat> {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s)))].sort();
  const out: Record<string, Stat> = {};
  // Every metric is a count, an amount or a share, never negative, except a net value.
  for (const name of names) out[name] = statOf(samples.map((s) => s[name] ?? 0), !name.endsWith('.net'));
  return out;
}

/**
 * Mean, sd and t interval of one list of values. With `atLeastZero` (a count or an amount, never
 * negative) the interval stops at 0 when no value is negative; a difference keeps its own.
 */
export function statOf(values: number[], atLeastZero = false): Stat {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { mean, sd: NaN, low: NaN, high: NaN, n };
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  // Equal values have no spread: say 0 exactly, not the rounding noise of their mean.
  const same = values.every((v) => v === values[0]);
  const sd = same ? 0 : Math.sqrt(squares / (n - 1));
  const half = quantile(n - 1) * (sd / Math.sqrt(n));
  // A count or an amount that is never negative has an interval that is not either.
  const floor = atLeastZero && values.every((v) => v >= 0) ? 0 : -Infinity;
  return { mean: same ? values[0] : mean, sd, low: Math.max(floor, mean - half), high: mean + half, n };
}

const quantiles = new Map<number, number>();

/** t(0.975, df), remembered: every metric of an experiment shares the same df. */
function quantile(df: number): number {
  let q = quantiles.get(df);
  if (q === undefined) quantiles.set(df, (q = tQuantile(1 - (1 - CONFIDENCE) / 2, df)));
  return q;
}
