/**
 * Helpers for the story tests (test/scenarios/story-*.test.ts): each bundled scenario's lesson,
 * asserted in words a reader can check, with every expected figure derived from the scenario's
 * own parameters (closed forms, documented at each use), never copied from a run.
 *
 * They lean on the behaviour-test helpers (test/support/behaviour.ts): `replicate` runs seeds,
 * `family.expectAgrees` (test/support/family.ts) compares a replication mean with a closed form within
 * q·SE + bias, q set so that the whole family of comparisons fails by chance with probability below 1e-3.
 * Only the public result fields are read (features, services, edges, shedding, series).
 */
import { expect } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load-file.js';
import type { Scenario } from '../../src/scenario/types.js';
import { variantOf } from '../../src/scenario/resolve.js';
import type { RunResult, SeriesResult } from '../../src/model/result.js';
import { replicate } from '../support/behaviour.js';
import { simulate } from '../../src/model/simulate.js';
import { summarize } from '../../src/outcomes/summarize.js';
import type { Outcomes } from '../../src/outcomes/types.js';

/** The bundled scenario `scenarios/NAME.yaml`, parsed (a problem fails the test loudly). */
export function bundled(name: string): Scenario {
  const loaded = loadScenarioFile(`scenarios/${name}.yaml`);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`).join('\n'));
  return loaded.scenario;
}

/** The declared variant `name` of `scenario` (resolve.ts variantOf), or an error naming it. */
export function variantNamed(scenario: Scenario, name: string): Scenario {
  const v = variantOf(scenario, name);
  if (!v) throw new Error(`${scenario.name} declares no variant "${name}"`);
  return v.scenario;
}

/** Runs `scenario` once per seed, lazily and once: `const runs = lazyRuns(s, seeds); runs()`. */
export function lazyRuns(scenario: Scenario, seeds: number[]): () => RunResult[] {
  let cached: RunResult[] | undefined;
  return () => (cached ??= replicate(scenario, seeds));
}

/** The base run of `scenario` and its outcomes, simulated lazily and once: `const base = lazyBase(s); base()`. */
export function lazyBase(scenario: Scenario): () => { result: RunResult; outcomes: Outcomes } {
  let cached: { result: RunResult; outcomes: Outcomes } | undefined;
  return () => {
    if (cached) return cached;
    const result = simulate(scenario);
    return (cached = { result, outcomes: summarize(result, scenario) });
  };
}

/** Standard normal quantile at 0.99: a log-normal given by p50/p99 has σ = ln(p99/p50) / Z99. */
const Z99 = 2.3263478740408408;

/** Mean of a log-normal given by its median and 99th percentile: p50 · exp(σ²/2). */
export function lognormalMean(p50: number, p99: number): number {
  const sigma = Math.log(p99 / p50) / Z99;
  return p50 * Math.exp((sigma * sigma) / 2);
}

/** Indices of the buckets lying wholly inside [fromMs, toMs). */
export function bucketsIn(s: SeriesResult, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < s.t.length; b++) if (s.t[b] >= fromMs && s.t[b] + s.bucketMs <= toMs) out.push(b);
  return out;
}

/** Average of a per-bucket level (utilization, queue length) over the buckets inside [fromMs, toMs). */
export function levelOver(s: SeriesResult, row: number[], fromMs: number, toMs: number): number {
  const bs = bucketsIn(s, fromMs, toMs);
  expect(bs.length, `no bucket lies inside [${fromMs}, ${toMs}) ms`).toBeGreaterThan(0);
  return bs.reduce((acc, b) => acc + row[b], 0) / bs.length;
}

/** Mean latency (ms) of a feature's successes completing inside [fromMs, toMs): per-bucket means weighted by successes. */
export function latencyOver(s: SeriesResult, feature: string, fromMs: number, toMs: number): number {
  const f = s.features[feature];
  let sum = 0, n = 0;
  for (const b of bucketsIn(s, fromMs, toMs)) {
    const mean = f.latencyMeanMs[b];
    if (mean !== null) { sum += mean * f.succeeded[b]; n += f.succeeded[b]; }
  }
  expect(n, `${feature}: no success inside [${fromMs}, ${toMs}) ms`).toBeGreaterThan(0);
  return sum / n;
}

/**
 * When a breaker on `edge` first opened and last closed, from the per-bucket share of time open
 * (a bucket partly open at the start opened late in it; partly open at the end closed early in it).
 */
export function breakerInterval(r: RunResult, edge: string): { openAt: number; closeAt: number } {
  const s = r.series, share = s.edges[edge].breakerOpenShare;
  const first = share.findIndex((x) => x > 0);
  expect(first, `seed ${r.seed}: the breaker on ${edge} never opened`).toBeGreaterThanOrEqual(0);
  let last = first;
  share.forEach((x, b) => { if (x > 0) last = b; });
  return { openAt: s.t[first] + s.bucketMs * (1 - share[first]), closeAt: s.t[last] + s.bucketMs * share[last] };
}

/** Rounds `ms` up to the next bucket boundary of `s` (windows start on whole buckets). */
export const ceilToBucket = (s: SeriesResult, ms: number): number => Math.ceil(ms / s.bucketMs) * s.bucketMs;

/** Rounds `ms` down to a bucket boundary of `s`. */
export const floorToBucket = (s: SeriesResult, ms: number): number => Math.floor(ms / s.bucketMs) * s.bucketMs;
