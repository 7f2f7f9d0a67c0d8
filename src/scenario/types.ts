/**
 * The normalised scenario: what the model is built from. All times are in milliseconds,
 * all rates are per millisecond. The YAML front end (parse.ts, schema.ts) produces this;
 * nothing downstream ever sees units or raw YAML. Optional fields are absent when the file
 * leaves them out: read them through resolve.ts (`instancesOf`, `priorityOf`...), which fills
 * in the defaults of defaults.ts.
 */

/** A distribution of durations (ms), normalised from the YAML forms. */
export type DistSpec =
  | { kind: 'constant'; value: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'uniform'; min: number; max: number }
  /** Log-normal with log-mean `mu` and log-sd `sigma` (of the duration in ms). */
  | { kind: 'lognormal'; mu: number; sigma: number }
  /** Resampled uniformly from the given samples (ms). */
  | { kind: 'empirical'; samples: number[] };

/** One synchronous call a service makes after its own work. */
export interface CallSpec extends CallPolicy {
  to: string;
  /** Network delay added before the callee receives the request; none when absent. */
  latency?: DistSpec;
  /**
   * Calls run in steps, in increasing step order; calls sharing a step run in parallel and the
   * caller waits for all of them (fan-out). Absent: the call is a step of its own. The parser
   * numbers the entries of a call list 0, 1, 2, ... (a `parallel` group's calls share its entry's
   * number), and writes steps only in lists that hold a `parallel` group. Read with stepOf.
   */
  step?: number;
}

export interface ServiceSpec {
  name: string;
  workers: number;
  /** Waiting-room size; Infinity when unbounded, 0 rejects whenever all workers are busy. */
  queue: number;
  serviceTime: DistSpec;
  calls: CallSpec[];
  /** Instances of the service (read with instancesOf); `workers` is per instance. */
  instances?: number;
  /** Which waiting request a free worker takes: oldest (fifo) or newest (lifo); read with disciplineOf. */
  discipline?: 'fifo' | 'lifo';
  /** A request that waited this long is dropped and fails back to its caller (read with maxWaitOf). */
  maxWaitMs?: number;
  cache?: CacheSpec;
  messaging?: MessagingSpec;
  autoscale?: AutoscaleSpec;
  failover?: FailoverSpec;
  /** Cost of one instance for one hour, in the scenario's currency (read with costPerHourOf). */
  costPerHour?: number;
}

export interface FeatureSpec {
  name: string;
  /** Poisson arrival rate, requests per millisecond. */
  ratePerMs: number;
  entry: string;
  /** Priority for shedding (read with priorityOf). */
  priority?: Priority;
  /** Token bucket at the entry: requests beyond it are refused at once. */
  rateLimit?: { ratePerMs: number; burst: number };
  /** The user's client: timeout, retries... on the call to the entry service (read with clientOf). */
  client?: CallPolicy;
  /** How its users behave: patience, their own retries, conversion by latency (roadmap 3). */
  users?: UsersSpec;
  /** What one user's intent is worth, in the scenario's currency. */
  value?: ValueSpec;
  /** Chance that an outcome becomes a support ticket. */
  tickets?: TicketsSpec;
  /** Chance that an outcome loses the user for good, and what a lost user is worth. */
  churn?: ChurnSpec;
  /** The feature's service level objective. */
  slo?: SloSpec;
}

