import { HistogramMark, LogHistogram } from '../metrics/histogram.js';
import { Levels } from '../metrics/levels.js';
import { BucketSeries, bucketWidth } from '../metrics/series.js';
import type { Breakers } from './breaker.js';
import { DEGRADED, STALE } from './jobs.js';
import { REASONS } from './reasons.js';
import type { UserStats } from './user-stats.js';

/** Rows per feature in the event series. */
export const F_ARRIVALS = 0, F_SUCCEEDED = 1, F_FAILED = 2, F_LATENCY_SUM = 3, F_DEGRADED = 4, F_SHED = 5, F_ROWS = 6;
/** Rows per service in the level series (areas are moved in at each tick). */
export const S_BUSY = 0, S_QUEUE = 1, S_CAPACITY = 2, S_INSTANCES = 3, S_REJECTED = 4, S_ERRORS = 5, S_HITS = 6, S_MISSES = 7, S_ARRIVALS = 8, S_ROWS = 9;
/** Rows per call edge. */
export const E_ATTEMPTS = 0, E_RETRIES = 1, E_TIMEOUTS = 2, E_FAILURES = 3, E_OPEN_MS = 4, E_ROWS = 5;

const counters = (n: number) => new Float64Array(n);
const histograms = (n: number) => Array.from({ length: n }, () => new LogHistogram());

/**
 * Everything the model measures, excluding warmup: requests count only if they are measured
 * (their user arrived, or their message was enqueued, after warmup: see MEASURED in jobs.ts),
 * time averages run over [warmup, end]. Memory is fixed by the number of features,
 * services, edges and buckets, never by the number of requests.
 */
export class Stats {
  /** What users got (user-stats.ts), wired by the model: here so every part that measures can reach it. */
  users!: UserStats;
  readonly fArrivals: Float64Array; readonly fSucceeded: Float64Array; readonly fFailed: Float64Array;
  readonly fDegraded: Float64Array; readonly fStale: Float64Array; readonly fShed: Float64Array;
  readonly fRateLimited: Float64Array; readonly fAbandoned: Float64Array;
  /**
   * Measured user requests by feature and origin: failed ones by why they failed, degraded ones
   * by why they are degraded, stale ones by what the stale answer stood in for, abandoned ones by
   * what they met after their user gave up (see users.ts).
   */
  readonly fFailedBy: Float64Array; readonly fDegradedBy: Float64Array; readonly fStaleBy: Float64Array; readonly fAbandonedBy: Float64Array;
  /** Packed causes per feature (services × REASONS): the stride of fFailedBy and fDegradedBy. */
  readonly causes: number;
  readonly latency: LogHistogram[];
  readonly sArrivals: Float64Array; readonly sCompleted: Float64Array; readonly sFailed: Float64Array;
  readonly sRejected: Float64Array; readonly sErrors: Float64Array; readonly sExpired: Float64Array;
  readonly sLost: Float64Array; readonly sDeadLettered: Float64Array; readonly sDelivered: Float64Array;
  readonly sWasted: Float64Array; readonly sHung: Float64Array; readonly sStaleServed: Float64Array;
  readonly sHits: Float64Array; readonly sMisses: Float64Array;
  readonly wait: LogHistogram[]; readonly sojourn: LogHistogram[]; readonly messageDelay: LogHistogram[];
  readonly eAttempts: Float64Array; readonly eRetries: Float64Array; readonly eTimeouts: Float64Array;
  readonly eFailures: Float64Array; readonly eShortCircuited: Float64Array; readonly eBulkheadRejected: Float64Array;
  readonly eBudgetDenied: Float64Array;
  /** Breakers' openings and time open at the start of measurement (warmup is left out of reports). */
  readonly opened0: Float64Array; readonly openMs0: Float64Array;
  /** Each breaker's total time open at the last series tick. */
  private readonly openAtTick: Float64Array;
  /** Busy workers, waiting requests, worker capacity and instances per service, integrated over time. */
  readonly levels: Levels[];
  readonly busy: Levels;
  readonly queued: Levels;
  readonly capacity: Levels;
  readonly instances: Levels;
  /** Areas at the start of measurement and at the last series tick, per level kind. */
  readonly at0: Float64Array[];
  private readonly atTick: Float64Array[];
  /** Per-feature event counts and latency sums by bucket. */
  readonly fSeries: BucketSeries;
  /**
   * Each feature's p95 latency of the requests served in each bucket (NaN where none were): read
   * off `latency` as each bucket closes (LogHistogram.quantileSince), so within 1/256 of the
   * exact p95 of those requests, and the request path pays nothing for it.
   */
  readonly fLatencyP95: BucketSeries;
  /** Where each feature's `latency` stood at the last tick. */
  private readonly latencyMarks: HistogramMark[];
  /** Per-service level areas and counts by bucket. */
  readonly sSeries: BucketSeries;
  /** Per-edge counts by bucket. */
  readonly eSeries: BucketSeries;
  /**
   * Series rows filled from counters at each tick (the counter's growth since the last tick), so
   * the request path only bumps counters and never touches a series.
   */
  private readonly fromCounters: { series: BucketSeries; rows: number; row: number; read: (i: number) => number; last: Float64Array }[];

