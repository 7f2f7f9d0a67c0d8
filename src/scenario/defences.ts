/**
 * Defences on features and services: rate limits, caches, message queues, autoscaling,
 * failover, and the brownout dimmer (`shedding:`). Call policies (timeouts, retries,
 * breakers...) live in policy.ts. Checks that need other services or the whole file are in
 * references.ts.
 */
import { z } from 'zod';
import { CHOICES, DEFAULTS, defaultBurst, shown, withDefault } from './defaults.js';
import { choice, complain, flag, given, number, rateOf, sample, scale, serviceRef, share, strict, tag, wholeNumber } from './fields.js';
import type { AutoscaleSpec, CacheSpec, FailoverSpec, MessagingSpec, Priority, SheddingSpec } from './types.js';
import {
  describeValue, formatDuration, formatShare, parseDuration, parseShare, type Parsed,
} from './units.js';

export const PRIORITIES = CHOICES.priority;

const toRateLimit = (ratePerMs: number, burst?: number) => ({ ratePerMs, burst: burst ?? defaultBurst(ratePerMs) });

const { burstMs, minBurst } = DEFAULTS.rateLimit;
const BURST_DEFAULT = `${shown.duration(burstMs)} worth of requests, at least ${minBurst}`;

const rateLimitMap = strict('rateLimitMap', {
  rate: rateOf('Requests let through per unit of time, on average.'),
  burst: number('tokens', 1, withDefault('Requests let through at once after a quiet spell.', BURST_DEFAULT)).optional(),
}).transform((r) => toRateLimit(r.rate, r.burst));

export const rateLimit = z
  .union([rateOf('Requests let through per unit of time.').transform((r) => toRateLimit(r)), rateLimitMap], tag('rateLimit'))
  .meta({ description: 'A token bucket at the entry: requests beyond it are refused at once.' });

const CACHE = DEFAULTS.cache;

const cacheMap = strict('cache', {
  keys: wholeNumber('keys', 1, 'Keyspace mode: how many distinct keys requests ask for.').optional(),
  ttl: scale('Keyspace mode: how long an entry stays fresh.').optional(),
  zipf: number('zipf', 0, withDefault('Keyspace mode: how skewed key popularity is (0: all keys alike).', shown.number(CACHE.zipf))).optional(),
  hitRatio: share('share', 'Hit-ratio mode: share of requests answered from the cache, e.g. 80%.').optional(),
  warm: sample(withDefault('Hit-ratio mode: time to grow back to the hit ratio after a flush.', shown.duration(CACHE.warmMs))).optional(),
  serveStale: sample(
    withDefault('When the service fails, answer with an expired entry up to this old (0s: never).', shown.duration(CACHE.serveStaleMs)),
  ).optional(),
  changes: scale(withDefault(
    'Keyspace mode: mean time between changes of one key\'s data at the origin (at random); a hit on an entry filled before its key changed is an outdated (stale) answer.',
    shown.duration(CACHE.changeMeanMs, 'never changes'),
  )).optional(),
  invalidate: flag(withDefault('Keyspace mode, with changes: a change drops the key\'s entry at once, so no hit is outdated.', String(CACHE.invalidate))).optional(),
});

type CacheMap = z.output<typeof cacheMap>;

const CACHE_EXPECTED = '{ keys: 10000, ttl: 5m } or { hitRatio: 80% }';

function checkCacheMode(c: CacheMap, ctx: z.RefinementCtx) {
  if (c.keys !== undefined && c.hitRatio !== undefined) return complain(ctx, 'names both keys and hitRatio; use one mode', CACHE_EXPECTED);
  if (c.keys === undefined && c.hitRatio === undefined) return complain(ctx, 'needs keys (with ttl) or hitRatio', CACHE_EXPECTED, [], true);
  if (c.keys !== undefined) {
    if (c.ttl === undefined) complain(ctx, 'needs a ttl with keys', 'how long an entry stays fresh, e.g. { keys: 10000, ttl: 5m }', [], true);
    if (c.warm !== undefined) {
      complain(ctx, 'only applies with hitRatio: a keyspace cache warms up as misses refill its keys', CACHE_EXPECTED, ['warm']);
    }
  } else {
    for (const key of given(c, ['ttl', 'zipf', 'changes', 'invalidate'])) complain(ctx, 'only applies with keys (keyspace mode)', CACHE_EXPECTED, [key]);
  }
  if (c.invalidate !== undefined && c.changes === undefined) {
    complain(ctx, 'needs changes: an entry is invalidated when its key changes', 'e.g. { keys: 10000, ttl: 1h, changes: 30m, invalidate: true }', ['invalidate']);
  }
}

