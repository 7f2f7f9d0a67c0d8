/**
 * Every default of the scenario format, in one place, in the normalised units (ms, per ms,
 * fractions). The schema's transforms fill absent keys from here; the schema descriptions'
 * "Default: ..." text is written from these values (see `withDefault`), so the editor help
 * cannot drift from what runs; and the model reads the fields a normalised Scenario may leave
 * out through resolve.ts, which falls back on these same values.
 */
import { formatDuration, formatShare } from './units.js';

/**
 * The words each fixed-choice key accepts, for the schema and for quick.ts (which must not load
 * the schema), so the two cannot disagree.
 */
export const CHOICES = {
  priority: ['core', 'important', 'optional'],
  discipline: ['fifo', 'lifo'],
  deadlines: ['propagate', 'ignore'],
} as const;

export const DEFAULTS = deepFreeze({
  scenario: {
    warmupMs: 0,
    seed: 1,
    /** `deadlines:`; the normalised `propagateDeadlines` is true only for 'propagate'. */
    deadlines: 'ignore' as 'propagate' | 'ignore',
  },
  feature: {
    priority: 'important',
    /** The users' client when the feature names no call policy: no timeout, retry, breaker... */
    client: {},
  },
  rateLimit: {
    /** An absent burst is this much time's worth of the rate, and at least `minBurst`. */
    burstMs: 1000,
    minBurst: 1,
  },
  service: {
    queue: Infinity,
    instances: 1,
    discipline: 'fifo',
    maxWaitMs: Infinity,
    costPerHour: 0,
    calls: [],
  },
  /** A call policy's absent keys (a service's call, or a feature's client). */
  call: {
    timeoutMs: Infinity,
    /** Without `retry:`, only the first attempt. */
    attempts: 1,
    bulkhead: Infinity,
  },
  retry: {
    backoff: 'none',
    jitter: 'none',
    multiplier: 2,
    maxMs: Infinity,
  },
  budget: { earn: 'request', maxTokens: 10 },
  breaker: { windowMs: 10_000, buckets: 10, minimumRequests: 20, errorThreshold: 0.5, sleepMs: 5_000 },
  cache: { zipf: 1, warmMs: 60_000, serveStaleMs: 0, changeMeanMs: Infinity, invalidate: false },
  messages: { retentionMs: Infinity, maxDeliveries: 5, redeliveryDelayMs: 0 },
  autoscale: { evaluateMs: 30_000, startupMs: 60_000, cooldownMs: 300_000 },
  failover: { staleReadsMs: 0 },
  shedding: { levels: ['optional', 'important'] },
  load: {
    /** A spike's ramps (`ramp`, `rampUp`, `rampDown`). */
    rampMs: 0,
    stepDurationMs: Infinity,
    dailyPeriodMs: 86_400_000,
    replayStartMs: 0,
    interpolate: 'step',
  },
  /** Roadmap 3: users, business and the breaks timeline. */
  scenarioCurrency: 'value',
  users: {
    /** Without `patience`, users wait for their answer however long it takes. */
    patienceMs: Infinity,
    /** Without `retry`, users never try again on their own. */
    retries: 0,
  },
  /** Chances per bad outcome, absent keys; `refused` falls back on `failed`. */
  odds: { failed: 0, abandoned: 0, degraded: 0, stale: 0, late: 0 },
  churn: { lifetimeValue: 0 },
  slo: { windowMs: 60_000 },
  breaks: { saturation: 0.9, sustainMs: 10_000, abandonment: 0.05, errors: 0.01 },
  faults: {
    outageMode: 'fail-fast',
    partitionMode: 'hang',
    latencyFactor: 1,
    latencyAddMs: 0,
  },
} as const);

/** The burst of a rate limit that gives none: `burstMs` worth of its rate, at least `minBurst`. */
export function defaultBurst(ratePerMs: number): number {
  return Math.max(DEFAULTS.rateLimit.minBurst, ratePerMs * DEFAULTS.rateLimit.burstMs);
}

/**
 * How a default value reads in a description: in the file's own notation (`30s`, `50%`,
 * `[optional, important]`), with `infinite` for Infinity ("no limit", "kept forever"...).
 */
export const shown = {
  duration: (ms: number, infinite = 'no limit'): string => (ms === Infinity ? infinite : ms === 0 ? '0s' : formatDuration(ms)),
  share: (fraction: number): string => formatShare(fraction),
  number: (n: number, infinite = 'no limit'): string => (n === Infinity ? infinite : String(n)),
  list: (items: readonly string[]): string => (items.length === 0 ? 'none' : `[${items.join(', ')}]`),
};

/** A schema description followed by its default: `Wait ... Default: 30s.` */
export function withDefault(description: string, value: string): string {
  return `${description} Default: ${value}.`;
}

/** Freezes `value` and everything in it, so no caller can change a default for everyone after it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