  constructor(features: number, readonly services: number, edges: number, readonly warmup: number, readonly end: number) {
    [this.fArrivals, this.fSucceeded, this.fFailed, this.fDegraded, this.fStale, this.fShed, this.fRateLimited, this.fAbandoned] =
      Array.from({ length: 8 }, () => counters(features));
    this.causes = services * REASONS;
    [this.fFailedBy, this.fDegradedBy, this.fStaleBy, this.fAbandonedBy] = Array.from({ length: 4 }, () => counters(features * this.causes));
    this.latency = histograms(features);
    [this.sArrivals, this.sCompleted, this.sFailed, this.sRejected, this.sErrors, this.sExpired, this.sLost,
      this.sDeadLettered, this.sDelivered, this.sWasted, this.sHung, this.sStaleServed, this.sHits, this.sMisses] =
      Array.from({ length: 14 }, () => counters(services));
    this.wait = histograms(services);
    this.sojourn = histograms(services);
    this.messageDelay = histograms(services);
    [this.eAttempts, this.eRetries, this.eTimeouts, this.eFailures, this.eShortCircuited, this.eBulkheadRejected,
      this.eBudgetDenied, this.opened0, this.openMs0, this.openAtTick] = Array.from({ length: 10 }, () => counters(edges));
    this.levels = Array.from({ length: 4 }, () => new Levels(services));
    [this.busy, this.queued, this.capacity, this.instances] = [S_BUSY, S_QUEUE, S_CAPACITY, S_INSTANCES].map((k) => this.levels[k]);
    this.at0 = Array.from({ length: 4 }, () => new Float64Array(services));
    this.atTick = Array.from({ length: 4 }, () => new Float64Array(services));
    const width = bucketWidth(end - warmup);
    this.fSeries = new BucketSeries(features * F_ROWS, warmup, end, width);
    this.fLatencyP95 = new BucketSeries(features, warmup, end, width);
    this.fLatencyP95.values.fill(NaN);
    this.latencyMarks = Array.from({ length: features }, () => new HistogramMark());
    this.sSeries = new BucketSeries(services * S_ROWS, warmup, end, width);
    this.eSeries = new BucketSeries(edges * E_ROWS, warmup, end, width);
    const from = (series: BucketSeries, rows: number, row: number, n: number, read: (i: number) => number) =>
      ({ series, rows, row, read, last: new Float64Array(n) });
    const arr = (a: Float64Array) => (i: number) => a[i];
    this.fromCounters = [
      from(this.fSeries, F_ROWS, F_ARRIVALS, features, arr(this.fArrivals)),
      from(this.fSeries, F_ROWS, F_SUCCEEDED, features, arr(this.fSucceeded)),
      from(this.fSeries, F_ROWS, F_FAILED, features, arr(this.fFailed)),
      from(this.fSeries, F_ROWS, F_DEGRADED, features, arr(this.fDegraded)),
      from(this.fSeries, F_ROWS, F_SHED, features, arr(this.fShed)),
      from(this.fSeries, F_ROWS, F_LATENCY_SUM, features, (f) => this.latency[f].sum),
      from(this.sSeries, S_ROWS, S_ARRIVALS, services, arr(this.sArrivals)),
      from(this.sSeries, S_ROWS, S_REJECTED, services, arr(this.sRejected)),
      from(this.sSeries, S_ROWS, S_ERRORS, services, arr(this.sErrors)),
      from(this.sSeries, S_ROWS, S_HITS, services, arr(this.sHits)),
      from(this.sSeries, S_ROWS, S_MISSES, services, arr(this.sMisses)),
      from(this.eSeries, E_ROWS, E_ATTEMPTS, edges, arr(this.eAttempts)),
      from(this.eSeries, E_ROWS, E_RETRIES, edges, arr(this.eRetries)),
      from(this.eSeries, E_ROWS, E_TIMEOUTS, edges, arr(this.eTimeouts)),
      from(this.eSeries, E_ROWS, E_FAILURES, edges, arr(this.eFailures)),
    ];
  }


