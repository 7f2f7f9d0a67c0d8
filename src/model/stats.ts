import { LogHistogram } from '../metrics/histogram.js';
import { Levels } from '../metrics/levels.js';
import { BucketSeries, bucketWidth } from '../metrics/series.js';

/** Rows per feature in the event series. */
export const F_ARRIVALS = 0, F_SUCCEEDED = 1, F_FAILED = 2, F_LATENCY_SUM = 3, F_ROWS = 4;

/**
 * Everything the model measures, excluding warmup: requests count only if they arrived after
 * warmup, time averages run over [warmup, end]. Memory is fixed by the number of features,
 * services and buckets, never by the number of requests.
 */
export class Stats {
  readonly fArrivals: Float64Array;
  readonly fSucceeded: Float64Array;
  readonly fFailed: Float64Array;
  readonly latency: LogHistogram[];
  readonly sArrivals: Float64Array;
  readonly sCompleted: Float64Array;
  readonly sFailed: Float64Array;
  readonly sRejected: Float64Array;
  readonly wait: LogHistogram[];
  readonly sojourn: LogHistogram[];
  /** Busy workers and waiting requests per service, integrated over time. */
  readonly busy: Levels;
  readonly queued: Levels;
  /** Areas at the start of measurement and at the last series tick. */
  readonly busyAt0: Float64Array;
  readonly queuedAt0: Float64Array;
  private readonly busyAtTick: Float64Array;
  private readonly queuedAtTick: Float64Array;
  /** Per-feature event counts and latency sums by bucket (rows: F_ROWS per feature). */
  readonly events: BucketSeries;
  /** Per-service busy area, queue area and rejections by bucket (3 rows per service). */
  readonly levels: BucketSeries;

  constructor(features: number, services: number, readonly warmup: number, readonly end: number) {
    this.fArrivals = new Float64Array(features);
    this.fSucceeded = new Float64Array(features);
    this.fFailed = new Float64Array(features);
    this.latency = Array.from({ length: features }, () => new LogHistogram());
    this.sArrivals = new Float64Array(services);
    this.sCompleted = new Float64Array(services);
    this.sFailed = new Float64Array(services);
    this.sRejected = new Float64Array(services);
    this.wait = Array.from({ length: services }, () => new LogHistogram());
    this.sojourn = Array.from({ length: services }, () => new LogHistogram());
    this.busy = new Levels(services);
    this.queued = new Levels(services);
    this.busyAt0 = new Float64Array(services);
    this.queuedAt0 = new Float64Array(services);
    this.busyAtTick = new Float64Array(services);
    this.queuedAtTick = new Float64Array(services);
    const width = bucketWidth(end - warmup);
    this.events = new BucketSeries(features * F_ROWS, warmup, end, width);
    this.levels = new BucketSeries(services * 3, warmup, end, width);
  }

  /** Marks the start of measurement: time integrals restart from here. */
  startMeasuring(now: number): void {
    this.busy.flush(now);
    this.queued.flush(now);
    this.busyAt0.set(this.busy.area);
    this.queuedAt0.set(this.queued.area);
    this.busyAtTick.set(this.busy.area);
    this.queuedAtTick.set(this.queued.area);
  }

  /** Closes series bucket `b` at time `now`: moves the level areas gathered since the last tick into it. */
  closeBucket(b: number, now: number): void {
    this.busy.flush(now);
    this.queued.flush(now);
    const n = this.levels.buckets;
    for (let s = 0; s < this.busyAtTick.length; s++) {
      this.levels.values[(s * 3) * n + b] = this.busy.area[s] - this.busyAtTick[s];
      this.levels.values[(s * 3 + 1) * n + b] = this.queued.area[s] - this.queuedAtTick[s];
    }
    this.busyAtTick.set(this.busy.area);
    this.queuedAtTick.set(this.queued.area);
  }

  featureOutcome(f: number, sent: number, now: number, ok: boolean): void {
    if (sent < this.warmup) return;
    if (ok) {
      this.fSucceeded[f]++;
      this.latency[f].add(now - sent);
      this.events.add(f * F_ROWS + F_SUCCEEDED, now, 1);
      this.events.add(f * F_ROWS + F_LATENCY_SUM, now, now - sent);
    } else {
      this.fFailed[f]++;
      this.events.add(f * F_ROWS + F_FAILED, now, 1);
    }
  }
}
