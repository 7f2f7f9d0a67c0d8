/**
 * Small assertions shared by the invariant checkers. They call `expect` only when the check
 * fails (thousands of checks run per scenario, and vitest's expect is costly), so a failure
 * still reads as an ordinary assertion with its message.
 */
import { expect } from 'vitest';

export const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** `actual` is `expected` (Object.is). */
export function eq(actual: unknown, expected: unknown, what: string): void {
  if (!Object.is(actual, expected)) expect(actual, what).toBe(expected);
}

/** a ≤ b. */
export function le(a: number, b: number, what: string): void {
  if (!(a <= b)) expect(a, what).toBeLessThanOrEqual(b);
}

export function ok(condition: boolean, what: () => string): void {
  if (!condition) expect.fail(what());
}

/** Every element passes `test`. */
export function every<T>(xs: readonly T[], test: (x: T, i: number) => boolean, what: string): void {
  const i = xs.findIndex((x, k) => !test(x, k));
  if (i >= 0) expect.fail(`${what}: element ${i} is ${JSON.stringify(xs[i])} in ${JSON.stringify(xs)}`);
}

/** A count: a whole number, at least 0. */
export function count(x: number, what: string): void {
  ok(Number.isInteger(x) && x >= 0, () => `${what} = ${x}, not a count`);
}

/** A level: finite, at least 0. */
export const level = (x: number): boolean => Number.isFinite(x) && x >= 0;

/** A summary of a distribution of durations: finite, non-negative, ordered quantiles. */
export function quantiles(q: { mean: number; p50: number; p95: number; p99: number; max?: number }, what: string): void {
  for (const [k, v] of Object.entries(q)) ok(level(v), () => `${what}.${k} = ${v}`);
  ok(q.p50 <= q.p95 && q.p95 <= q.p99, () => `${what} quantiles ${JSON.stringify(q)}`);
  if (q.max !== undefined) {
    le(q.p99, q.max, `${what}: p99 <= max`);
    le(q.mean, q.max, `${what}: mean <= max`);
  }
}