  /** Marks the start of measurement: time integrals and breaker times restart from here. */
  startMeasuring(now: number, breakers: Breakers): void {
    this.levels.forEach((lv, k) => {
      lv.flush(now);
      this.at0[k].set(lv.area);
      this.atTick[k].set(lv.area);
    });
    for (let e = 0; e < this.opened0.length; e++) {
      this.opened0[e] = breakers.opened[e];
      this.openMs0[e] = this.openAtTick[e] = breakers.openMs(e, now);
    }
  }

  /** Area of level kind `k` for service `s` over the measured period so far (call flushAll first). */
  measuredArea(k: number, s: number): number {
    return this.levels[k].area[s] - this.at0[k][s];
  }

  flushAll(now: number): void {
    for (const lv of this.levels) lv.flush(now);
  }

  /**
   * Closes series bucket `b` at time `now`: level areas, counter growth, each feature's p95
   * latency and each breaker's time open since the last tick.
   */
  closeBucket(b: number, now: number, breakers: Breakers): void {
    const n = this.sSeries.buckets;
    this.levels.forEach((lv, k) => {
      lv.flush(now);
      for (let s = 0; s < this.services; s++) {
        this.sSeries.values[(s * S_ROWS + k) * n + b] = lv.area[s] - this.atTick[k][s];
      }
      this.atTick[k].set(lv.area);
    });
    for (const c of this.fromCounters) {
      const nb = c.series.buckets;
      for (let i = 0; i < c.last.length; i++) {
        const now = c.read(i);
        c.series.values[(i * c.rows + c.row) * nb + b] += now - c.last[i];
        c.last[i] = now;
      }
    }
    const p95 = this.fLatencyP95;
    for (let f = 0; f < this.latencyMarks.length; f++) {
      p95.values[f * p95.buckets + b] = this.latency[f].quantileSince(0.95, this.latencyMarks[f]);
    }
    const ne = this.eSeries.buckets;
    for (let e = 0; e < this.openAtTick.length; e++) {
      const open = breakers.openMs(e, now);
      this.eSeries.values[(e * E_ROWS + E_OPEN_MS) * ne + b] = open - this.openAtTick[e];
      this.openAtTick[e] = open;
    }
  }

  /**
   * A measured user request of feature `f`, sent at `sent`, ended now with its user waiting: a
   * success (`flags`: job flag bits for degraded and stale, `cause` why it is degraded, or else
   * why it is stale) or a failure (`cause` why).
   */
  featureOutcome(f: number, sent: number, now: number, ok: boolean, flags: number, cause: number): void {
    if (ok) {
      this.fSucceeded[f]++;
      this.latency[f].add(now - sent);
      if (flags & DEGRADED) { this.fDegraded[f]++; if (cause >= 0) this.fDegradedBy[f * this.causes + cause]++; }
      if (flags & STALE) { this.fStale[f]++; if (!(flags & DEGRADED) && cause >= 0) this.fStaleBy[f * this.causes + cause]++; }
    } else {
      this.fFailed[f]++;
      if (cause >= 0) this.fFailedBy[f * this.causes + cause]++;
    }
  }
}
