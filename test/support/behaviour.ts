/**
 * Helpers for the behaviour tests (test/model/behaviour-*.test.ts): building small normalised
 * scenarios, running seeded replications, and reading the per-bucket series over a time window.
 *
 * Replication means are compared with closed forms through test/support/family.ts (one family
 * for all the theory suites, its tolerances chosen for a family-wise false-alarm rate below
 * 1e-3). No expected value comes from the simulator's own output.
 */
import { expect } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import type { RunResult, SeriesResult } from '../../src/model/result.js';
import type { BackoffSpec, DistSpec, Scenario } from '../../src/scenario/types.js';

export const exp = (mean: number): DistSpec => ({ kind: 'exponential', mean });
export const constant = (value: number): DistSpec => ({ kind: 'constant', value });

/** Immediate retries. */
export const NO_BACKOFF: BackoffSpec = { kind: 'none', baseMs: 0, multiplier: 1, capMs: 0, jitter: 'none' };

/** Runs `scenario` once per seed; every run must complete (no budget stopped it). */
export function replicate(scenario: Scenario, seeds: number[]): RunResult[] {
  return seeds.map((seed) => {
    const r = simulate(scenario, { seed });
    expect(r.status, `${scenario.name} seed ${seed}: run stopped early (${r.stopReason})`).toBe('complete');
    return r;
  });
}

export const seedsFrom = (first: number, n: number): number[] => Array.from({ length: n }, (_, i) => first + i);

export { meanAndSE } from './family.js';

/** Sum of `row` over the buckets lying wholly inside [fromMs, toMs). */
export function sumWindow(series: SeriesResult, row: number[], fromMs: number, toMs: number): number {
  let total = 0;
  for (let b = 0; b < series.t.length; b++) {
    if (series.t[b] >= fromMs && series.t[b] + series.bucketMs <= toMs) total += row[b];
  }
  return total;
}

/** Width (ms) covered by the buckets lying wholly inside [fromMs, toMs). */
export function windowMs(series: SeriesResult, fromMs: number, toMs: number): number {
  let n = 0;
  for (let b = 0; b < series.t.length; b++) if (series.t[b] >= fromMs && series.t[b] + series.bucketMs <= toMs) n++;
  return n * series.bucketMs;
}

/** Index of the bucket starting exactly at `t` (the tests align events with bucket starts). */
export function bucketAt(series: SeriesResult, t: number): number {
  const b = series.t.indexOf(t);
  if (b < 0) throw new Error(`no series bucket starts at ${t} ms (width ${series.bucketMs} ms)`);
  return b;
}

/** 1 + p + … + p^n: expected attempts of a call with n retries when each attempt fails with p. */
export function geometricSum(p: number, n: number): number {
  let s = 0;
  for (let k = 0; k <= n; k++) s += p ** k;
  return s;
}

/** Zipf(s) popularity over `keys` keys: P(key k) ∝ 1/(k+1)^s (key 0 most popular). */
export function zipfProbabilities(keys: number, s: number): number[] {
  const w = Array.from({ length: keys }, (_, k) => (k + 1) ** -s);
  const total = w.reduce((a, x) => a + x, 0);
  return w.map((x) => x / total);
}

/** The conservation identities every run must satisfy exactly (service and feature). */
export function expectConservation(r: RunResult): void {
  for (const [name, s] of Object.entries(r.services)) {
    const where = `${r.scenario} seed ${r.seed} service ${name}`;
    expect(s.arrivals, where).toBe(s.completed + s.failed + s.rejected + s.inSystem);
    const lost = s.messages?.lost ?? 0;
    expect(s.errors + s.expired + lost, `${where}: errors/expired/lost are part of failed`).toBeLessThanOrEqual(s.failed);
    expect(s.hung, `${where}: hung requests fail or are still in the system`).toBeLessThanOrEqual(s.failed + s.inSystem);
  }
  for (const [name, f] of Object.entries(r.features)) {
    const where = `${r.scenario} seed ${r.seed} feature ${name}`;
    expect(f.arrivals, where).toBe(f.succeeded + f.failed + f.abandoned + f.inFlight);
    const u = f.users;
    expect(u.arrived, `${where}: users`).toBe(u.succeeded + u.degraded + u.stale + u.failed + u.abandoned + u.shed + u.rateLimited + u.inFlight);
    expect(f.shed + f.rateLimited, `${where}: shed/rate-limited are part of failed`).toBeLessThanOrEqual(f.failed);
    expect(f.degraded, where).toBeLessThanOrEqual(f.succeeded);
    expect(f.stale, where).toBeLessThanOrEqual(f.succeeded);
    const total = (xs: { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);
    expect(total(f.causes.failed), `${where}: every failure has a cause`).toBe(f.failed);
    expect(total(f.causes.degraded), `${where}: every degraded answer has a cause`).toBe(f.degraded);
    expect(total(f.causes.abandoned), `${where}: every abandoned request has an origin`).toBe(f.abandoned);
  }
}