export interface Scenario {
  name: string;
  description?: string;
  durationMs: number;
  warmupMs: number;
  /** Seed from the file (DEFAULTS.scenario.seed when it gives none); the CLI's --seed overrides it. */
  seed: number;
  features: FeatureSpec[];
  services: ServiceSpec[];
  /** Absent when the file has none; read with loadsOf, faultsOf, sheddingOf. */
  load?: LoadSpec[];
  faults?: FaultSpec[];
  shedding?: SheddingSpec[];
  /** Callees drop work whose caller's deadline has passed (gRPC-style); read with propagatesDeadlines. */
  propagateDeadlines?: boolean;
  /** The unit of `value`, `churn.lifetimeValue` and `costPerHour` (read with currencyOf). */
  currency?: string;
  /** Thresholds for the what-breaks-first timeline (read with breaksOf). */
  breaks?: BreaksSpec;
  /**
   * Named variants: each is the whole file with the variant's patch merged in (JSON Merge Patch,
   * RFC 7386), parsed and checked like the base. A variant's own `variants` is always absent.
   */
  variants?: VariantSpec[];
  /** The sliders the web app offers for this scenario, as the file declares them (see knobs.ts). */
  knobs?: KnobSpec[];
  /** Steps of presentation mode, in time order (read with storyOf). */
  story?: StoryStep[];
}

// ---------------------------------------------------------------------------------------------
// Presentation (issue 9): the web app's sliders and the steps a teacher walks a class through.
// Neither changes what is simulated.
// ---------------------------------------------------------------------------------------------

/** One declared slider: a path as in `sweep --param`, and its range. */
export interface KnobSpec {
  param: string;
  kind: 'duration' | 'rate' | 'share' | 'number';
  /** The slider's ends and step in engine units: ms, per ms, fractions, plain numbers. */
  from: number;
  to: number;
  /** Absent: a default from the range (see knobs.ts). */
  step?: number;
  label?: string;
  /** from, to and step (when given) are written as whole numbers, so a whole-number field gets whole values. */
  wholeText: boolean;
  /** A rate's unit of time as written in `from` (`s`, `min`...). */
  unit?: string;
}

/** One step of presentation mode: what the presenter says at a moment of the run. */
export interface StoryStep {
  atMs: number;
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Users and business (roadmap 3). All optional: a feature without them behaves as before
// (users wait forever, never retry on their own, every answer converts fully).
// ---------------------------------------------------------------------------------------------

export interface UsersSpec {
  /** How long a user waits for an answer before giving up (abandoning); absent: forever. */
  patience?: DistSpec;
  /** A user who saw an error, was refused, or gave up tries again (a new request). */
  retry?: UserRetrySpec;
  /**
   * Share of served users who convert, by the latency they saw: points in increasing latency,
   * linear between points, held flat before the first and after the last (read with conversionAt).
   */
  conversion?: ConversionPoint[];
}

export interface UserRetrySpec {
  /** Chance (0..1) that a user who had a bad outcome tries again. */
  probability: number;
  /** Time the user takes before trying again. */
  think: DistSpec;
  /** Most retries per user intent (≥ 1). */
  max: number;
}

export interface ConversionPoint {
  latencyMs: number;
  /** 0..1 */
  share: number;
}

/** Value of one user intent's outcome; degraded and stale default to `success` (read with valueOf). */
export interface ValueSpec {
  success: number;
  degraded?: number;
  stale?: number;
}

/**
 * Chances (0..1) per user intent that ended badly. `refused` covers shed and rate-limited users
 * (they saw an error at once) and defaults to `failed`; the others default to 0.
 */
export interface OutcomeOdds {
  failed?: number;
  abandoned?: number;
  degraded?: number;
  stale?: number;
  refused?: number;
}

export interface TicketsSpec extends OutcomeOdds {
  /** Chance that a message delivered later than `lateAfterMs` becomes a ticket. */
  late?: number;
  /** Lateness threshold for async work (messages); absent: deliveries are never late. */
  lateAfterMs?: number;
}

export interface ChurnSpec extends OutcomeOdds {
  /** Value of a user lost for good, in the scenario's currency (default 0). */
  lifetimeValue?: number;
}

export interface SloSpec {
  /** Share (0..1) of requests that must be good: served (succeeded, degraded or stale) and, with `withinMs`, that fast. */
  success: number;
  /** Latency target; absent: availability only. */
  withinMs?: number;
  /** Window over which the SLO is judged for "time out of SLO" (read with sloWindowOf). */
  windowMs?: number;
}

/** When the what-breaks-first timeline counts something as broken (read with breaksOf). */
export interface BreaksSpec {
  /** A service saturates when its utilization stays at or above this (0..1). */
  saturation?: number;
  /** How long a condition must hold before it counts as a break. */
  sustainMs?: number;
  /** A feature's abandonment is rising when at least this share (0..1) of its users abandon. */
  abandonment?: number;
  /** Errors (rejections, timeouts, failures) start when at least this share (0..1) of requests or attempts fail. */
  errors?: number;
}

export interface VariantSpec {
  name: string;
  description?: string;
  /** The base scenario with the variant's patch merged in. */
  scenario: Scenario;
}

/** One problem with a scenario file, located in the source. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  /** Dotted path into the document, e.g. `services.api.workers` (empty for the whole file). */
  path: string;
  message: string;
  /** What was expected instead, e.g. `a duration like 250ms, 5s, 10m, 2h`. */
  expected?: string;
}