/** Keyspace mode leaves warmMs at 0 (unused); hit-ratio mode leaves zipf and ttlMs at 0 (unused). */
function toCache(c: CacheMap): CacheSpec {
  const serveStaleMs = c.serveStale ?? CACHE.serveStaleMs;
  // checkCacheMode made sure ttl comes with keys, and hitRatio without them.
  if (c.keys !== undefined) {
    const spec: CacheSpec = { keys: c.keys, ttlMs: c.ttl ?? 0, zipf: c.zipf ?? CACHE.zipf, warmMs: 0, serveStaleMs };
    if (c.changes !== undefined) spec.changeMeanMs = c.changes;
    if (c.invalidate !== undefined) spec.invalidate = c.invalidate;
    return spec;
  }
  return { hitRatio: c.hitRatio ?? 0, warmMs: c.warm ?? CACHE.warmMs, zipf: 0, ttlMs: 0, serveStaleMs };
}

export const cache = cacheMap
  .superRefine(checkCacheMode)
  .meta({ description: 'A cache in front of the service: { keys, ttl } (keyspace) or { hitRatio } mode.' })
  .transform(toCache);

const MESSAGES = DEFAULTS.messages;

export const messages = strict('messages', {
  retention: scale(withDefault('Messages older than this are lost.', shown.duration(MESSAGES.retentionMs, 'kept forever'))).optional(),
  maxDeliveries: wholeNumber(
    'count', 1, withDefault('A message failing this many times goes to the dead-letter queue.', shown.number(MESSAGES.maxDeliveries)),
  ).optional(),
  redeliveryDelay: sample(withDefault('Wait before a failed message is delivered again.', shown.duration(MESSAGES.redeliveryDelayMs))).optional(),
})
  .meta({ description: 'Makes this a message consumer: calls to it enqueue and return at once.' })
  .transform((m): MessagingSpec => ({
    retentionMs: m.retention ?? MESSAGES.retentionMs,
    maxDeliveries: m.maxDeliveries ?? MESSAGES.maxDeliveries,
    redeliveryDelayMs: m.redeliveryDelay ?? MESSAGES.redeliveryDelayMs,
  }));

const AUTOSCALE = DEFAULTS.autoscale;

export const autoscale = strict('autoscale', {
  target: share('share', 'Utilization the autoscaler aims for, e.g. 60%.'),
  min: wholeNumber('count', 1, 'Fewest instances.'),
  max: wholeNumber('count', 1, 'Most instances.'),
  evaluate: scale(withDefault('How often it looks at utilization.', shown.duration(AUTOSCALE.evaluateMs))).optional(),
  startup: sample(withDefault('Time a new instance takes before it serves.', shown.duration(AUTOSCALE.startupMs))).optional(),
  cooldown: sample(withDefault('Wait after scaling before scaling again.', shown.duration(AUTOSCALE.cooldownMs))).optional(),
})
  .superRefine((a, ctx) => {
    if (a.min > a.max) complain(ctx, `must be at least min (${a.min}), got ${a.max}`, 'min no more than max, e.g. { min: 2, max: 20 }', ['max']);
  })
  .meta({ description: 'Adds and removes instances to keep utilization near the target.' })
  .transform((a): AutoscaleSpec => ({
    target: a.target,
    min: a.min,
    max: a.max,
    evaluateMs: a.evaluate ?? AUTOSCALE.evaluateMs,
    startupMs: a.startup ?? AUTOSCALE.startupMs,
    cooldownMs: a.cooldown ?? AUTOSCALE.cooldownMs,
  }));

