/**
 * fast-check arbitraries for valid normalised scenarios (what parseScenario produces): a random
 * DAG of services (calls only to higher-index services, so never a loop), random workers and
 * queues (unbounded, none, small), every distribution kind (constant ones make ties), random
 * rates and short durations so that a run takes milliseconds.
 */
import fc from 'fast-check';
import type { CallSpec, DistSpec, FeatureSpec, Scenario, ServiceSpec } from '../../src/scenario/types.js';

/** Values in ms; integers often, so constants and empirical samples tie. */
const ms = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 40, noNaN: true }));

export const distSpec: fc.Arbitrary<DistSpec> = fc.oneof(
  fc.record({ kind: fc.constant('constant' as const), value: ms }),
  fc.record({ kind: fc.constant('exponential' as const), mean: fc.oneof(fc.constant(0), fc.double({ min: 0.05, max: 30, noNaN: true })) }),
  fc
    .tuple(ms, fc.double({ min: 0.01, max: 30, noNaN: true }))
    .map(([min, width]): DistSpec => ({ kind: 'uniform', min, max: min + width })),
  // From p50/p99 as the schema does (p99 > p50 > 0), and from mean/sd.
  fc
    .tuple(fc.double({ min: 0.1, max: 30, noNaN: true }), fc.double({ min: 1.01, max: 6, noNaN: true }))
    .map(([p50, ratio]): DistSpec => {
      const mu = Math.log(p50);
      return { kind: 'lognormal', mu, sigma: (Math.log(p50 * ratio) - mu) / 2.3263478740408408 };
    }),
  fc
    .tuple(fc.double({ min: 0.1, max: 30, noNaN: true }), fc.double({ min: 0, max: 40, noNaN: true }))
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

/** A valid normalised scenario with 1–5 services and 1–3 features. */
export function scenarioArb(options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const maxDuration = options.maxDurationMs ?? 3000;
  const maxRate = options.maxRatePerMs ?? 0.4;
  return fc.integer({ min: 1, max: 5 }).chain((n) => {
    const names = Array.from({ length: n }, (_, i) => `s${i}`);
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
        // Mostly busy (queues build, small queues reject), sometimes nearly idle.
        ratePerMs: fc.oneof(
          { weight: 4, arbitrary: fc.double({ min: maxRate / 20, max: maxRate, noNaN: true }) },
          { weight: 1, arbitrary: fc.double({ min: 0.0005, max: maxRate / 20, noNaN: true }) },
        ),
        entry: fc.integer({ min: 0, max: n - 1 }).map((i) => names[i]),
      });
    return fc
      .record({
        services: fc.tuple(...names.map((_, i) => service(i))),
        features: fc.integer({ min: 1, max: 3 }).chain((m) => fc.tuple(...Array.from({ length: m }, (_, k) => feature(k)))),
        durationMs: fc.oneof(
          { weight: 5, arbitrary: fc.integer({ min: Math.ceil(maxDuration / 10), max: maxDuration }) },
          { weight: 1, arbitrary: fc.double({ min: 1, max: maxDuration / 10, noNaN: true }) },
        ),
        warmupShare: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.9, noNaN: true })),
        seed: fc.integer({ min: 0, max: 1_000_000 }),
      })
      .map(({ services, features, durationMs, warmupShare, seed }): Scenario => ({
        name: 'random',
        durationMs,
        warmupMs: warmupShare * durationMs,
        seed,
        features,
        services,
      }));
  });
}
