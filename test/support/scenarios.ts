/**
 * fast-check arbitraries for valid normalised scenarios (what parseScenario produces): a random
 * DAG of services (calls only to higher-index services, so never a loop), random workers and
 * queues (unbounded, none, small), every distribution kind (constant ones make ties), random
 * rates and short durations so that a run takes milliseconds. These are the plain scenarios:
 * no storms and no defences (scenario-rich.ts adds those).
 *
 * Every number generated is one a scenario file can spell: 0, or at least 1e-6 (so it prints
 * without an exponent, e.g. `0.000123ms`), so each scenario round-trips through YAML
 * (scenario-yaml.ts, checked in scenarios.test.ts).
 */
import fc from 'fast-check';
import type { CallSpec, DistSpec, FeatureSpec, Scenario, ServiceSpec } from '../../src/scenario/types.js';

/** Numbers a file can spell: tiny doubles (which print with an exponent) become 0. */
const spellable = (x: number): number => (x < 1e-6 ? 0 : x);

/** A double in [min, max] (min ≥ 0) that a file can spell. */
export const double = (min: number, max: number): fc.Arbitrary<number> =>
  fc.double({ min: Math.max(min, 1e-6), max, noNaN: true }).map(spellable);

/**
 * A number in [min, max]: often a whole number or a three-decimal one (so values tie and fall on
 * boundaries), sometimes any double. `min` ≥ 0.
 */
export function decimal(min: number, max: number): fc.Arbitrary<number> {
  const options: fc.Arbitrary<number>[] = [
    fc.integer({ min: Math.ceil(min * 1000), max: Math.floor(max * 1000) }).map((k) => k / 1000),
    double(min, max),
  ];
  if (Math.ceil(min) <= Math.floor(max)) options.push(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }));
  return fc.oneof(...options);
}

/** A number in (0, max]: for durations that must be more than zero. */
export const positive = (max: number): fc.Arbitrary<number> => decimal(0.001, max);

/** A share in (0, 1], as whole percentages or any fraction. */
export const share: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: 1, max: 100 }).map((k) => k / 100), double(1e-3, 1));

/** A moment inside a run of `durationMs` (so strictly before its end). */
export const momentIn = (durationMs: number): fc.Arbitrary<number> =>
  fc.integer({ min: 0, max: Math.max(0, Math.ceil(durationMs * 1000) - 1) }).map((k) => k / 1000);

/** Values in ms; integers often, so constants and empirical samples tie. */
const ms = fc.oneof(fc.integer({ min: 0, max: 40 }), double(0, 40));

export const distSpec: fc.Arbitrary<DistSpec> = fc.oneof(
  fc.record({ kind: fc.constant('constant' as const), value: ms }),
  fc.record({ kind: fc.constant('exponential' as const), mean: fc.oneof(fc.constant(0), double(0.05, 30)) }),
  fc
    .tuple(ms, double(0.01, 30))
    .map(([min, width]): DistSpec => ({ kind: 'uniform', min, max: min + width })),
  // From p50/p99 as the schema does (p99 > p50 > 0), and from mean/sd.
  fc
    .tuple(double(0.1, 30), double(1.01, 6))
    .map(([p50, ratio]): DistSpec => {
      const mu = Math.log(p50);
      return { kind: 'lognormal', mu, sigma: (Math.log(p50 * ratio) - mu) / 2.3263478740408408 };
    }),
  fc
    .tuple(double(0.1, 30), double(0, 40))
    .map(([mean, sd]): DistSpec => {
      const v = Math.log(1 + (sd * sd) / (mean * mean));
      return { kind: 'lognormal', mu: Math.log(mean) - v / 2, sigma: Math.sqrt(v) };
    }),
  fc.record({ kind: fc.constant('empirical' as const), samples: fc.array(ms, { minLength: 1, maxLength: 6 }) }),
);

export const queueCap = fc.oneof(fc.constant(Infinity), fc.constant(0), fc.integer({ min: 1, max: 4 }));

export interface ScenarioOptions {
  /** Largest duration, ms (default 3000). */
  maxDurationMs?: number;
  /** Largest total arrival rate per feature, per ms (default 0.4). */
  maxRatePerMs?: number;
}

/** Service names s0, s1, ... */
export const serviceNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `s${i}`);

/** A base arrival rate: mostly busy (queues build, small queues reject), sometimes nearly idle. */
export const baseRate = (maxRate: number): fc.Arbitrary<number> =>
  fc.oneof({ weight: 4, arbitrary: decimal(maxRate / 20, maxRate) }, { weight: 1, arbitrary: double(0.0005, maxRate / 20) });

/** A run length (mostly long enough for queues to build, sometimes very short) and a seed. */
export function runShape(maxDuration: number) {
  return fc.record({
    durationMs: fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: Math.ceil(maxDuration / 10), max: maxDuration }) },
      { weight: 1, arbitrary: double(1, maxDuration / 10) },
    ),
    warmupShare: fc.oneof(fc.constant(0), double(0, 0.9)),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  });
}

/** Warmup as a share of the run, kept spellable. */
export const warmupOf = (durationMs: number, share: number): number => spellable(share * durationMs);

/** A valid normalised scenario with 1–5 services and 1–3 features. */
export function scenarioArb(options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const maxDuration = options.maxDurationMs ?? 3000;
  const maxRate = options.maxRatePerMs ?? 0.4;
  return fc.integer({ min: 1, max: 5 }).chain((n) => {
    const names = serviceNames(n);
    const call = (from: number): fc.Arbitrary<CallSpec> =>
      fc
        .record({ to: fc.integer({ min: from + 1, max: n - 1 }), latency: fc.option(distSpec, { nil: undefined }) })
        .map(({ to, latency }) => (latency ? { to: names[to], latency } : { to: names[to] }));
    const service = (i: number): fc.Arbitrary<ServiceSpec> =>
      fc.record({
        name: fc.constant(names[i]),
        workers: fc.integer({ min: 1, max: 8 }),
        queue: queueCap,
        serviceTime: distSpec,
        calls: i === n - 1 ? fc.constant([]) : fc.array(call(i), { maxLength: 2 }),
      });
    const feature = (k: number): fc.Arbitrary<FeatureSpec> =>
      fc.record({
        name: fc.constant(`f${k}`),
        ratePerMs: baseRate(maxRate),
        entry: fc.integer({ min: 0, max: n - 1 }).map((i) => names[i]),
      });
    return fc
      .record({
        services: fc.tuple(...names.map((_, i) => service(i))),
        features: fc.integer({ min: 1, max: 3 }).chain((m) => fc.tuple(...Array.from({ length: m }, (_, k) => feature(k)))),
        run: runShape(maxDuration),
      })
      .map(({ services, features, run }): Scenario => ({
        name: 'random',
        durationMs: run.durationMs,
        warmupMs: warmupOf(run.durationMs, run.warmupShare),
        seed: run.seed,
        features,
        services,
      }));
  });
}
