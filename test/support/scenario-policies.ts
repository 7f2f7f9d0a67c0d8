/**
 * fast-check arbitraries for call policies (timeouts, retries with every backoff kind and
 * jitter, retry budgets, breakers, bulkheads, optional calls) and for call lists with parallel
 * steps, as the parser normalises them (src/scenario/policy.ts): absent keys stay absent,
 * `optional` is true or absent, a retry always has a backoff.
 *
 * Only combinations that make sense are generated: jitter needs a backoff (none with
 * `backoff: none`), decorrelated jitter only with exponential backoff, a budget only with
 * retries (attempts ≥ 2), an exponential cap at least the first wait.
 */
import fc from 'fast-check';
import type { BackoffSpec, BreakerSpec, CallPolicy, CallSpec, RetrySpec } from '../../src/scenario/types.js';
import { decimal, distSpec, positive, share } from './scenarios.js';

/** `{ a: 1, b: undefined }` → `{ a: 1 }`, like the parser's `defined`. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Present with probability about 1 in `odds`, else undefined. */
export const sometimes = <T>(arb: fc.Arbitrary<T>, odds = 3): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: odds - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

export const backoff: fc.Arbitrary<BackoffSpec> = fc.oneof(
  fc.constant<BackoffSpec>({ kind: 'none', baseMs: 0, multiplier: 1, capMs: Infinity, jitter: 'none' }),
  fc
    .record({ base: positive(30), jitter: fc.constantFrom('none', 'full', 'equal') })
    .map(({ base, jitter }): BackoffSpec => ({ kind: 'constant', baseMs: base, multiplier: 1, capMs: base, jitter })),
  fc
    .record({
      base: positive(20),
      multiplier: fc.oneof(fc.constant(2), decimal(1, 4)),
      extra: fc.oneof(fc.constant(Infinity), fc.constant(0), decimal(0, 100)),
      jitter: fc.constantFrom('none', 'full', 'equal', 'decorrelated'),
    })
    // Decorrelated jitter has no use for a multiplier, so a file may not give one: the parser's default (2) stands.
    .map(({ base, multiplier, extra, jitter }): BackoffSpec =>
      ({ kind: 'exponential', baseMs: base, multiplier: jitter === 'decorrelated' ? 2 : multiplier, capMs: base + extra, jitter })),
);

export const retry: fc.Arbitrary<RetrySpec> = fc.integer({ min: 1, max: 4 }).chain((attempts) =>
  fc
    .record({
      backoff,
      budget: attempts === 1
        ? fc.constant(undefined)
        : sometimes(fc.record({
          ratio: share,
          earn: fc.constantFrom('request' as const, 'success' as const),
          maxTokens: fc.oneof(fc.constant(10), decimal(1, 20)),
        })),
    })
    .map(({ backoff, budget }) => defined({ attempts, backoff, budget })));

export const breaker: fc.Arbitrary<BreakerSpec> = fc.record({
  windowMs: positive(2000),
  buckets: fc.integer({ min: 1, max: 10 }),
  minimumRequests: fc.integer({ min: 1, max: 20 }),
  errorThreshold: share,
  sleepMs: positive(1000),
});

/** A call policy: each key present about one time in three, in any combination. */
export const policy: fc.Arbitrary<CallPolicy> = fc
  .record({
    timeoutMs: sometimes(positive(200)),
    retry: sometimes(retry),
    breaker: sometimes(breaker),
    bulkhead: sometimes(fc.integer({ min: 1, max: 5 })),
    optional: sometimes(fc.constant(true as const)),
  })
  .map((p) => defined(p));

/** One call to one of `targets`, with network latency and a policy, each sometimes. */
const call = (targets: string[]): fc.Arbitrary<CallSpec> =>
  fc
    .record({ to: fc.constantFrom(...targets), latency: sometimes(distSpec, 4), policy: fc.oneof(fc.constant({}), policy) })
    .map(({ to, latency, policy }) => defined({ to, latency, ...policy }));

/**
 * A call list to `targets` (none when empty): up to three entries, each a call or (sometimes) a
 * parallel group of two or three calls. As the parser writes them: steps (the entry's index)
 * only in lists that hold a parallel group.
 */
export function callList(targets: string[]): fc.Arbitrary<CallSpec[]> {
  if (targets.length === 0) return fc.constant([]);
  const entry = fc.oneof(
    { weight: 3, arbitrary: call(targets).map((c) => [c]) },
    { weight: 1, arbitrary: fc.array(call(targets), { minLength: 2, maxLength: 3 }) },
  );
  return fc.array(entry, { maxLength: 3 }).map((entries) => {
    if (!entries.some((e) => e.length > 1)) return entries.map((e) => e[0]);
    return entries.flatMap((e, step) => e.map((c) => ({ ...c, step })));
  });
}
