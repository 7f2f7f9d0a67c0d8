/** The result of one run: plain JSON-able data, times in milliseconds. */
import type { ReasonName } from './reasons.js';

export interface LatencySummary {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * A feature's users: each user intent (one user wanting one thing) counts once however many
 * requests it took, and ends in exactly one class (the outcome of its last request):
 * arrived = succeeded + degraded + stale + failed + abandoned + shed + rateLimited + inFlight.
 */
export interface UserOutcomes {
  /** Intents that began after warmup. */
  arrived: number;
  /** Intents that tried again on their own at least once (users.retry). */
  retried: number;
  /** Served in full. */
  succeeded: number;
  /** Served, but an optional call failed (a fallback stood in); takes precedence over stale. */
  degraded: number;
  /** Served from a stale cache or in a failover's stale window. */
  stale: number;
  failed: number;
  /** Gave up waiting (patience ran out). */
  abandoned: number;
  /** Refused at the door by the shedding dimmer. */
  shed: number;
  /** Refused at the door by the feature's rate limit. */
  rateLimited: number;
  /** Not yet ended when the run ended (waiting for an answer, or about to try again). */
  inFlight: number;
  /**
   * Conversion-weighted served intents: the sum over served intents of the conversion share at
   * the latency of the answer (users.conversion); equals the class counts without a curve.
   */
  converted: { succeeded: number; degraded: number; stale: number };
}

export interface FeatureResult {
  /** Requests that arrived after warmup: one per user attempt (a user's own retry is a new request). */
  arrivals: number;
  succeeded: number;
  failed: number;
  /** Requests whose user gave up waiting (their work goes on, wasted); neither succeeded nor failed. */
  abandoned: number;
  /** Measured requests still unfinished, with their user waiting, when the run ended (arrivals = succeeded + failed + abandoned + inFlight). */
  inFlight: number;
  /** Succeeded, but an optional call failed (a fallback stood in). Part of `succeeded`. */
  degraded: number;
  /** Succeeded with a stale answer (stale cache, or reads after a failover). Part of `succeeded`. */
  stale: number;
  /** Refused at the door by the shedding dimmer. Part of `failed`. */
  shed: number;
  /** Refused at the door by the feature's rate limit. Part of `failed`. */
  rateLimited: number;
  /** End-to-end latency of succeeded requests, retries included. */
  latencyMs: LatencySummary;
  /**
   * Requests good for the SLO: served (succeeded, degraded or stale) within `slo.within` (every
   * served request without a latency target or an SLO). Bad SLO events are the other ended
   * requests: arrivals − inFlight − sloGood.
   */
  sloGood: number;
  /**
   * Messages sent on behalf of this feature delivered later than `tickets.lateAfter`, or never
   * (lost past their retention, or dead-lettered): a confirmation that never comes is as late as
   * one can be.
   */
  late: number;
  users: UserOutcomes;
  /**
   * Where bad outcomes started (their origin): each list counts requests by the reason and the
   * service where they first went wrong, and adds up to its count: `failed`, `degraded`, `stale`
   * (the failure a stale answer stood in for, or `failover`), `abandoned` (`slow` at the service
   * the request was held up at when its user gave up: the callee of the call its entry job was
   * waiting on — in a step of parallel calls the busiest of them, and one level down only — or
   * the entry itself while queued or at work). Most frequent first; causes that never happened
   * are left out.
   */
  causes: { failed: CauseCount[]; degraded: CauseCount[]; stale: CauseCount[]; abandoned: CauseCount[] };
}

/** Requests that went wrong for one reason at one service (see src/model/reasons.ts). */
export interface CauseCount {
  reason: ReasonName;
  /** Where it happened: the callee for timeouts, breakers, bulkheads and partitions; the entry service for shed and rate-limited. */
  service: string;
  count: number;
}

export interface ServiceResult {
  workers: number;
  /** Requests that reached the service after warmup. */
  arrivals: number;
  /** Finished with success (own work and every call). */
  completed: number;
  /** Accepted, but failed because a call failed. */
  failed: number;
  /** Turned away at once: full queue, or no queue and no free worker. */
  rejected: number;
  inSystem: number;
  /** Busy worker time / total worker time over the measured period; a held worker counts as busy. */
  utilization: number;
  queueWaitMs: { mean: number; p50: number; p95: number; p99: number };
  /** Time from arrival to the answer: queue + own work + calls (completed requests). */
  sojournMs: { mean: number; p50: number; p95: number; p99: number };
  /** Time-averaged number of requests waiting (not in service). */
  meanQueueLength: number;
  /** Time-averaged busy workers. */
  meanBusy: number;
  /** Failed by a fault: an outage that fails fast, or injected errors. */
  errors: number;
  /** Dropped after waiting longer than maxWait, or past the caller's propagated deadline. */
  expired: number;
  /** Taken by a hanging service and never answered while it hung. */
  hung: number;
  /** Work completed for a caller that had already given up (timed out). */
  wasted: number;
  /** Time-averaged workers able to take work (instances × workers − lost). */
  meanCapacity: number;
  meanInstances: number;
  instanceHours: number;
  /** instanceHours × costPerHour (0 without a cost). */
  cost: number;
  cache?: { hits: number; misses: number; hitRatio: number; staleServed: number };
  messages?: { delivered: number; deadLettered: number; lost: number; delayMs: { mean: number; p50: number; p95: number; p99: number } };
}

/** One caller → callee edge (`user->FEATURE` for a user's calls to its entry service). */
export interface EdgeResult {
  from: string;
  to: string;
  attempts: number;
  retries: number;
  timeouts: number;
  /** Attempts that failed (errors, rejections, timeouts, bulkhead). */
  failures: number;
  shortCircuited: number;
  bulkheadRejected: number;
  /** Retries the retry budget refused. */
  budgetDenied: number;
  breakerOpened: number;
  /** Time the breaker spent open or half-open, ms (measured period). */
  breakerOpenMs: number;
}

/** A shedding dimmer's story: when it dimmed and brightened. */
export interface SheddingResult {
  service: string;
  signal: string;
  /** (time ms, level) at each change; level k sheds the first k priorities in `levels`. */
  changes: { t: number; level: number }[];
  levels: string[];
  /** Time spent shedding something within the measured period (after warmup), ms. */
  shedMs: number;
}

/** Per-bucket counts of one feature (requests unless named users). */
export interface FeatureSeries {
  arrivals: number[]; succeeded: number[]; failed: number[]; degraded: number[]; shed: number[];
  /** Requests given up on, counted when the user gave up. */
  abandoned: number[];
  /** Requests good for the SLO (see FeatureResult.sloGood); SLO events in a bucket are succeeded + failed + abandoned. */
  sloGood: number[];
  late: number[];
  latencyMeanMs: (number | null)[];
  /**
   * p95 end-to-end latency of the requests served (succeeded) in each bucket, ms, null where none
   * were: within 1/256 (0.4%) of the exact p95 (nearest rank) of those requests, from the run's
   * latency histogram (src/metrics/histogram.ts).
   */
  latencyP95Ms: (number | null)[];
  /** User intents by the bucket they began (arrived) or ended (each class), and their conversion-weighted served counts. */
  users: {
    arrived: number[]; succeeded: number[]; degraded: number[]; stale: number[]; failed: number[]; abandoned: number[];
    shed: number[]; rateLimited: number[];
    converted: { succeeded: number[]; degraded: number[]; stale: number[] };
  };
  /**
   * Bad requests (failed, degraded, stale, abandoned) by the service of their origin, counted
   * when their origin became known; only services that were ever an origin of this feature.
   */
  badBy: Record<string, number[]>;
}

export interface SeriesResult {
  /** Width of each bucket, ms. */
  bucketMs: number;
  /** Start time of each bucket, ms from the start of the run (warmup included). */
  t: number[];
  features: Record<string, FeatureSeries>;
  services: Record<string, {
    /** Requests that reached the service (past its cache), by the bucket they arrived in. */
    arrivals: number[];
    utilization: number[]; meanQueueLength: number[]; rejected: number[]; errors: number[];
    capacity: number[]; instances: number[]; cacheHitRatio: (number | null)[];
  }>;
  edges: Record<string, { attempts: number[]; retries: number[]; timeouts: number[]; failures: number[]; breakerOpenShare: number[] }>;
}

export type RunStatus = 'complete' | 'event-budget' | 'time-budget' | 'memory-budget';

export interface RunResult {
  scenario: string;
  seed: number;
  durationMs: number;
  warmupMs: number;
  /** Events the kernel executed. */
  events: number;
  /** 'complete', or which budget stopped a runaway run early (see `stopReason`). */
  status: RunStatus;
  stopReason?: string;
  /** Simulated time reached, ms (equals durationMs when complete). */
  endMs: number;
  features: Record<string, FeatureResult>;
  services: Record<string, ServiceResult>;
  /** Edges with any traffic or any policy; all user edges. */
  edges: Record<string, EdgeResult>;
  shedding: SheddingResult[];
  series: SeriesResult;
}
