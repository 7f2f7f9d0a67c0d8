/** The result of one run: plain JSON-able data, times in milliseconds. */
import type { ReasonName } from './reasons.js';

export interface LatencySummary {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface FeatureResult {
  /** Requests that arrived after warmup. */
  arrivals: number;
  succeeded: number;
  failed: number;
  /** Measured requests still unfinished when the run ended (arrivals = succeeded + failed + inFlight). */
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
   * Where bad outcomes started: `failed` counts every failed request by the reason it failed and
   * the service where that happened (they add up to `failed`); `degraded` does the same for
   * degraded answers. Most frequent first; causes that never happened are left out.
   */
  causes: { failed: CauseCount[]; degraded: CauseCount[] };
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

export interface SeriesResult {
  /** Width of each bucket, ms. */
  bucketMs: number;
  /** Start time of each bucket, ms from the start of the run (warmup included). */
  t: number[];
  features: Record<string, { arrivals: number[]; succeeded: number[]; failed: number[]; degraded: number[]; shed: number[]; latencyMeanMs: (number | null)[] }>;
  services: Record<string, {
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
