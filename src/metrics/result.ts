/** The result of one run: plain JSON-able data, times in milliseconds. */

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
  /** End-to-end latency of succeeded requests. */
  latencyMs: LatencySummary;
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
}

export interface SeriesResult {
  /** Width of each bucket, ms. */
  bucketMs: number;
  /** Start time of each bucket, ms from the start of the run (warmup included). */
  t: number[];
  features: Record<string, { arrivals: number[]; succeeded: number[]; failed: number[]; latencyMeanMs: (number | null)[] }>;
  services: Record<string, { utilization: number[]; meanQueueLength: number[]; rejected: number[] }>;
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
  series: SeriesResult;
}