// ---------------------------------------------------------------------------------------------
// Storms and defences (roadmap 2). All optional, so files without them keep working unchanged.
// ---------------------------------------------------------------------------------------------

/** Priority of a feature for load shedding: optional work is shed first, then important. */
export type Priority = 'core' | 'important' | 'optional';

/**
 * A change to features' arrival rates over time, as a rate multiplier (several multiply).
 * `features` lists the features it applies to (all features when the file names none).
 */
export type LoadSpec =
  /** Multiplier rises linearly 1 → factor over rampUpMs from startMs, holds, falls back over rampDownMs ending at startMs + durationMs. */
  | { kind: 'spike'; features: string[]; startMs: number; durationMs: number; factor: number; rampUpMs: number; rampDownMs: number }
  /** Multiplier `factor` from startMs for durationMs (Infinity: to the end). */
  | { kind: 'step'; features: string[]; startMs: number; durationMs: number; factor: number }
  /** Multiplier goes linearly from `from` to `to` over [startMs, startMs + durationMs], then holds `to`. */
  | { kind: 'ramp'; features: string[]; startMs: number; durationMs: number; from: number; to: number }
  /** Multiplier min + (max − min)·(1 + cos(2π(t − peakAtMs)/periodMs))/2: a daily curve. */
  | { kind: 'daily'; features: string[]; min: number; max: number; peakAtMs: number; periodMs: number }
  /**
   * The rate itself (per ms) from a CSV profile, from startMs on: points (tMs relative to startMs,
   * ratePerMs), held (step) or interpolated (linear) between points; after the last, the last rate.
   */
  | { kind: 'replay'; features: string[]; startMs: number; points: { tMs: number; ratePerMs: number }[]; interpolate: 'step' | 'linear' };

/** A fault on a service or a call edge, active over [startMs, startMs + durationMs). */
export type FaultSpec =
  /** fail-fast: every request reaching the service errors at once. hang: requests are taken and never answered. */
  | { kind: 'outage'; service: string; startMs: number; durationMs: number; mode: 'fail-fast' | 'hang' }
  /** Own work takes `factor` times longer plus `addMs`. */
  | { kind: 'latency'; service: string; startMs: number; durationMs: number; factor: number; addMs: number }
  /** A share `rate` (0..1] of requests error after their own work. */
  | { kind: 'errors'; service: string; startMs: number; durationMs: number; rate: number }
  /** Lose `workers` workers, or a share `share` of instances (rounded), for the duration. */
  | { kind: 'capacity'; service: string; startMs: number; durationMs: number; workers: number; share: number }
  /** The service's cache is emptied at startMs (durationMs is 0). */
  | { kind: 'cache-flush'; service: string; startMs: number; durationMs: number }
  /** Calls from → to fail (fail-fast) or never answer (hang) for the duration. */
  | { kind: 'partition'; from: string; to: string; startMs: number; durationMs: number; mode: 'fail-fast' | 'hang' };

