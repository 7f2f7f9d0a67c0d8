/** Small assertions shared by the invariant checkers. */
import { expect } from 'vitest';

export const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** A count: a whole number, at least 0. */
export function count(x: number, what: string): void {
  expect(Number.isInteger(x) && x >= 0, `${what} = ${x}`).toBe(true);
}

/** A summary of a distribution of durations: finite, non-negative, ordered quantiles. */
export function quantiles(q: { mean: number; p50: number; p95: number; p99: number; max?: number }, what: string): void {
  for (const [k, v] of Object.entries(q)) expect(Number.isFinite(v) && v >= 0, `${what}.${k} = ${v}`).toBe(true);
  expect(q.p50 <= q.p95 && q.p95 <= q.p99, `${what} quantiles ${JSON.stringify(q)}`).toBe(true);
  if (q.max !== undefined) {
    expect(q.p99, `${what}: p99 <= max`).toBeLessThanOrEqual(q.max);
    expect(q.mean, `${what}: mean <= max`).toBeLessThanOrEqual(q.max);
  }
}
