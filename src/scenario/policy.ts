/**
 * How a caller calls: timeout, retries with backoff, jitter and budget, circuit breaker,
 * bulkhead, optional calls and fallbacks. The same keys serve a service's calls and a
 * feature's own client (the users' call to its entry service). Also the call list itself,
 * with `parallel` groups (fan-out).
 */
import { z } from 'zod';
import { DEFAULTS, shown, withDefault } from './defaults.js';
import { distribution } from './distribution.js';
import {
  choice, complain, defined, flag, given, number, scale, serviceRef, share, strict, tag, text, wholeNumber,
} from './fields.js';
import type { BackoffSpec, BreakerSpec, CallPolicy, CallSpec, RetrySpec } from './types.js';
import { formatDuration } from './units.js';

const RETRY = DEFAULTS.retry;
const BUDGET = DEFAULTS.budget;
const BREAKER = DEFAULTS.breaker;

const backoffMap = strict('backoffMap', {
  constant: scale('Wait this long before every retry.').optional(),
  exponential: scale('Wait this long before the first retry, then `multiplier` times longer each time.').optional(),
  multiplier: number(
    'growth', 1, withDefault('How many times longer each wait is than the one before (exponential only).', shown.number(RETRY.multiplier)),
  ).optional(),
  max: scale(withDefault('Longest wait (exponential only).', shown.duration(RETRY.maxMs))).optional(),
}).superRefine(checkBackoff);

type BackoffMap = z.output<typeof backoffMap>;

function checkBackoff(b: BackoffMap, ctx: z.RefinementCtx) {
  const expected = 'one of { constant: 100ms } or { exponential: 100ms, max: 5s }';
  const kinds = given(b, ['constant', 'exponential']);
  if (kinds.length === 0) return complain(ctx, 'names no backoff (constant or exponential)', expected, [], true);
  if (kinds.length > 1) return complain(ctx, 'names both constant and exponential; use one', expected);
  if (b.constant !== undefined) {
    for (const key of given(b, ['multiplier', 'max'])) {
      complain(ctx, 'only applies to exponential backoff', '{ exponential: 100ms, multiplier: 2, max: 5s }', [key]);
    }
  } else if (b.max !== undefined && b.exponential !== undefined && b.max < b.exponential) {
    const message = `must be at least the first wait (${formatDuration(b.exponential)}), got ${formatDuration(b.max)}`;
    complain(ctx, message, 'max at least the exponential wait, e.g. { exponential: 100ms, max: 5s }', ['max']);
  }
}

const backoff = z
  .union([z.literal('none', tag('backoff')), backoffMap], tag('backoff'))
  .meta({ description: withDefault('Wait between attempts: none (retry at once), { constant: ... } or { exponential: ... }.', RETRY.backoff) });

const budget = strict('budget', {
  ratio: share('share', 'Tokens earned per request (or per success); each retry spends one token, e.g. 10%.'),
  earn: choice('earn', ['request', 'success'], withDefault('Earn tokens per original request or per success.', BUDGET.earn)).optional(),
  max: number('tokens', 1, withDefault('Most tokens the bucket holds; it starts full.', shown.number(BUDGET.maxTokens))).optional(),
}).transform((b) => ({ ratio: b.ratio, earn: b.earn ?? BUDGET.earn, maxTokens: b.max ?? BUDGET.maxTokens }));

const retry = strict('retry', {
  attempts: wholeNumber('attempts', 1, 'Attempts in all, counting the first (1: no retries).'),
  backoff: backoff.optional(),
  jitter: choice(
    'jitter', ['none', 'full', 'equal', 'decorrelated'],
    withDefault('Randomises the waits; needs a backoff, and decorrelated needs an exponential one.', RETRY.jitter),
  ).optional(),
  budget: budget.optional(),
})
  .superRefine((r, ctx) => {
    if (r.budget !== undefined && r.attempts === 1) {
      complain(ctx, 'a budget limits retries, but attempts: 1 makes none', 'attempts: 2 or more, or no budget', ['budget']);
    }
    checkJitter(r.jitter, r.backoff, ctx);
  })
  .meta({ id: 'retry', description: 'Retries: attempts in all, the wait between them, and a budget.' })
  .transform((r): RetrySpec => defined({ attempts: r.attempts, backoff: toBackoff(r.backoff ?? RETRY.backoff, r.jitter ?? RETRY.jitter), budget: r.budget }));

/**
 * Jitter the model would silently ignore (see backoffDelay in src/model/retry.ts): any jitter
 * without a backoff waits 0; decorrelated jitter draws between the first wait and 3 times the
 * last, capped by max, so with constant backoff (max = the constant) it always waits the
 * constant, and it never uses an exponential multiplier.
 */
function checkJitter(jitter: BackoffSpec['jitter'] | undefined, b: BackoffMap | 'none' | undefined, ctx: z.RefinementCtx) {
  if (jitter === undefined || jitter === 'none') return;
  if (b === undefined || b === 'none') {
    const message = `${jitter} jitter needs a backoff to randomise; with none, every retry goes at once`;
    return complain(ctx, message, 'a backoff such as backoff: { exponential: 100ms } beside the jitter, or no jitter', ['jitter']);
  }
  // A backoff naming both kinds is already a problem of its own.
  if (jitter !== 'decorrelated' || given(b, ['constant', 'exponential']).length !== 1) return;
  if (b.constant !== undefined) {
    const message = `decorrelated jitter needs exponential backoff; with constant backoff every wait is the constant (${formatDuration(b.constant)})`;
    const expected = `backoff: { exponential: ${formatDuration(b.constant)}, max: 5s } with decorrelated jitter, or jitter: full or equal`;
    complain(ctx, message, expected, ['jitter']);
  } else if (b.multiplier !== undefined) {
    const message = 'does not apply with decorrelated jitter, which draws each wait between the first and 3 times the last';
    complain(ctx, message, 'no multiplier with jitter: decorrelated, or jitter: full or equal', ['backoff', 'multiplier']);
  }
}