export interface BackoffSpec {
  kind: 'none' | 'constant' | 'exponential';
  /** Constant delay, or the first exponential delay. */
  baseMs: number;
  multiplier: number;
  capMs: number;
  jitter: 'none' | 'full' | 'equal' | 'decorrelated';
}

/**
 * A token bucket limiting retries: it holds up to `maxTokens` (starts full); each original
 * request (earn: 'request', Finagle-style) or each success (earn: 'success', gRPC-style) adds
 * `ratio` tokens; a retry needs and spends 1 token, and is skipped when the bucket has less.
 */
export interface RetryBudgetSpec {
  ratio: number;
  earn: 'request' | 'success';
  maxTokens: number;
}

export interface RetrySpec {
  /** Total attempts including the first (≥ 1). */
  attempts: number;
  backoff: BackoffSpec;
  budget?: RetryBudgetSpec;
}

/** Hystrix-style breaker on a call edge. */
export interface BreakerSpec {
  windowMs: number;
  buckets: number;
  /** Requests needed in the window before it may open. */
  minimumRequests: number;
  /** Opens when the window's error share reaches this (0..1). */
  errorThreshold: number;
  /** Time open before one half-open trial is let through. */
  sleepMs: number;
}

/** How a caller calls: shared by service calls and by a feature's own client (its entry). */
export interface CallPolicy {
  /** Give up on an attempt after this long (constant); read with timeoutOf. */
  timeoutMs?: number;
  /** Absent: one attempt only (read attempts with attemptsOf). */
  retry?: RetrySpec;
  breaker?: BreakerSpec;
  /** At most this many attempts in flight on this edge at once; more are rejected at once (read with bulkheadOf). */
  bulkhead?: number;
  /** A failure leaves the answer degraded instead of failing it (a fallback stands in). */
  optional?: boolean;
}

/**
 * A cache in front of a service: hits are answered without the service. The parser leaves the
 * other mode's fields at 0: warmMs in keyspace mode, zipf and ttlMs in hit-ratio mode.
 */
export interface CacheSpec {
  /** Fixed hit probability mode (when `keys` is absent); after a flush it grows back linearly over warmMs. */
  hitRatio?: number;
  warmMs: number;
  /** Keyspace mode: `keys` keys, popularity zipf(s) (s = 0: uniform), entries live ttlMs. */
  keys?: number;
  zipf: number;
  ttlMs: number;
  /** On an origin failure, serve an expired entry up to this old (0: never). */
  serveStaleMs: number;
  /**
   * Keyspace mode: mean time between changes of one key's data at the origin (Poisson; Infinity:
   * never changes). A hit on an entry whose data changed since it was filled is an outdated answer.
   */
  changeMeanMs?: number;
  /** Keyspace mode, with changeMeanMs: a change drops the key's entry at once (invalidate on update). */
  invalidate?: boolean;
}

/** A service that consumes messages: calls to it enqueue and return at once. */
export interface MessagingSpec {
  /** Messages older than this are lost (counted). Infinity: kept forever. */
  retentionMs: number;
  /** A message whose processing failed this many times goes to the dead-letter queue. */
  maxDeliveries: number;
  /** Delay before a failed message is delivered again. */
  redeliveryDelayMs: number;
}

export interface AutoscaleSpec {
  /** Target utilization (0..1). */
  target: number;
  min: number;
  max: number;
  evaluateMs: number;
  startupMs: number;
  cooldownMs: number;
}

export interface FailoverSpec {
  detectionMs: number;
  switchoverMs: number;
  /** After switching over, answers are stale for this long. */
  staleReadsMs: number;
}

/** The brownout dimmer: sheds optional work, then important, while a signal stays high. */
export interface SheddingSpec {
  service: string;
  signal: 'utilization' | 'queue' | 'p95';
  /** Dim one step when the signal is above this for `forMs`. */
  above: number;
  /** Brighten one step when below this for `forMs` (hysteresis: below < above). */
  below: number;
  forMs: number;
  /** Priorities in the order they are shed. */
  levels: Priority[];
}