export const failover = strict('failover', {
  detection: sample('Time to notice that the service is down.'),
  switchover: sample('Time to switch to the standby once noticed.'),
  staleReads: sample(
    withDefault('After switching over, answers are stale for this long.', shown.duration(DEFAULTS.failover.staleReadsMs)),
  ).optional(),
})
  .meta({ description: 'During an outage, switch to a standby after detection + switchover.' })
  .transform((f): FailoverSpec => ({ detectionMs: f.detection, switchoverMs: f.switchover, staleReadsMs: f.staleReads ?? DEFAULTS.failover.staleReadsMs }));

const threshold = (description: string) =>
  z.union([z.number(tag('threshold')), z.string(tag('threshold'))], tag('threshold')).meta({ description });

const sheddingMap = strict('shedding', {
  service: serviceRef('The service whose signal is watched.'),
  signal: choice('signal', ['utilization', 'queue', 'p95'], 'What is watched: utilization (a share), queue (waiting requests) or p95 (a duration).'),
  above: threshold('Dim one step when the signal stays above this for `for`, e.g. 85% (utilization), 50 (queue), 300ms (p95).'),
  below: threshold('Brighten one step when the signal stays below this for `for`; must be below `above`.'),
  for: sample('How long the signal must stay above (or below) before each step.'),
  shed: z
    .array(choice('priority', PRIORITIES, 'A priority to shed.'), tag('shedList'))
    .min(1, tag('shedList'))
    .meta({ description: withDefault('Priorities shed, in order; core is never shed.', shown.list(DEFAULTS.shedding.levels)) })
    .optional(),
});

/** One threshold read as the signal needs it; `below` may be zero, `above` may not. */
function readThreshold(signal: SheddingSpec['signal'], raw: unknown, isBelow: boolean): Parsed {
  if (signal === 'utilization') return parseShare(raw, { allowZero: isBelow });
  if (signal === 'p95') return parseDuration(raw, { allowZero: isBelow });
  const expected = 'a number of waiting requests like 50';
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return { ok: true, value: raw };
  return { ok: false, message: `must be a number of waiting requests, got ${describeValue(raw)}`, expected };
}

const THRESHOLD_EXAMPLES = { utilization: 'above: 85%, below: 70%', queue: 'above: 50, below: 10', p95: 'above: 500ms, below: 200ms' };

const showThreshold = (signal: SheddingSpec['signal'], value: number) =>
  signal === 'utilization' ? formatShare(value) : signal === 'p95' ? formatDuration(value) : String(value);

type SheddingMap = z.output<typeof sheddingMap>;

function toShedding(s: SheddingMap, ctx: z.RefinementCtx): SheddingSpec {
  const above = readThreshold(s.signal, s.above, false);
  const below = readThreshold(s.signal, s.below, true);
  let ok = above.ok && below.ok;
  if (!above.ok) complain(ctx, above.message, above.expected, ['above']);
  if (!below.ok) complain(ctx, below.message, below.expected, ['below']);
  if (above.ok && below.ok && below.value >= above.value) {
    ok = false;
    const message = `must be below above (${showThreshold(s.signal, above.value)}), got ${showThreshold(s.signal, below.value)}`;
    complain(ctx, message, `below under above, e.g. ${THRESHOLD_EXAMPLES[s.signal]}`, ['below']);
  }
  const levels: Priority[] = s.shed ?? [...DEFAULTS.shedding.levels];
  levels.forEach((p, i) => {
    const problem = p === 'core' ? 'core work is never shed' : levels.indexOf(p) < i ? `lists "${p}" twice` : undefined;
    if (problem !== undefined) complain(ctx, problem, 'optional and/or important, e.g. [optional, important]', ['shed', i]);
    ok &&= problem === undefined;
  });
  if (!ok || !above.ok || !below.ok) return z.NEVER;
  return { service: s.service, signal: s.signal, above: above.value, below: below.value, forMs: s.for, levels };
}

export const shedding = sheddingMap.transform(toShedding);