/** The normal form of each kind: none and constant never grow (multiplier 1); constant's cap is its wait. */
function toBackoff(b: BackoffMap | 'none', jitter: BackoffSpec['jitter']): BackoffSpec {
  if (b === 'none') return { kind: 'none', baseMs: 0, multiplier: 1, capMs: Infinity, jitter };
  if (b.constant !== undefined) return { kind: 'constant', baseMs: b.constant, multiplier: 1, capMs: b.constant, jitter };
  // checkBackoff made sure the map names exponential when it does not name constant.
  return { kind: 'exponential', baseMs: b.exponential ?? 0, multiplier: b.multiplier ?? RETRY.multiplier, capMs: b.max ?? RETRY.maxMs, jitter };
}

const breakerMap = strict('breakerMap', {
  window: scale(withDefault('Rolling window the error share is measured over.', shown.duration(BREAKER.windowMs))).optional(),
  buckets: wholeNumber('count', 1, withDefault('Buckets the window rolls in.', shown.number(BREAKER.buckets))).optional(),
  minimumRequests: wholeNumber(
    'count', 1, withDefault('Requests needed in the window before the breaker may open.', shown.number(BREAKER.minimumRequests)),
  ).optional(),
  errorThreshold: share(
    'share', withDefault('Opens when this share of the window\'s requests failed.', shown.share(BREAKER.errorThreshold)),
  ).optional(),
  sleep: scale(withDefault('Time open before one trial request is let through.', shown.duration(BREAKER.sleepMs))).optional(),
});

const breaker = z
  .union([z.boolean(tag('breaker')), breakerMap], tag('breaker'))
  .meta({ id: 'breaker', description: 'A circuit breaker (Hystrix-style): true for the defaults, or a map of settings.' })
  .transform((b): BreakerSpec | undefined => {
    if (b === false) return undefined;
    const m = b === true ? {} : b;
    return {
      windowMs: m.window ?? BREAKER.windowMs,
      buckets: m.buckets ?? BREAKER.buckets,
      minimumRequests: m.minimumRequests ?? BREAKER.minimumRequests,
      errorThreshold: m.errorThreshold ?? BREAKER.errorThreshold,
      sleepMs: m.sleep ?? BREAKER.sleepMs,
    };
  });

/** Keys of a call policy, shared by calls and by a feature's own client. */
export const policyShape = {
  timeout: scale(withDefault('Give up on an attempt after this long.', shown.duration(DEFAULTS.call.timeoutMs))).optional(),
  retry: retry.optional(),
  breaker: breaker.optional(),
  bulkhead: wholeNumber(
    'bulkhead', 1, withDefault('At most this many attempts in flight at once; more are refused at once.', shown.number(DEFAULTS.call.bulkhead)),
  ).optional(),
  optional: flag('A failure leaves the answer degraded instead of failing it.').optional(),
  fallback: text('fallback', 'What stands in when the call fails, e.g. "static list"; makes the call optional.').optional(),
};

type PolicyInput = z.output<z.ZodObject<typeof policyShape>>;

/** A fallback makes a call optional, so `optional: false` beside one contradicts it. */
export function checkFallback(p: PolicyInput, ctx: z.RefinementCtx) {
  if (p.fallback !== undefined && p.optional === false) {
    complain(ctx, 'is false, but a fallback makes the call optional', 'optional: true, or no fallback', ['optional']);
  }
}

/** The policy keys given, in the model's form (fallback becomes optional: true). */
export function toPolicy(p: PolicyInput): CallPolicy {
  const optional = p.optional === true || p.fallback !== undefined ? true : undefined;
  return defined({ timeoutMs: p.timeout, retry: p.retry, breaker: p.breaker, bulkhead: p.bulkhead, optional });
}

/** Keys of one call (besides `parallel`, which groups calls). */
export const callShape = {
  to: serviceRef('The service called.'),
  latency: distribution('Network delay before the called service receives the request.').optional(),
  ...policyShape,
};

const callMap = strict('callMap', callShape)
  .superRefine(checkFallback)
  .meta({ id: 'call', description: 'A call with settings: the service called, and how it is called.' })
  .transform((c): CallSpec => defined({ to: c.to, latency: c.latency, ...toPolicy(c) }));

const byName = serviceRef('The service called, with no extra settings.').transform((to): CallSpec => ({ to }));

const single = z.union([byName, callMap], tag('call'));

const parallel = strict('parallelMap', {
  parallel: z
    .array(single, tag('parallel'))
    .min(2, tag('parallel'))
    .meta({ description: 'Calls made together; the caller waits for all of them (fan-out).' }),
});

/**
 * The call list. Each entry is a step; the calls of a `parallel` entry share its step. Steps
 * are written out only in lists that have a parallel group: elsewhere each call is a step of
 * its own anyway, and files from before parallel calls keep their exact normalised form.
 */
export const calls = z
  .array(z.union([byName, callMap, parallel], tag('call')), tag('calls'))
  .meta({ description: withDefault('Services called in order, synchronously, after this one\'s own work.', shown.list(DEFAULTS.service.calls)) })
  .transform((entries): CallSpec[] => {
    if (!entries.some((entry) => 'parallel' in entry)) return entries as CallSpec[];
    return entries.flatMap((entry, step) => ('parallel' in entry ? entry.parallel : [entry]).map((c) => ({ ...c, step })));
  });
