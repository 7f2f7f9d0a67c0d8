/**
 * fast-check arbitraries for storms, as the parser normalises them (src/scenario/storms.ts) and
 * as its cross-checks allow (src/scenario/references.ts): load profiles (spike, step, ramp,
 * daily, replay) on random subsets of the features ([] = all), and faults on the services that
 * exist — every start inside the run, a capacity fault losing at most workers × instances, a
 * cache flush only on a cached service, a partition only on a call that is made.
 */
import fc from 'fast-check';
import type { FaultSpec, LoadSpec, ServiceSpec } from '../../src/scenario/types.js';
import { decimal, momentIn, positive, share } from './scenarios.js';


/** Replay points: starting at 0, increasing times, rates ≥ 0 (zero allowed). */
const points = (durationMs: number, maxRate: number) =>
  fc
    .array(fc.tuple(positive(durationMs / 2), decimal(0, maxRate)), { maxLength: 4 })
    .chain((rest) =>
      decimal(0, maxRate).map((first) => {
        let t = 0;
        const out = [{ tMs: 0, ratePerMs: first }];
        for (const [gap, ratePerMs] of rest) out.push({ tMs: (t = t + gap), ratePerMs });
        return out;
      }));

/** One load entry on some of `features` within a run of `durationMs`. */
export function loadItem(features: string[], durationMs: number, maxRate: number): fc.Arbitrary<LoadSpec> {
  const start = momentIn(durationMs);
  const span = positive(durationMs);
  // [] = every feature (the file names none); else some of them, named.
  const targets = fc.oneof(fc.constant<string[]>([]), fc.subarray(features, { minLength: 1 }));
  return fc.oneof(
    fc.record({
      kind: fc.constant('spike' as const), features: targets, startMs: start, durationMs: span,
      factor: decimal(0, 4), rampUpMs: fc.oneof(fc.constant(0), decimal(0, durationMs / 2)), rampDownMs: fc.oneof(fc.constant(0), decimal(0, durationMs / 2)),
    }),
    fc.record({
      kind: fc.constant('step' as const), features: targets, startMs: start,
      durationMs: fc.oneof(fc.constant(Infinity), span), factor: decimal(0, 3),
    }),
    fc.record({ kind: fc.constant('ramp' as const), features: targets, startMs: start, durationMs: span, from: decimal(0, 3), to: decimal(0, 3) }),
    fc
      .record({ kind: fc.constant('daily' as const), features: targets, a: decimal(0, 2), b: decimal(0, 2), periodMs: decimal(durationMs / 20, 4 * durationMs), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) })
      .map(({ a, b, periodMs, at, ...d }): LoadSpec => ({
        ...d, min: Math.min(a, b), max: Math.max(a, b), periodMs, peakAtMs: Math.floor(at * periodMs * 1000) / 1000,
      })),
    fc.record({
      kind: fc.constant('replay' as const), features: targets, startMs: start,
      points: points(durationMs, maxRate), interpolate: fc.constantFrom('step' as const, 'linear' as const),
    }),
  );
}

/** The calls made, as [from, to] pairs (each once). */
function callPairs(services: ServiceSpec[]): [string, string][] {
  const seen = new Set<string>();
  return services.flatMap((s) => s.calls.flatMap((c): [string, string][] => {
    const key = `${s.name}->${c.to}`;
    return seen.has(key) ? [] : (seen.add(key), [[s.name, c.to]]);
  }));
}

/** One fault on `services` within a run of `durationMs`. */
export function faultItem(services: ServiceSpec[], durationMs: number): fc.Arbitrary<FaultSpec> {
  const start = momentIn(durationMs);
  const span = positive(durationMs);
  const name = fc.constantFrom(...services.map((s) => s.name));
  const options: fc.Arbitrary<FaultSpec>[] = [
    fc.record({ kind: fc.constant('outage' as const), service: name, startMs: start, durationMs: span, mode: fc.constantFrom('fail-fast' as const, 'hang' as const) }),
    fc.record({
      kind: fc.constant('latency' as const), service: name, startMs: start, durationMs: span,
      factor: fc.oneof(fc.constant(1), decimal(0, 5)), addMs: fc.oneof(fc.constant(0), decimal(0, 50)),
    }),
    fc.record({ kind: fc.constant('errors' as const), service: name, startMs: start, durationMs: span, rate: share }),
    fc
      .record({ s: fc.constantFrom(...services), startMs: start, durationMs: span, lose: fc.nat(), share, byShare: fc.boolean() })
      .map(({ s, startMs, durationMs, lose, share, byShare }): FaultSpec => ({
        kind: 'capacity', service: s.name, startMs, durationMs,
        workers: byShare ? 0 : 1 + (lose % (s.workers * (s.instances ?? 1))), share: byShare ? share : 0,
      })),
  ];
  const cached = services.filter((s) => s.cache !== undefined).map((s) => s.name);
  if (cached.length > 0) {
    options.push(fc.record({ kind: fc.constant('cache-flush' as const), service: fc.constantFrom(...cached), startMs: start, durationMs: fc.constant(0) }));
  }
  const pairs = callPairs(services);
  if (pairs.length > 0) {
    options.push(fc
      .record({ pair: fc.constantFrom(...pairs), startMs: start, durationMs: span, mode: fc.constantFrom('fail-fast' as const, 'hang' as const) })
      .map(({ pair: [from, to], ...p }): FaultSpec => ({ kind: 'partition', from, to, ...p })));
  }
  return fc.oneof(...options);
}
